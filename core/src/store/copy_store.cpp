// Copying an SQLite store into another store (`candor store migrate`): candidates with their
// items in id order, a write group per thousand, so a copy interrupted half-way can simply be run
// again (records are upserts that replace a candidate's items).
#include <sqlite3.h>

#include "candor/error.hpp"
#include "candor/store.hpp"

namespace candor {

namespace {

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s, i));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : "";
}

}  // namespace

StoreCopy copy_sqlite_store(const std::filesystem::path& from, Store& to) {
  const std::string name = from.string();
  if (!std::filesystem::is_regular_file(from)) throw StoreError(name + ": no such store");
  open_sqlite_store(from);  // brings an older schema up to date first
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(name.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw StoreError(name + ": cannot open store");
  }
  sqlite3_stmt* candidates = nullptr;
  sqlite3_stmt* items = nullptr;
  auto fail = [&](const std::string& what) {
    const std::string message = name + ": " + what + ": " + sqlite3_errmsg(db);
    sqlite3_finalize(candidates);
    sqlite3_finalize(items);
    sqlite3_close(db);
    throw StoreError(message);
  };
  // A read transaction: one consistent picture even while a batch writes to the source.
  if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) fail("cannot read");
  if (sqlite3_prepare_v2(db,
                         "SELECT id, name, date_of_birth, screened_at, band, probability "
                         "FROM candidates ORDER BY id",
                         -1, &candidates, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db,
                         "SELECT candidate_id, kind, key, payload FROM items "
                         "ORDER BY candidate_id, rowid",
                         -1, &items, nullptr) != SQLITE_OK)
    fail("cannot read");
  StoreCopy copied;
  int item_rc = sqlite3_step(items);
  std::unique_ptr<WriteGroup> group;
  int rc;
  while ((rc = sqlite3_step(candidates)) == SQLITE_ROW) {
    CandidateRecord c{column_text(candidates, 0), column_text(candidates, 1),
                      column_text(candidates, 2), sqlite3_column_int64(candidates, 3),
                      column_text(candidates, 4), sqlite3_column_double(candidates, 5)};
    std::vector<ItemWrite> writes;
    // Both sides are in id order (the same collation): a merge, never the whole store in memory.
    while (item_rc == SQLITE_ROW && column_text(items, 0) < c.id) item_rc = sqlite3_step(items);
    while (item_rc == SQLITE_ROW && column_text(items, 0) == c.id) {
      writes.push_back({column_text(items, 1), column_text(items, 2), column_text(items, 3)});
      item_rc = sqlite3_step(items);
    }
    if (!group) group = std::make_unique<WriteGroup>(&to);
    to.record(c, writes);
    ++copied.candidates;
    copied.items += static_cast<std::int64_t>(writes.size());
    if (copied.candidates % 1000 == 0) {
      group->commit();
      group.reset();
    }
  }
  if (rc != SQLITE_DONE || (item_rc != SQLITE_ROW && item_rc != SQLITE_DONE)) fail("read failed");
  if (group) group->commit();
  sqlite3_finalize(candidates);
  sqlite3_finalize(items);
  sqlite3_close(db);
  return copied;
}

}  // namespace candor
