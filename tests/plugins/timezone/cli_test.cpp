#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

TEST_CASE("candor eval timezone screens real logs leaving each repository out", "[timezone][cli]") {
  const auto logs = shared_dir() / "data/activity";
  const auto r = run_cli("eval timezone --window 100 '" + (logs / "CLI11.log").string() + "' '" +
                         (logs / "muduo.log").string() + "' '" + (logs / "yara.log").string() + "'");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("leave-one-repository-out"));
  CHECK_THAT(r.out, Catch::Contains("muduo.log: Shuo Chen"));
  CHECK_THAT(r.out, Catch::Contains("ALL"));
  CHECK_THAT(r.out, Catch::Contains("false-alarm"));
}

TEST_CASE("candor eval timezone needs readable files", "[timezone][cli]") {
  const auto r = run_cli("eval timezone /nonexistent/x.log /nonexistent/y.log");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("x.log"));
}

TEST_CASE("candor bench timezone scores events and recovers the offset", "[timezone][cli]") {
  const auto r = run_cli("bench timezone --events 20000 --runs 3");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("MAP +09:00"));
}
