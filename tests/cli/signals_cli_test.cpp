// The signal tables from the command line: `plugins --signals` lists them, and a policy
// override naming no signal is refused with one line naming the key.
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

namespace {
std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }
}  // namespace

TEST_CASE("a policy whose signal_llr names an unknown signal exits 2 naming the key", "[cli]") {
  TempDir dir;
  write_text(dir / "policy.json", R"({"signal_llr": {"geoip.dprk_netwrok": 5.0}})");
  const auto r = run_cli("check " + quoted(source_dir() / "samples/honest-us/candidate.json") +
                         " --no-store --data-dir " + quoted(dir.path()) + " --policy " +
                         quoted(dir / "policy.json"));
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "candor: " + (dir / "policy.json").string() +
                     ": signal_llr.geoip.dprk_netwrok: unknown signal\n");
}

TEST_CASE("plugins --signals lists each signal with its default LLR", "[cli]") {
  TempDir dir;
  const auto r = run_cli("plugins --signals --no-store --data-dir " + quoted(dir.path()));
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("geoip.dprk_network"));
  CHECK_THAT(r.out, Catch::Contains("[hard]"));
  CHECK_THAT(r.out, Catch::Contains("phone.voip"));
}
