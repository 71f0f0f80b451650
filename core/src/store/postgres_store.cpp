// The PostgreSQL store, shared by several candor processes: the SQLite schema (plus a table of
// keys being screened right now), migrated under an advisory lock, prepared statements on a pool
// of connections (one per concurrent caller, so each worker has its own), one transaction per
// write group on each connection with a savepoint per candidate.
#include <pqxx/pqxx>

#include <chrono>
#include <mutex>
#include <vector>

#include "candor/error.hpp"
#include "candor/store.hpp"
#include "store_url.hpp"

namespace candor {

namespace {

// Each entry migrates from version i to i + 1. Never edit a shipped step: add a new one. Keys
// and payloads are bytes (applicants' text need not be UTF-8); names are display text.
const char* const kMigrations[] = {
    // 0 → 1: candidates screened.
    "CREATE TABLE candidates ("
    "  id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',"
    "  screened_at BIGINT NOT NULL, band TEXT NOT NULL DEFAULT '',"
    "  probability DOUBLE PRECISION NOT NULL DEFAULT 0);",
    // 1 → 2: what plugins remember about each candidate; seq orders scans and polling.
    "CREATE TABLE items ("
    "  seq BIGSERIAL PRIMARY KEY,"
    "  candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL, key BYTEA NOT NULL, payload BYTEA NOT NULL DEFAULT '');"
    "CREATE INDEX items_by_key ON items(kind, key);"
    "CREATE INDEX items_by_candidate ON items(candidate_id);"
    "CREATE INDEX items_by_kind ON items(kind, seq);",
    // 2 → 3: date of birth, to tell a different identity from the same person.
    "ALTER TABLE candidates ADD COLUMN date_of_birth TEXT NOT NULL DEFAULT '';",
    // 3 → 4: keys registered by candidates being screened, committed at once so that another
    // process screening a candidate with the same key finds them before their record commits.
    // Unlogged: they matter for minutes, so they are neither written to the WAL nor replicated
    // (a crashed server starts with none).
    "CREATE UNLOGGED TABLE recent_keys ("
    "  seq BIGSERIAL PRIMARY KEY, key BYTEA NOT NULL, candidate_id TEXT NOT NULL,"
    "  name TEXT NOT NULL DEFAULT '', date_of_birth TEXT NOT NULL DEFAULT '',"
    "  at TIMESTAMPTZ NOT NULL DEFAULT now());"
    "CREATE INDEX recent_keys_by_key ON recent_keys(key);"
    "CREATE INDEX recent_keys_by_at ON recent_keys(at);"
    "CREATE INDEX recent_keys_by_candidate ON recent_keys(candidate_id);",
    // 4 → 5: a key's holders in the order find() lists them, so a limited find reads only the
    // rows it returns however many candidates share the key.
    "CREATE INDEX items_by_key_seq ON items(kind, key, seq);"
    "DROP INDEX items_by_key;",
};
constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);
// pg_advisory_xact_lock key of candor's migrations ("candor" in ASCII).
constexpr long long kMigrationLock = 0x63616e646f72LL;
constexpr std::size_t kScanPage = 5000;

// PostgreSQL text must be UTF-8: invalid bytes of display text become U+FFFD.
std::string utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size() && c != 0;
    for (std::size_t k = 1; ok && k < n; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && n == 2) ok = c >= 0xC2;
    if (ok && n == 3) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && n == 4) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

std::string hex(std::string_view bytes) {
  static const char* const kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

// A PostgreSQL array literal of quoted elements.
std::string array_literal(const std::vector<std::string>& elements) {
  std::string out = "{";
  for (const auto& e : elements) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char ch : e) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  return out + "}";
}

pqxx::binarystring bytes(std::string_view s) { return pqxx::binarystring(s.data(), s.size()); }

std::string bytes_of(const pqxx::field& f) {
  const pqxx::binarystring b(f);
  return std::string(b.get(), b.size());
}

void prepare_statements(pqxx::connection& c) {
  // A row lock is never awaited for long: see PostgresStore::record.
  pqxx::nontransaction(c).exec("SET lock_timeout = '2s'");
  c.prepare("upsert_candidate",
            "INSERT INTO candidates(id, name, screened_at, band, probability, date_of_birth) "
            "VALUES($1, $2, $3, $4, $5, $6) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
            "screened_at = excluded.screened_at, band = excluded.band, "
            "probability = excluded.probability, date_of_birth = excluded.date_of_birth");
  // Runs after the upsert has locked the candidate's row, so a concurrent re-screening of the
  // same id on another process has committed its items and they are replaced, not doubled.
  c.prepare("replace_items",
            "WITH gone AS (DELETE FROM items WHERE candidate_id = $1) "
            "INSERT INTO items(candidate_id, kind, key, payload) "
            "SELECT $1, k, decode(ky, 'hex'), decode(p, 'hex') "
            "FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(k, ky, p, n) "
            "ORDER BY n");
  const std::string columns =
      "SELECT i.candidate_id, c.name, c.date_of_birth, i.key, i.payload, i.seq FROM items i "
      "JOIN candidates c ON c.id = i.candidate_id ";
  c.prepare("find_items", columns + "WHERE i.kind = $1 AND i.key = $2 ORDER BY i.seq LIMIT $3");
  c.prepare("scan_items", columns + "WHERE i.kind = $1 AND i.seq > $2 ORDER BY i.seq LIMIT " +
                              std::to_string(kScanPage));
  c.prepare("get_candidate",
            "SELECT id, name, screened_at, band, probability, date_of_birth FROM candidates "
            "WHERE id = $1");
  c.prepare("count_candidates", "SELECT count(*) FROM candidates");
  c.prepare("delete_candidate", "DELETE FROM candidates WHERE id = $1");
  c.prepare("delete_recent", "DELETE FROM recent_keys WHERE candidate_id = $1");
  c.prepare("adopt_record",
            "INSERT INTO candidates(id, name, screened_at, band, probability, date_of_birth) "
            "SELECT $2, name, screened_at, '', 0, date_of_birth FROM candidates WHERE id = $1 "
            "ON CONFLICT(id) DO NOTHING");
  c.prepare("drop_merged_items", "DELETE FROM items i WHERE i.candidate_id = $1 AND (i.kind = '" +
                                     std::string(kVerdictItemKind) +
                                     "' OR EXISTS (SELECT 1 FROM items s WHERE s.candidate_id = $2 "
                                     "AND s.kind = i.kind AND s.key = i.key))");
  c.prepare("move_items", "UPDATE items SET candidate_id = $2 WHERE candidate_id = $1");
  c.prepare("claim_keys",
            "INSERT INTO recent_keys(key, candidate_id, name, date_of_birth) "
            "SELECT decode(k, 'hex'), $2, $3, $4 FROM unnest($1::text[]) AS k");
  c.prepare("claimed_keys",
            "SELECT r.key, r.candidate_id, r.name, r.date_of_birth FROM recent_keys r "
            "WHERE r.key IN (SELECT decode(k, 'hex') FROM unnest($1::text[]) AS k) "
            "AND r.candidate_id <> $2 AND r.at > now() - interval '10 minutes' ORDER BY r.seq");
  c.prepare("prune_recent", "DELETE FROM recent_keys WHERE at < now() - interval '10 minutes'");
}

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(std::string uri) : uri_(std::move(uri)), name_(display_url(uri_)) {
    auto conn = acquire();
    guard([&] { migrate(conn->db); });
    prepare_statements(conn->db);
    conn->prepared = true;
  }

  ~PostgresStore() override {
    try {
      commit_group();
    } catch (...) {  // a destructor must not throw; what was not committed is rolled back
    }
  }

  void record(const CandidateRecord& c, const std::vector<ItemWrite>& items) override {
    std::vector<std::string> kinds, keys, payloads;
    for (const auto& item : items) {
      kinds.push_back(utf8(item.kind));
      keys.push_back(hex(item.key));
      payloads.push_back(hex(item.payload));
    }
    const std::string id = utf8(c.id);
    const auto k = array_literal(kinds), ky = array_literal(keys), p = array_literal(payloads);
    auto write = [&](pqxx::transaction_base& tx) {
      tx.exec_prepared("upsert_candidate", id, utf8(c.name), static_cast<long long>(c.screened_at),
                       utf8(c.band), c.probability, utf8(c.date_of_birth));
      tx.exec_prepared("replace_items", id, k, ky, p);
    };
    // A row lock held by a write group elsewhere in this process (a candidate twice in one
    // block) would wait for a commit that only comes after this record: the wait times out,
    // the idle groups commit, and the record is tried again.
    for (int attempt = 0;; ++attempt) {
      try {
        record_once(write);
        return;
      } catch (const LockTimeout&) {
        if (attempt == 4) throw StoreError(name_ + ": candidate " + id + " stays locked");
        commit_idle_groups();
      }
    }
  }

  void begin_group() override {
    std::lock_guard lock(pool_mutex_);
    if (group_open_) throw StoreError(name_ + ": a write group is already open");
    group_open_ = true;
  }

  void commit_group() override {
    std::vector<std::shared_ptr<Connection>> all;
    {
      std::lock_guard lock(pool_mutex_);
      if (!group_open_) return;
      group_open_ = false;
      all = all_;
    }
    std::string failure;
    for (const auto& conn : all) {
      std::lock_guard lock(conn->mutex);
      if (conn->lost_group) failure = "the connection was lost: part of a write group is lost";
      conn->lost_group = false;
      if (!conn->group) continue;
      try {
        conn->group->commit();
      } catch (const std::exception& e) {
        failure = e.what();
        conn->broken = true;
      }
      conn->group.reset();
    }
    if (!failure.empty()) throw StoreError(name_ + ": commit failed: " + one_line(failure));
  }

  std::vector<StoredItem> find_items(std::string_view kind, std::string_view key,
                                     std::size_t limit) const override {
    std::vector<StoredItem> out;
    read([&](pqxx::transaction_base& tx) {
      for (const auto& row :
           tx.exec_prepared("find_items", utf8(kind), bytes(key), static_cast<std::int64_t>(limit)))
        out.push_back(item_from(row));
    });
    return out;
  }

  void scan(std::string_view kind,
            const std::function<void(const StoredItem&)>& visit) const override {
    scan_after(kind, 0, [&](const StoredItem& item, std::int64_t) { visit(item); });
  }

  void scan_after(
      std::string_view kind, std::int64_t after,
      const std::function<void(const StoredItem&, std::int64_t)>& visit) const override {
    // Keyset pages: a large store is never held in memory at once.
    long long last = after;
    for (;;) {
      pqxx::result page;
      read([&](pqxx::transaction_base& tx) {
        page = tx.exec_prepared("scan_items", utf8(kind), last);
      });
      for (const auto& row : page) visit(item_from(row), row[5].as<std::int64_t>());
      if (page.size() < kScanPage) return;
      last = page[page.size() - 1][5].as<long long>();
    }
  }

  std::optional<CandidateRecord> candidate(std::string_view id) const override {
    std::optional<CandidateRecord> out;
    read([&](pqxx::transaction_base& tx) {
      const auto r = tx.exec_prepared("get_candidate", utf8(id));
      if (r.empty()) return;
      const auto row = r[0];
      out = CandidateRecord{row[0].as<std::string>(), row[1].as<std::string>(),
                            row[5].as<std::string>(), row[2].as<std::int64_t>(),
                            row[3].as<std::string>(), row[4].as<double>()};
    });
    return out;
  }

  std::int64_t candidate_count() const override {
    std::int64_t n = 0;
    read([&](pqxx::transaction_base& tx) {
      n = tx.exec_prepared("count_candidates")[0][0].as<std::int64_t>();
    });
    return n;
  }

  bool forget(std::string_view id) override {
    if (group_open()) throw StoreError(name_ + ": forget inside a write group");
    bool removed = false;
    auto conn = acquire();
    guard(
        [&] {
          pqxx::work tx(conn->db);
          const std::string key = utf8(id);
          removed = tx.exec_prepared("delete_candidate", key).affected_rows() > 0;  // items cascade
          tx.exec_prepared("delete_recent", key);
          tx.commit();
        },
        conn.get());
    return removed;
  }

  bool merge(std::string_view from, std::string_view into) override {
    if (group_open()) throw StoreError(name_ + ": merge inside a write group");
    bool merged = false;
    auto conn = acquire();
    guard(
        [&] {
          pqxx::work tx(conn->db);
          const std::string a = utf8(from), b = utf8(into);
          if (a == b) {
            merged = !tx.exec_prepared("get_candidate", a).empty();
            return;
          }
          for (const char* step : {"adopt_record", "drop_merged_items", "move_items"})
            tx.exec_prepared(step, a, b);
          merged = tx.exec_prepared("delete_candidate", a).affected_rows() > 0;
          tx.exec_prepared("delete_recent", a);
          tx.commit();
        },
        conn.get());
    return merged;
  }

  int schema_version() const override {
    int version = 0;
    read([&](pqxx::transaction_base& tx) { version = stored_version(tx); });
    return version;
  }

  std::vector<StoredItem> claim_keys(const CandidateRecord& holder,
                                     const std::vector<std::string>& keys) const override {
    std::vector<StoredItem> out;
    if (keys.empty()) return out;
    std::vector<std::string> hexed;
    for (const auto& k : keys) hexed.push_back(hex(k));
    const auto list = array_literal(hexed);
    const std::string id = utf8(holder.id);
    auto conn = acquire(claim_idle_);
    guard(
        [&] {
          // Two statements in autocommit: the claim commits before the lookup starts, so of two
          // processes claiming one key at the same moment the later lookup sees the earlier claim.
          pqxx::nontransaction tx(conn->db);
          if (!conn->asynchronous) {
            // Visible to others at commit all the same; only the wait for the disk goes.
            tx.exec("SET synchronous_commit = off");
            conn->asynchronous = true;
          }
          tx.exec_prepared("claim_keys", list, id, utf8(holder.name), utf8(holder.date_of_birth));
          for (const auto& row : tx.exec_prepared("claimed_keys", list, id))
            out.push_back({row[1].as<std::string>(), row[2].as<std::string>(),
                           row[3].as<std::string>(), bytes_of(row[0]), ""});
          if (++conn->claims % 4096 == 0) tx.exec_prepared("prune_recent");
        },
        conn.get());
    return out;
  }

 private:
  static constexpr std::chrono::seconds kMaxGroupOpen{1};
  struct LockTimeout {};

  static bool is_lock_timeout(const pqxx::sql_error& e) { return e.sqlstate() == "55P03"; }

  template <typename Write>
  void record_once(const Write& write) {
    auto conn = acquire();
    guard(
        [&] {
          if (!group_open()) {
            try {
              pqxx::work tx(conn->db);
              write(tx);
              tx.commit();
            } catch (const pqxx::sql_error& e) {
              if (is_lock_timeout(e)) throw LockTimeout{};
              throw;
            }
            return;
          }
          if (conn->group &&
              std::chrono::steady_clock::now() - conn->group_started > kMaxGroupOpen) {
            auto open = std::move(conn->group);
            conn->lost_group = true;  // until the commit below is through
            open->commit();
            conn->lost_group = false;
          }
          if (!conn->group) {
            conn->group = std::make_unique<pqxx::work>(conn->db);
            conn->group_started = std::chrono::steady_clock::now();
          }
          // A savepoint per candidate: a failed record is undone alone, the group goes on.
          pqxx::work& tx = *conn->group;
          tx.exec("SAVEPOINT candidate");
          try {
            write(tx);
          } catch (const pqxx::broken_connection&) {
            throw;
          } catch (const pqxx::sql_error& e) {
            tx.exec("ROLLBACK TO SAVEPOINT candidate");
            if (is_lock_timeout(e)) throw LockTimeout{};
            throw;
          } catch (...) {
            tx.exec("ROLLBACK TO SAVEPOINT candidate");
            throw;
          }
          tx.exec("RELEASE SAVEPOINT candidate");
        },
        conn.get());
  }

  // Commits the write-group transactions of connections nobody is using right now.
  void commit_idle_groups() {
    std::vector<std::shared_ptr<Connection>> all;
    {
      std::lock_guard lock(pool_mutex_);
      all = all_;
    }
    for (const auto& conn : all) {
      std::unique_lock lock(conn->mutex, std::try_to_lock);
      if (!lock || !conn->group) continue;
      try {
        conn->group->commit();
      } catch (const std::exception&) {
        conn->broken = true;
        conn->lost_group = true;
      }
      conn->group.reset();
    }
  }

  struct Connection {
    explicit Connection(const std::string& uri) : db(uri) {}
    std::mutex mutex;  // held by the one caller using it, or by commit_group
    pqxx::connection db;
    bool prepared = false;
    bool broken = false;
    bool lost_group = false;
    bool asynchronous = false;  // claims do not wait for the WAL flush
    std::unique_ptr<pqxx::work> group;
    std::chrono::steady_clock::time_point group_started;
    unsigned long claims = 0;
  };

  // A connection lent to one caller and given back to the pool when done.
  struct Lease {
    const PostgresStore* store;
    std::shared_ptr<Connection> conn;
    std::unique_lock<std::mutex> lock;
    std::vector<std::shared_ptr<Connection>>* pool;
    ~Lease() {
      lock.unlock();
      store->give_back(std::move(conn), *pool);
    }
    Connection* operator->() const { return conn.get(); }
    Connection* get() const { return conn.get(); }
  };

  // Claims commit at once, so they never share a connection with an open write group.
  Lease acquire() const { return acquire(idle_); }
  Lease acquire(std::vector<std::shared_ptr<Connection>>& pool) const {
    std::shared_ptr<Connection> conn;
    {
      std::lock_guard lock(pool_mutex_);
      if (!pool.empty()) {
        conn = std::move(pool.back());
        pool.pop_back();
      }
    }
    if (!conn) {
      try {
        conn = std::make_shared<Connection>(uri_);
      } catch (const std::exception& e) {
        throw StoreError(name_ + ": cannot connect: " + one_line(e.what()));
      }
      std::lock_guard lock(pool_mutex_);
      all_.push_back(conn);
    }
    std::unique_lock<std::mutex> lock(conn->mutex);
    if (!conn->prepared && migrated_) {
      try {
        prepare_statements(conn->db);
        conn->prepared = true;
      } catch (const std::exception& e) {
        conn->broken = true;
        Lease drop{this, std::move(conn), std::move(lock), &pool};
        throw StoreError(name_ + ": " + one_line(e.what()));
      }
    }
    return Lease{this, std::move(conn), std::move(lock), &pool};
  }

  void give_back(std::shared_ptr<Connection> conn,
                 std::vector<std::shared_ptr<Connection>>& pool) const {
    std::lock_guard lock(pool_mutex_);
    if (conn->broken) {
      std::erase(all_, conn);
      return;
    }
    pool.push_back(std::move(conn));
  }

  bool group_open() const {
    std::lock_guard lock(pool_mutex_);
    return group_open_;
  }

  // Runs `fn`, translating libpqxx's exceptions; a lost connection is dropped from the pool
  // (the next caller connects afresh) and takes its open write group with it.
  template <typename Fn>
  void guard(Fn&& fn, Connection* conn = nullptr) const {
    try {
      fn();
    } catch (const pqxx::broken_connection& e) {
      if (conn) {
        conn->broken = true;
        if (conn->group) conn->lost_group = true;
        conn->group.reset();
      }
      throw StoreError(name_ + ": connection lost: " + one_line(e.what()));
    } catch (const StoreError&) {
      throw;
    } catch (const std::exception& e) {
      throw StoreError(name_ + ": " + one_line(e.what()));
    }
  }

  // Reads see the caller's own open write group when it holds one on this connection.
  template <typename Fn>
  void read(Fn&& fn) const {
    auto conn = acquire();
    guard(
        [&] {
          if (conn->group) {
            fn(*conn->group);
            return;
          }
          pqxx::nontransaction tx(conn->db);
          fn(tx);
        },
        conn.get());
  }

  static int stored_version(pqxx::transaction_base& tx) {
    const auto r = tx.exec("SELECT version FROM candor_schema");
    return r.empty() ? 0 : r[0][0].as<int>();
  }

  void migrate(pqxx::connection& db) {
    pqxx::work tx(db);
    // Two instances starting at once: the second waits here and finds the work done.
    tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
    tx.exec("CREATE TABLE IF NOT EXISTS candor_schema (version INTEGER NOT NULL)");
    const int found = stored_version(tx);
    if (found > kSchemaVersion)
      throw StoreError(name_ + ": store schema version " + std::to_string(found) +
                       " is newer than this candor (" + std::to_string(kSchemaVersion) + ")");
    for (int v = found; v < kSchemaVersion; ++v) tx.exec(kMigrations[v]);
    if (found == 0)
      tx.exec("INSERT INTO candor_schema VALUES(" + std::to_string(kSchemaVersion) + ")");
    else if (found < kSchemaVersion)
      tx.exec("UPDATE candor_schema SET version = " + std::to_string(kSchemaVersion));
    tx.commit();  // DDL is transactional: all steps or none
    migrated_ = true;
  }

  static StoredItem item_from(const pqxx::row& row) {
    return {row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
            bytes_of(row[3]), bytes_of(row[4])};
  }

  static std::string one_line(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    for (auto& ch : s)
      if (ch == '\n') ch = ' ';
    return s;
  }

  std::string uri_, name_;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::shared_ptr<Connection>> idle_, claim_idle_, all_;
  bool group_open_ = false;
  bool migrated_ = false;
};

}  // namespace

std::unique_ptr<Store> open_postgres_store(const std::string& uri) {
  check_postgres_url(uri);
  return std::make_unique<PostgresStore>(uri);
}

int postgres_schema_version() { return kSchemaVersion; }

}  // namespace candor
