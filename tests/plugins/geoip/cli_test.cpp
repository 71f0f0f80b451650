#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

namespace {
std::string test_db(const std::string& name) {
  return "'" + (shared_dir() / "data" / "mmdb-test" / name).string() + "'";
}
}  // namespace

TEST_CASE("candor bench geoip measures lookups and plugin runs", "[geoip][cli]") {
  TempDir data;
  const auto r = run_cli("bench geoip --data-dir '" + data.path().string() + "' --geoip-db " +
                         test_db("GeoIP2-City-Test.mmdb") + " " +
                         test_db("GeoLite2-ASN-Test.mmdb") + " --count 2000 --candidates 50");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("loaded in "));
  CHECK_THAT(r.out, Catch::Contains("GeoIP2-City-Test.mmdb (city)"));
  CHECK_THAT(r.out, Catch::Contains("tree walk  GeoIP2-City-Test.mmdb"));
  CHECK_THAT(r.out, Catch::Contains("resolve    all databases + lists + zone"));
  CHECK_THAT(r.out, Catch::Contains("plugin run 4 sessions per candidate"));
  // A benchmark opens no store.
  CHECK(std::filesystem::is_empty(data.path()));
}

TEST_CASE("candor bench geoip without a location database exits 2", "[geoip][cli]") {
  TempDir data;
  const auto r = run_cli("bench geoip --data-dir '" + data.path().string() + "' --count 10");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("no location database to benchmark"));
  const auto bad = run_cli("bench geoip --data-dir '" + data.path().string() + "' --count x");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--count"));
}
