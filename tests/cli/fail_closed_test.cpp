// Fail closed: a field the applicant controls that makes a plugin fail must not lower the
// verdict (the sample DPRK persona with one malformed extra session, an honest sample with an
// invented time zone).
#include <unistd.h>
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
// The file is named after this process: CTest runs the cases of this file as parallel processes.
CommandResult check(const std::string& sample, const nlohmann::json& candidate) {
  const auto path = source_dir() / "samples" / sample /
                    ("fail-closed-test-" + std::to_string(::getpid()) + ".json");
  write_text(path, candidate.dump());
  auto r = run_cli("check " + quoted(path) + " --format json --no-store");
  std::filesystem::remove(path);
  return r;
}

}  // namespace

TEST_CASE("a malformed extra session on the DPRK persona is still flagged", "[cli]") {
  auto candidate = load_sample("dprk-persona");
  candidate["sessions"].push_back({{"ip", "1.2.3.4 "}, {"at", "2026-10-23T03:00:00Z"}});
  const auto last = std::to_string(candidate["sessions"].size() - 1);
  const auto r = check("dprk-persona", candidate);
  CHECK(r.exit_code == 1);
  const auto v = nlohmann::json::parse(r.out);
  CHECK(v["band"] != "clear");
  CHECK(v["incomplete"] == true);
  // The loader names the field and leaves the value out; no plugin fails on it.
  CHECK(v["incomplete_reasons"][0] ==
        "screening incomplete: /sessions/" + last + "/ip: not an IP address (left out)");
  for (const auto& plugin : v["plugins"]) CHECK(plugin["status"] != "error");
}

TEST_CASE("an invented time zone on the DPRK persona is still flagged", "[cli]") {
  auto candidate = load_sample("dprk-persona");
  candidate["claimed_location"]["timezone"] = "Mars/Olympus";
  candidate["sessions"][0]["browser_timezone"] = "Central Time";
  const auto r = check("dprk-persona", candidate);
  CHECK(r.exit_code == 1);
  const auto v = nlohmann::json::parse(r.out);
  CHECK(v["band"] != "clear");
  CHECK(v["incomplete"] == true);
  const auto reasons = v["incomplete_reasons"].dump();
  CHECK_THAT(reasons, Catch::Contains("/claimed_location/timezone: not an IANA time zone"));
  CHECK_THAT(reasons, Catch::Contains("/sessions/0/browser_timezone: not an IANA time zone"));
  for (const auto& plugin : v["plugins"]) CHECK(plugin["status"] != "error");
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
