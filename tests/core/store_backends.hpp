#pragma once
// The two stores behind one test interface, so that one suite runs against both: a fresh store
// to open (as often as a test likes), raw SQL in the store's own dialect, and the pieces of a
// test that depend on the dialect.
#include <sqlite3.h>
#include <pqxx/pqxx>

#include <memory>
#include <string>

#include "candor/store.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "postgres_server.hpp"

namespace candor::test {

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  /// The URL `open_store` takes.
  virtual std::string url() const = 0;
  std::unique_ptr<Store> open() const { return open_store(url()); }
  /// Runs SQL on the store's database, outside candor.
  virtual void exec(const std::string& sql) const = 0;
  /// Makes the database look like a version-1 store holding candidate `old`.
  virtual void make_version_1() const = 0;
  /// Marks the schema as written by a far newer candor.
  virtual void make_version_999() const = 0;
  /// Makes every insert of an item of kind `poison` fail.
  virtual void poison_items() const = 0;
  /// The newest schema version of this store.
  virtual int newest_version() const = 0;
};

class SqliteBackend final : public StoreBackend {
 public:
  std::string url() const override { return "sqlite:" + (dir_ / "sub/candor.db").string(); }
  void exec(const std::string& sql) const override {
    std::filesystem::create_directories(dir_ / "sub");
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir_ / "sub/candor.db").string().c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    INFO(message);
    REQUIRE(rc == SQLITE_OK);
  }
  void make_version_1() const override {
    exec(
        "CREATE TABLE candidates (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',"
        " screened_at INTEGER NOT NULL, band TEXT NOT NULL DEFAULT '',"
        " probability REAL NOT NULL DEFAULT 0);"
        "INSERT INTO candidates VALUES('old', 'Old Timer', 5, 'review', 0.2);"
        "PRAGMA user_version=1;");
  }
  void make_version_999() const override { exec("PRAGMA user_version=999;"); }
  void poison_items() const override {
    exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON items WHEN NEW.kind = 'poison' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END;");
  }
  int newest_version() const override { return sqlite_schema_version(); }

 private:
  TempDir dir_;
};

class PostgresBackend final : public StoreBackend {
 public:
  PostgresBackend() : url_(server_.url()) {}
  std::string url() const override { return url_; }
  void exec(const std::string& sql) const override {
    pqxx::connection c(url_);
    pqxx::work tx(c);
    tx.exec(sql);
    tx.commit();
  }
  void make_version_1() const override {
    exec(
        "CREATE TABLE candor_schema (version INTEGER NOT NULL); INSERT INTO candor_schema "
        "VALUES(1); CREATE TABLE candidates (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '',"
        " screened_at BIGINT NOT NULL, band TEXT NOT NULL DEFAULT '',"
        " probability DOUBLE PRECISION NOT NULL DEFAULT 0);"
        "INSERT INTO candidates VALUES('old', 'Old Timer', 5, 'review', 0.2);");
  }
  void make_version_999() const override {
    exec(
        "CREATE TABLE candor_schema (version INTEGER NOT NULL); "
        "INSERT INTO candor_schema VALUES(999);");
  }
  void poison_items() const override {
    exec(
        "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
        "IF NEW.kind = 'poison' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ "
        "LANGUAGE plpgsql;"
        "CREATE TRIGGER refuse BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION refuse();");
  }
  int newest_version() const override { return postgres_schema_version(); }

 private:
  PostgresServer server_;
  std::string url_;
};

}  // namespace candor::test

/// One store test, run once against each store (`[postgres]` for PostgreSQL, so that
/// `ctest -L postgres` runs those alone).
#define CANDOR_STORE_TEST(function, name)                          \
  static void function(const candor::test::StoreBackend& backend); \
  TEST_CASE("sqlite store: " name, "[core]") {                     \
    candor::test::SqliteBackend backend;                           \
    function(backend);                                             \
  }                                                                \
  TEST_CASE("postgres store: " name, "[core][postgres]") {         \
    candor::test::PostgresBackend backend;                         \
    function(backend);                                             \
  }                                                                \
  static void function(const candor::test::StoreBackend& backend)
