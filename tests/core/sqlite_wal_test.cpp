// The SQLite store's WAL writes: the frames of a transaction are held and written together at
// its commit frame. What must hold: every commit is in the file when it returns (a plain SQLite
// connection reads it at once; a writer killed right after keeps it), transactions far larger
// than what is held at once come back whole, and the file stays a valid database.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "candor/store.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using candor::test::TempDir;

namespace {

// A connection through SQLite's default VFS, as another program would open the store.
class PlainReader {
 public:
  explicit PlainReader(const std::filesystem::path& path) {
    REQUIRE(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  }
  ~PlainReader() { sqlite3_close(db_); }
  // The first column of the first row, as bytes.
  std::string text(const std::string& sql) const {
    sqlite3_stmt* q = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, sql.c_str(), -1, &q, nullptr) == SQLITE_OK);
    std::string out;
    const int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW && sqlite3_column_blob(q, 0))
      out.assign(static_cast<const char*>(sqlite3_column_blob(q, 0)),
                 static_cast<std::size_t>(sqlite3_column_bytes(q, 0)));
    sqlite3_finalize(q);
    INFO(sql);
    REQUIRE((rc == SQLITE_ROW || rc == SQLITE_DONE));
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

// A payload whose bytes depend on who holds it, so a page from the wrong place shows.
std::string payload(std::size_t size, int seed) {
  std::string p(size, '\0');
  for (std::size_t i = 0; i < size; ++i) p[i] = static_cast<char>((i * 131 + seed * 7) & 0xff);
  return p;
}

std::string stored_payload(const PlainReader& reader, int i) {
  return reader.text("SELECT payload FROM items WHERE kind = 'blob' AND key = 'c" +
                     std::to_string(i) + "'");
}

void record(Store& store, int i, std::size_t size) {
  const std::string id = "c" + std::to_string(i);
  store.record(
      {id, "N" + id, "", i, "clear", 0},
      {{"links.phone", "+1312555" + std::to_string(1000 + i), ""}, {"blob", id, payload(size, i)}});
}

}  // namespace

TEST_CASE("each SQLite commit is readable by a plain connection as soon as it returns", "[store]") {
  TempDir dir;
  auto store = open_sqlite_store(dir / "candor.db");
  PlainReader reader(dir / "candor.db");
  // One at a time, small to several pages (overflow chains): each visible at once.
  const std::size_t sizes[] = {0, 100, 4000, 9000, 70000};
  for (int i = 0; i < 40; ++i) {
    record(*store, i, sizes[i % 5]);
    CHECK(reader.text("SELECT count(*) FROM candidates") == std::to_string(i + 1));
    CHECK(stored_payload(reader, i) == payload(sizes[i % 5], i));
  }
  // One group of about 6 MiB: more than is held at once and many times one write's limit.
  {
    WriteGroup group(store.get());
    for (int i = 40; i < 100; ++i) record(*store, i, 100000);
    CHECK(reader.text("SELECT count(*) FROM candidates") == "40");
    group.commit();
  }
  CHECK(reader.text("SELECT count(*) FROM candidates") == "100");
  CHECK(reader.text("SELECT count(*) FROM items WHERE kind = 'links.phone'") == "100");
  for (int i = 40; i < 100; ++i) CHECK(stored_payload(reader, i) == payload(100000, i));
  CHECK(reader.text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("a store writer killed right after its commits keeps every byte of them", "[store]") {
  TempDir dir;
  const auto path = dir / "candor.db";
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto store = open_sqlite_store(path);
    for (int i = 0; i < 5; ++i) record(*store, i, 3000);
    store->begin_group();
    for (int i = 5; i < 45; ++i) record(*store, i, 50000);
    store->commit_group();
    std::raise(SIGKILL);  // no destructor, no close: only what the commits wrote
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  PlainReader reader(path);
  CHECK(reader.text("SELECT count(*) FROM candidates") == "45");
  CHECK(reader.text("PRAGMA integrity_check") == "ok");
  for (int i = 0; i < 45; ++i) CHECK(stored_payload(reader, i) == payload(i < 5 ? 3000 : 50000, i));
}

TEST_CASE("a transaction larger than SQLite's page cache commits whole through the store's VFS",
          "[store]") {
  // A tiny page cache makes SQLite write a transaction's frames before its commit and then
  // rewrite some of them in place: the writes that are not appended frames.
  TempDir dir;
  open_sqlite_store(dir / "registers.db");  // the store registers its VFS
  sqlite3* db = nullptr;
  const auto path = dir / "spill.db";
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                          "candor-wal-batching") == SQLITE_OK);
  const auto exec = [&](const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    INFO((error ? error : "") << " in " << sql);
    sqlite3_free(error);
    REQUIRE(rc == SQLITE_OK);
  };
  exec("PRAGMA journal_mode=WAL; PRAGMA cache_size=8; CREATE TABLE t(k INTEGER PRIMARY KEY, v)");
  exec(
      "BEGIN; WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) "
      "INSERT INTO t SELECT x, randomblob(900) FROM c; UPDATE t SET v = randomblob(900) "
      "WHERE k % 3 = 0; UPDATE t SET v = randomblob(700) WHERE k % 5 = 0; COMMIT");
  const char* kDigest = "SELECT group_concat(hex(substr(v, 1, 6)) || length(v), ',') FROM t";
  sqlite3_stmt* q = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, kDigest, -1, &q, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(q) == SQLITE_ROW);
  const std::string written = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
  sqlite3_finalize(q);
  PlainReader reader(path);
  CHECK(reader.text(kDigest) == written);
  CHECK(reader.text("SELECT count(*) FROM t") == "3000");
  CHECK(reader.text("PRAGMA integrity_check") == "ok");
  sqlite3_close(db);
}
