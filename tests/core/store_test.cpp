#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>

#include "candor/error.hpp"
#include "candor/store.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using candor::test::TempDir;

namespace {
void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  REQUIRE(sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK);
}
}  // namespace

TEST_CASE("store records, finds, scans and forgets", "[core]") {
  TempDir dir;
  auto store = open_sqlite_store(dir / "sub/candor.db");
  CHECK(store->schema_version() == sqlite_schema_version());
  store->record(
      {"a", "Ann", "1990-01-01", 1, "clear", 0.01},
      {{"links.phone", "+15124723841", ""}, {"photo.embedding", "k", std::string("\0\1\2", 3)}});
  store->record({"b", "Bob", "", 2, "high", 0.6}, {{"links.phone", "+15124723841", ""}});
  const auto hits = store->find("links.phone", "+15124723841");
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].candidate_name == "Ann");
  CHECK(hits[0].date_of_birth == "1990-01-01");
  std::string payload;
  store->scan("photo.embedding", [&](const StoredItem& item) { payload = item.payload; });
  CHECK(payload == std::string("\0\1\2", 3));
  // Re-recording replaces every item of that candidate.
  store->record({"a", "Ann", "1990-01-01", 3, "clear", 0.01}, {});
  CHECK(store->find("links.phone", "+15124723841").size() == 1);
  CHECK(store->forget("b"));
  CHECK_FALSE(store->forget("b"));
  CHECK(store->candidate_count() == 1);
}

TEST_CASE("store migrates a version-1 database and keeps its rows", "[core]") {
  TempDir dir;
  const auto path = (dir / "old.db").string();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  exec(db,
       "CREATE TABLE candidates (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',"
       " screened_at INTEGER NOT NULL, band TEXT NOT NULL DEFAULT '',"
       " probability REAL NOT NULL DEFAULT 0);"
       "INSERT INTO candidates VALUES('old', 'Old Timer', 5, 'review', 0.2);"
       "PRAGMA user_version=1;");
  sqlite3_close(db);
  auto store = open_sqlite_store(path);
  CHECK(store->schema_version() == sqlite_schema_version());
  const auto old = store->candidate("old");
  REQUIRE(old);
  CHECK(old->name == "Old Timer");
  CHECK(old->band == "review");
  CHECK(old->date_of_birth.empty());
  store->record({"old", "Old Timer", "1970-01-01", 6, "clear", 0.0}, {{"k", "v", ""}});
  CHECK(store->find("k", "v").size() == 1);
}

TEST_CASE("store refuses a schema newer than this build", "[core]") {
  TempDir dir;
  const auto path = (dir / "new.db").string();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  exec(db, "PRAGMA user_version=999;");
  sqlite3_close(db);
  CHECK_THROWS_WITH(open_sqlite_store(path), Catch::Contains("newer than this candor"));
}

TEST_CASE("a writer killed mid-transaction leaves a consistent, usable store", "[core]") {
  TempDir dir;
  const auto path = dir / "crash.db";
  open_sqlite_store(path)->record({"kept", "Kept", "", 1, "clear", 0}, {{"k", "kept", ""}});
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Open a transaction, write part of a candidate, and die without committing.
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db,
                 "BEGIN IMMEDIATE; DELETE FROM items WHERE candidate_id='kept';"
                 "INSERT INTO candidates(id, name, screened_at) VALUES('torn', 'Torn', 2);",
                 nullptr, nullptr, nullptr);
    std::raise(SIGKILL);
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  auto store = open_sqlite_store(path);
  CHECK(store->candidate("kept"));
  CHECK_FALSE(store->candidate("torn"));
  CHECK(store->find("k", "kept").size() == 1);
  store->record({"after", "After", "", 3, "clear", 0}, {});
  CHECK(store->candidate_count() == 2);
}

TEST_CASE("a write group is seen at once by its store and by others at commit", "[core]") {
  TempDir dir;
  const auto path = dir / "group.db";
  auto store = open_sqlite_store(path);
  auto other = open_sqlite_store(path);
  {
    WriteGroup group(store.get());
    store->record({"a", "Ann", "", 1, "clear", 0}, {{"links.phone", "+1", ""}});
    store->record({"b", "Bob", "", 2, "clear", 0}, {{"links.phone", "+1", ""}});
    CHECK(store->find("links.phone", "+1").size() == 2);  // later candidates of a block see them
    CHECK(other->candidate_count() == 0);                 // other connections wait for the commit
    CHECK_THROWS_AS(store->begin_group(), StoreError);    // groups do not nest
    group.commit();
  }
  CHECK(other->candidate_count() == 2);
  store->commit_group();  // nothing open: nothing happens
  CHECK(other->find("links.phone", "+1").size() == 2);
}

TEST_CASE("a failed record inside a write group is undone alone", "[core]") {
  TempDir dir;
  const auto path = dir / "group.db";
  auto store = open_sqlite_store(path);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
  exec(db,
       "CREATE TRIGGER refuse BEFORE INSERT ON items WHEN NEW.kind = 'poison' "
       "BEGIN SELECT RAISE(ABORT, 'refused'); END;");
  sqlite3_close(db);
  store = open_sqlite_store(path);
  WriteGroup group(store.get());
  store->record({"a", "Ann", "", 1, "clear", 0}, {{"k", "a", ""}});
  CHECK_THROWS_AS(
      store->record({"bad", "Bad", "", 2, "clear", 0}, {{"k", "bad", ""}, {"poison", "x", ""}}),
      StoreError);
  store->record({"b", "Bob", "", 3, "clear", 0}, {{"k", "b", ""}});
  group.commit();
  CHECK(store->candidate("a"));
  CHECK(store->candidate("b"));
  CHECK_FALSE(store->candidate("bad"));
  CHECK(store->find("k", "bad").empty());
  CHECK(open_sqlite_store(path)->candidate_count() == 2);
}

TEST_CASE("a batch writer killed inside a write group loses only the uncommitted group", "[core]") {
  TempDir dir;
  const auto path = dir / "crash-group.db";
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto store = open_sqlite_store(path);
    {
      WriteGroup first(store.get());
      store->record({"committed", "C", "", 1, "clear", 0}, {{"k", "c", ""}});
      first.commit();
    }
    store->begin_group();
    store->record({"pending", "P", "", 2, "clear", 0}, {{"k", "p", ""}});
    std::raise(SIGKILL);
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  auto store = open_sqlite_store(path);
  CHECK(store->candidate("committed"));
  CHECK_FALSE(store->candidate("pending"));
  CHECK(store->find("k", "p").empty());
  store->record({"after", "After", "", 3, "clear", 0}, {});
  CHECK(store->candidate_count() == 2);
}

TEST_CASE("an unwritable store path is a StoreError", "[core]") {
  CHECK_THROWS_AS(open_sqlite_store("/proc/candor/not/here.db"), StoreError);
}
