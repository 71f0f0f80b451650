#pragma once
// What candor remembers about everyone screened: a record per candidate and, per candidate,
// items of plugin-defined kinds (photo hashes, face embeddings, normalised identifiers …).
// Screening a candidate replaces everything stored for that id in one transaction.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace candor {

/// One screened candidate as the store remembers them.
struct CandidateRecord {
  std::string id;
  std::string name;
  std::string date_of_birth;
  std::int64_t screened_at = 0;  ///< Unix seconds
  std::string band;              ///< last verdict's band; empty for index entries
  double probability = 0.0;
};

/// An item to remember: `kind` is plugin-defined (e.g. `links.phone`), `key` is indexed for
/// exact lookups, `payload` is opaque bytes (an embedding, a hash, JSON).
struct ItemWrite {
  std::string kind;
  std::string key;
  std::string payload;
};

/// A remembered item together with whose it is.
struct StoredItem {
  std::string candidate_id;
  std::string candidate_name;
  std::string date_of_birth;
  std::string key;
  std::string payload;
};

/// The store interface; implementations are safe to call from several threads.
class Store {
 public:
  virtual ~Store() = default;
  /// Replaces the candidate's record and all its items, atomically.
  virtual void record(const CandidateRecord& candidate, const std::vector<ItemWrite>& items) = 0;
  /// Items of `kind` whose key equals `key`, the earliest first, at most `limit` of them: a key
  /// thousands of candidates share (a company's proxy, a farm's line) stays one bounded read.
  std::vector<StoredItem> find(std::string_view kind, std::string_view key,
                               std::size_t limit = kAllItems) const {
    return find_items(kind, key, limit);
  }
  static constexpr std::size_t kAllItems = static_cast<std::size_t>(INT64_MAX);
  /// Calls `visit` for every item of `kind` (in insertion order).
  virtual void scan(std::string_view kind,
                    const std::function<void(const StoredItem&)>& visit) const = 0;
  /// The record of one candidate, if screened before.
  virtual std::optional<CandidateRecord> candidate(std::string_view id) const = 0;
  /// How many candidates are remembered.
  virtual std::int64_t candidate_count() const = 0;
  /// Removes a candidate and its items; false when unknown.
  virtual bool forget(std::string_view id) = 0;
  /// Re-keys `from`'s items to `into` (an ATS merged two profiles of one person), so the two are
  /// no longer each other's "shared" identifiers: items the survivor already holds and `from`'s
  /// verdict are dropped, `into` is created from `from`'s record when unknown, and `from` goes.
  /// False when `from` is unknown.
  virtual bool merge(std::string_view from, std::string_view into) = 0;
  /// The schema version in use.
  virtual int schema_version() const = 0;

  /// Opens a write group: record() calls until commit_group() share one transaction, so a batch
  /// commits once per block instead of once per candidate. Each record stays atomic on its own.
  /// Reads through this store see grouped records at once, other processes at commit; a group
  /// open for more than a second commits and reopens so other writers are not held up.
  virtual void begin_group() = 0;
  /// Commits the open group; nothing when none is open.
  virtual void commit_group() = 0;

  /// Registers `keys` (opaque, e.g. `links.phone` + key) as held by `holder`, who is being
  /// screened now, and returns the other candidates that registered any of them in the last
  /// ten minutes (StoredItem::key is the key), oldest first. A store shared by several processes
  /// commits the registration before looking, so of two candidates holding one key screened at
  /// the same moment on two instances the later finds the earlier; a store of one process
  /// returns nothing (RecentKeys covers its workers).
  virtual std::vector<StoredItem> claim_keys(const CandidateRecord& holder,
                                             const std::vector<std::string>& keys) const;

  /// Calls `visit` with every item of `kind` at a position after `after`, and its position, in
  /// position order: what other processes added since a poller last looked. Positions grow as
  /// items are added, but a transaction still open may commit a lower one later, so a poller
  /// looks back some way and skips positions it has seen. The default scans everything at
  /// position 0 when `after` is 0, and nothing otherwise.
  virtual void scan_after(std::string_view kind, std::int64_t after,
                          const std::function<void(const StoredItem&, std::int64_t)>& visit) const;

 protected:
  /// find()'s work; `limit` is at most kAllItems.
  virtual std::vector<StoredItem> find_items(std::string_view kind, std::string_view key,
                                             std::size_t limit) const = 0;
};

/// Holds a write group open for a scope: commit() before reporting what was recorded; the
/// destructor commits whatever is left (records are consistent either way).
class WriteGroup {
 public:
  explicit WriteGroup(Store* store) : store_(store) {
    if (store_) store_->begin_group();
  }
  ~WriteGroup() {
    try {
      commit();
    } catch (...) {  // a destructor must not throw; the store stays consistent
    }
  }
  WriteGroup(const WriteGroup&) = delete;
  WriteGroup& operator=(const WriteGroup&) = delete;
  void commit() {
    if (store_) store_->commit_group();
    store_ = nullptr;
  }

 private:
  Store* store_;
};

/// The item kind under which the pipeline keeps each candidate's latest verdict
/// (`candor.verdict/v1` JSON, key = candidate id), recorded atomically with the rest.
inline constexpr std::string_view kVerdictItemKind = "verdict";

/// The latest stored verdict of candidate `id` as `candor.verdict/v1` JSON text, if any.
std::optional<std::string> latest_verdict_json(const Store& store, std::string_view id);

/// Opens (creating and migrating as needed) the SQLite store at `path`. StoreError on failure.
std::unique_ptr<Store> open_sqlite_store(const std::filesystem::path& path);

/// The newest schema version this build writes.
int sqlite_schema_version();

/// Whether `url` names a PostgreSQL store (`postgresql://…` or `postgres://…`).
bool is_postgres_url(std::string_view url);

/// Opens (creating tables and migrating as needed) the PostgreSQL store at a libpq URI; the
/// password comes from PGPASSFILE or PGPASSWORD (ConfigError when the URI holds one).
/// StoreError when it cannot connect or migrate.
std::unique_ptr<Store> open_postgres_store(const std::string& uri);

/// The newest PostgreSQL schema version this build writes.
int postgres_schema_version();

/// How much a copy moved.
struct StoreCopy {
  std::int64_t candidates = 0;
  std::int64_t items = 0;
};

/// Copies every candidate and item of the SQLite store at `from` (migrated to the newest schema
/// first) into `to`, replacing candidates `to` already holds under the same ids.
StoreCopy copy_sqlite_store(const std::filesystem::path& from, Store& to);

/// Opens the store a `--store` value names: `postgresql://…`, `sqlite:PATH` or a plain path.
std::unique_ptr<Store> open_store(std::string_view url);

}  // namespace candor
