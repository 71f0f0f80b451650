#pragma once
// A real PostgreSQL server for one test: initdb in a temporary folder, listening only on a Unix
// socket there, stopped and removed when the object dies. As root (initdb refuses root) the
// server runs as the system user `candor-test`, created when missing.
#include <string>

#include "fixtures.hpp"

namespace candor::test {

class PostgresServer {
 public:
  /// Starts the server (FAILs the test, saying why, when PostgreSQL is not installed).
  PostgresServer();
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  /// A libpq URI of a fresh database `name` on this server (created on first use).
  std::string url(const std::string& name = "candor");

 private:
  TempDir dir_;
  std::string bin_;
  std::string as_user_;  ///< "runuser -u candor-test -- " as root, else ""
  bool started_ = false;
};

}  // namespace candor::test
