// The store suite: every case runs against SQLite and against a real PostgreSQL server.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <thread>

#include "candor/error.hpp"
#include "candor/store.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "store_backends.hpp"

using namespace candor;
using candor::test::StoreBackend;

CANDOR_STORE_TEST(records_finds_scans_forgets, "records, finds, scans and forgets") {
  auto store = backend.open();
  CHECK(store->schema_version() == backend.newest_version());
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
  const auto b = store->candidate("b");
  REQUIRE(b);
  CHECK(b->band == "high");
  CHECK(b->probability == Approx(0.6));
  CHECK(b->screened_at == 2);
  // Re-recording replaces every item of that candidate.
  store->record({"a", "Ann", "1990-01-01", 3, "clear", 0.01}, {});
  CHECK(store->find("links.phone", "+15124723841").size() == 1);
  CHECK(store->forget("b"));
  CHECK_FALSE(store->forget("b"));
  CHECK(store->candidate_count() == 1);
}

CANDOR_STORE_TEST(merges_into_survivor, "merges one candidate's items into another's") {
  auto store = backend.open();
  store->record({"old", "Dana W", "1990-02-03", 1, "review", 0.2},
                {{"links.phone", "+13125550147", ""},
                 {"links.email", "dana@example.org", ""},
                 {std::string(kVerdictItemKind), "old", "{}"}});
  store->record({"new", "Dana Whitfield", "1990-02-03", 2, "clear", 0.01},
                {{"links.email", "dana@example.org", ""}});
  CHECK(store->merge("old", "new"));
  CHECK_FALSE(store->candidate("old"));
  CHECK(store->candidate_count() == 1);
  // The merged phone now belongs to the survivor; the e-mail both held is there once.
  const auto phone = store->find("links.phone", "+13125550147");
  REQUIRE(phone.size() == 1);
  CHECK(phone[0].candidate_id == "new");
  CHECK(store->find("links.email", "dana@example.org").size() == 1);
  CHECK(store->find(kVerdictItemKind, "old").empty());
  CHECK_FALSE(store->merge("old", "new"));
  // Into an id never screened: it takes the merged record.
  CHECK(store->merge("new", "newest"));
  const auto newest = store->candidate("newest");
  REQUIRE(newest);
  CHECK(newest->name == "Dana Whitfield");
  CHECK(store->find("links.phone", "+13125550147")[0].candidate_id == "newest");
}

CANDOR_STORE_TEST(keys_are_bytes, "keeps keys and payloads as bytes and scans in order") {
  auto store = backend.open();
  const std::string key("k\0\xff\"{,}\\", 9);
  std::vector<ItemWrite> items;
  for (int i = 0; i < 12000; ++i) items.push_back({"many", std::to_string(i), ""});
  store->record({"a", "Ann \xff", "", 1, "clear", 0}, {{"odd", key, std::string(512, '\x80')}});
  store->record({"b", "Bob", "", 2, "clear", 0}, items);
  const auto hits = store->find("odd", key);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].payload == std::string(512, '\x80'));
  CHECK(store->find("odd", "k").empty());
  int seen = 0;
  bool ordered = true;
  store->scan("many", [&](const StoredItem& item) {
    ordered = ordered && item.key == std::to_string(seen);
    ++seen;
  });
  CHECK(seen == 12000);
  CHECK(ordered);
}

CANDOR_STORE_TEST(migrates_version_1, "migrates a version-1 database and keeps its rows") {
  backend.make_version_1();
  auto store = backend.open();
  CHECK(store->schema_version() == backend.newest_version());
  const auto old = store->candidate("old");
  REQUIRE(old);
  CHECK(old->name == "Old Timer");
  CHECK(old->band == "review");
  CHECK(old->date_of_birth.empty());
  store->record({"old", "Old Timer", "1970-01-01", 6, "clear", 0.0}, {{"k", "v", ""}});
  CHECK(store->find("k", "v").size() == 1);
}

CANDOR_STORE_TEST(refuses_newer_schema, "refuses a schema newer than this build") {
  backend.make_version_999();
  CHECK_THROWS_WITH(backend.open(), Catch::Contains("newer than this candor"));
}

CANDOR_STORE_TEST(concurrent_open, "two instances opening a new store at once both migrate it") {
  std::unique_ptr<Store> first, second;
  std::thread other([&] { second = backend.open(); });
  first = backend.open();
  other.join();
  REQUIRE(second);
  first->record({"a", "Ann", "", 1, "clear", 0}, {{"k", "a", ""}});
  CHECK(second->find("k", "a").size() == 1);
  CHECK(second->schema_version() == backend.newest_version());
}

CANDOR_STORE_TEST(killed_mid_record, "a writer killed mid-transaction leaves a consistent store") {
  backend.open()->record({"kept", "Kept", "", 1, "clear", 0}, {{"k", "kept", ""}});
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    // Replace `kept`'s items and write part of another candidate, and die without committing.
    auto store = backend.open();
    store->begin_group();
    store->record({"kept", "Kept", "", 1, "clear", 0}, {});
    store->record({"torn", "Torn", "", 2, "clear", 0}, {{"k", "torn", ""}});
    std::raise(SIGKILL);
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  auto store = backend.open();
  CHECK(store->candidate("kept"));
  CHECK_FALSE(store->candidate("torn"));
  CHECK(store->find("k", "kept").size() == 1);
  store->record({"after", "After", "", 3, "clear", 0}, {});
  CHECK(store->candidate_count() == 2);
}

CANDOR_STORE_TEST(group_visibility,
                  "a write group is seen at once by its store, by others at commit") {
  auto store = backend.open();
  auto other = backend.open();
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

CANDOR_STORE_TEST(failed_record_alone, "a failed record inside a write group is undone alone") {
  backend.open();  // creates the tables the trigger needs
  backend.poison_items();
  auto store = backend.open();
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
  CHECK(backend.open()->candidate_count() == 2);
}

CANDOR_STORE_TEST(killed_in_group,
                  "a batch writer killed inside a write group loses only that group") {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto store = backend.open();
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
  auto store = backend.open();
  CHECK(store->candidate("committed"));
  CHECK_FALSE(store->candidate("pending"));
  CHECK(store->find("k", "p").empty());
  store->record({"after", "After", "", 3, "clear", 0}, {});
  CHECK(store->candidate_count() == 2);
}

CANDOR_STORE_TEST(many_threads, "many threads record and read at once") {
  auto store = backend.open();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const std::string id = std::to_string(t) + "-" + std::to_string(i);
        store->record({id, "N" + id, "", i, "clear", 0}, {{"shared", "x", ""}, {"own", id, ""}});
        CHECK(store->find("own", id).size() == 1);
      }
    });
  for (auto& t : threads) t.join();
  CHECK(store->candidate_count() == 200);
  CHECK(store->find("shared", "x").size() == 200);
}

CANDOR_STORE_TEST(find_limit, "find returns the earliest holders of a key, at most the limit") {
  auto store = backend.open();
  for (int i = 0; i < 30; ++i) {
    const std::string id = "c" + std::to_string(100 + i);  // ids sort as they are recorded
    store->record({id, "N" + id, "", i, "clear", 0}, {{"shared", "x", ""}});
  }
  const auto first = store->find("shared", "x", 5);
  REQUIRE(first.size() == 5);
  for (int i = 0; i < 5; ++i) CHECK(first[i].candidate_id == "c" + std::to_string(100 + i));
  CHECK(store->find("shared", "x", 0).empty());
  CHECK(store->find("shared", "x").size() == 30);
  // Screening again moves a candidate to the end: its items were replaced.
  store->record({"c100", "Nc100", "", 99, "clear", 0}, {{"shared", "x", ""}});
  CHECK(store->find("shared", "x", 1).front().candidate_id == "c101");
}

TEST_CASE("an unwritable store path is a StoreError", "[core]") {
  CHECK_THROWS_AS(open_sqlite_store("/proc/candor/not/here.db"), StoreError);
  CHECK_THROWS_AS(open_store("sqlite:/proc/candor/not/here.db"), StoreError);
}

TEST_CASE("a PostgreSQL URL with a password is refused before connecting", "[core]") {
  CHECK_THROWS_AS(open_store("postgresql://me:secret@localhost/candor"), ConfigError);
  CHECK_THROWS_AS(open_store("postgres://localhost/candor?sslmode=disable&password=x"),
                  ConfigError);
  CHECK_THROWS_WITH(open_store("postgresql://me:secret@localhost/candor"),
                    !Catch::Contains("secret"));
}

TEST_CASE("an unreachable PostgreSQL server is a StoreError", "[core][postgres]") {
  candor::test::TempDir nowhere;
  CHECK_THROWS_AS(open_store("postgresql:///candor?host=" + nowhere.path().string()), StoreError);
}

TEST_CASE("keys claimed on one instance are found by another at once", "[core][postgres]") {
  candor::test::PostgresBackend backend;
  auto a = backend.open();
  auto b = backend.open();
  // Neither candidate is recorded yet (their write groups are still open).
  CHECK(a->claim_keys({"x", "Xi", "1990-01-01", 0, "", 0}, {"links.phone\n+1", "doc\nP1"}).empty());
  const auto found = b->claim_keys({"y", "Yu", "", 0, "", 0}, {"doc\nP1", "doc\nP2"});
  REQUIRE(found.size() == 1);
  CHECK(found[0].candidate_id == "x");
  CHECK(found[0].candidate_name == "Xi");
  CHECK(found[0].date_of_birth == "1990-01-01");
  CHECK(found[0].key == "doc\nP1");
  // Erasure forgets the claims too.
  a->record({"x", "Xi", "", 1, "clear", 0}, {});
  CHECK(a->forget("x"));
  CHECK(b->claim_keys({"z", "Zed", "", 0, "", 0}, {"doc\nP1"}).size() == 1);  // y's claim
  CHECK(b->claim_keys({"z", "Zed", "", 0, "", 0}, {"links.phone\n+1"}).empty());
}

TEST_CASE("an SQLite store of one process claims nothing", "[core]") {
  candor::test::SqliteBackend backend;
  auto store = backend.open();
  CHECK(store->claim_keys({"x", "X", "", 0, "", 0}, {"k"}).empty());
  CHECK(store->claim_keys({"y", "Y", "", 0, "", 0}, {"k"}).empty());
}
