// Fail closed: a field the applicant controls that makes a plugin fail must not lower the
// verdict (the sample DPRK persona with one malformed extra session, an honest sample with an
// invented time zone).
#include <nlohmann/json.hpp>

#include <fstream>

#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

nlohmann::json load_sample(const std::string& name) {
  std::ifstream in(source_dir() / "samples" / name / "candidate.json");
  return nlohmann::json::parse(in);
}

// Screens `candidate` written beside the sample's own files, so relative paths still resolve.
CommandResult check(const std::string& sample, const nlohmann::json& candidate) {
  const auto path = source_dir() / "samples" / sample / "fail-closed-test.json";
  write_text(path, candidate.dump());
  auto r = run_cli("check " + quoted(path) + " --format json --no-store");
  std::filesystem::remove(path);
  return r;
}

}  // namespace

TEST_CASE("a malformed extra session on the DPRK persona is still flagged", "[cli]") {
  auto candidate = load_sample("dprk-persona");
  candidate["sessions"].push_back({{"ip", "1.2.3.4 "}, {"at", "2026-10-23T03:00:00Z"}});
  const auto r = check("dprk-persona", candidate);
  CHECK(r.exit_code == 1);
  const auto v = nlohmann::json::parse(r.out);
  CHECK(v["band"] != "clear");
  CHECK(v["incomplete"] == true);
  CHECK_THAT(v["incomplete_reasons"][0].get<std::string>(),
             Catch::Contains("screening incomplete: geoip failed:"));
}

TEST_CASE("an invented claimed time zone does not clear a candidate", "[cli]") {
  auto candidate = load_sample("honest-us");
  candidate["claimed_location"]["timezone"] = "Mars/Olympus";
  const auto r = check("honest-us", candidate);
  CHECK(r.exit_code == 1);
  const auto v = nlohmann::json::parse(r.out);
  CHECK(v["band"] == "review");
  CHECK(v["incomplete"] == true);
}
