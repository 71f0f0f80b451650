// `candor bench serve` as a user runs it: every request answered over kept-alive connections,
// also past the service's 1,000 requests per connection (the load generator reconnects), and
// the store left as it was found.
#include <sstream>

#include "candor/store.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

TEST_CASE("candor bench serve answers every request and erases what it screened", "[cli]") {
  TempDir data;
  const auto r = run_cli("bench serve --requests 1100 --clients 1,3 --data-dir '" +
                         data.path().string() + "'");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.out);
  int rounds = 0;
  for (std::string line; std::getline(lines, line);) {
    std::istringstream row(line);
    unsigned clients = 0, requests = 0, failures = 1;
    double per_second = 0, p50 = 0, p99 = 0;
    if (!(row >> clients >> requests >> per_second >> p50 >> p99 >> failures)) continue;
    ++rounds;
    CHECK(requests == 1100);
    CHECK(failures == 0);
    CHECK(per_second > 0);
    CHECK(p50 <= p99);
  }
  CHECK(rounds == 2);
  CHECK(candor::open_sqlite_store(data / "candor.db")->candidate_count() == 0);
}
