#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

TEST_CASE("candor version prints the version", "[cli]") {
  const auto r = run_cli("version");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("candor "));
}
