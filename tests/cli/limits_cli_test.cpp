// The policy's `limits` take effect in the front ends: a list longer than the policy allows is
// bad input naming the field, an activity file over the policy's size is a named failure.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::string sample(const std::string& name) {
  return quoted(source_dir() / "samples" / name / "candidate.json");
}

}  // namespace

TEST_CASE("a policy's limits.sessions refuses a candidate with more sessions", "[cli]") {
  TempDir dir;
  write_text(dir / "policy.json", R"({"limits": {"sessions": 1}})");
  const auto r = run_cli("check " + sample("honest-us") + " --no-store --policy " +
                         quoted(dir / "policy.json"));
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains("/sessions: more than 1 entries (limits.sessions)"));
  // Without the policy the same sample is screened.
  CHECK(run_cli("check " + sample("honest-us") + " --no-store").exit_code <= 1);
}

TEST_CASE("a policy's limits.activity_file_bytes makes a larger activity file a named failure",
          "[cli]") {
  TempDir dir;
  write_text(dir / "policy.json", R"({"limits": {"activity_file_bytes": 100}})");
  const auto r = run_cli("check " + sample("honest-us") + " --format json --no-store --policy " +
                         quoted(dir / "policy.json"));
  CHECK(r.exit_code == 1);
  const auto v = nlohmann::json::parse(r.out);
  CHECK(v["incomplete"] == true);
  CHECK_THAT(v["incomplete_reasons"].dump(),
             Catch::Contains("/activity/file") && Catch::Contains("larger than 100 bytes"));
}

TEST_CASE("a bad limit in the policy is a one-line error naming the key", "[cli]") {
  TempDir dir;
  write_text(dir / "policy.json", R"({"limits": {"photos": "many"}})");
  const auto r = run_cli("check " + sample("honest-us") + " --no-store --policy " +
                         quoted(dir / "policy.json"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("limits.photos: expected a whole number from 1 to 10000"));
}
