// `candor audit` as a user runs it on samples/contractor-audit: exit codes, the JSONL verdicts,
// the summary line, bad rosters and `--allow-rmm`.
#include <nlohmann/json.hpp>

#include <fstream>

#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::string sample_args(const TempDir& data) {
  const auto dir = source_dir() / "samples" / "contractor-audit";
  const std::string table = CANDOR_TEST_RMM_TABLE;
  INFO("no remote-access tools table was built (../shared/data/rmm missing at configure time)");
  REQUIRE_FALSE(table.empty());
  return "audit --roster " + quoted(dir / "roster.jsonl") + " --okta " +
         quoted(dir / "okta.jsonl") + " --okta " + quoted(dir / "okta.json") + " --osquery " +
         quoted(dir / "osquery") + " --data-dir " + quoted(data.path()) + " --rmm-table " +
         quoted(std::filesystem::path(table));
}

std::map<std::string, nlohmann::json> read_by_id(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::map<std::string, nlohmann::json> out;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    out[j["candidate"].get<std::string>()] = j;
  }
  return out;
}

}  // namespace

TEST_CASE("candor audit writes a verdict per contractor and exits 1 when one is flagged", "[cli]") {
  TempDir data;
  const auto r = run_cli(sample_args(data) + " -o " + quoted(data / "out.jsonl") + " --report " +
                         quoted(data / "pages"));
  CHECK(r.exit_code == 1);
  // One reviewer page per screened contractor (gina has no telemetry, so no page) plus the index.
  CHECK(std::filesystem::exists(data / "pages" / "index.html"));
  CHECK(std::filesystem::exists(data / "pages" / "frank.html"));
  CHECK_FALSE(std::filesystem::exists(data / "pages" / "gina.html"));
  CHECK_THAT(read_text(data / "pages" / "bob.html"), Catch::Contains("endpoint."));
  CHECK_THAT(r.err, Catch::Contains("audit: 8 contractors:"));
  CHECK_THAT(r.err, Catch::Contains("1 skipped"));
  const auto v = read_by_id(data / "out.jsonl");
  REQUIRE(v.size() == 8);
  CHECK(v.at("frank")["schema"] == "candor.verdict/v1");
  CHECK(v.at("frank")["band"] == "clear");
  CHECK(v.at("gina")["schema"] == "candor.audit_skip/v1");
  CHECK(v.at("bob")["band"] == "review");
}

TEST_CASE("candor audit --allow-rmm leaves the company's own remote-access tool out", "[cli]") {
  TempDir data;
  const auto r = run_cli(sample_args(data) + " --allow-rmm AnyDesk,TeamViewer --no-store -o " +
                         quoted(data / "out.jsonl"));
  CHECK(r.exit_code == 1);
  const auto bob = read_by_id(data / "out.jsonl").at("bob");
  REQUIRE(bob["signals"].size() == 1);
  CHECK(bob["signals"][0]["id"] == "endpoint.consumer_vpn");
}

TEST_CASE("candor audit refuses a malformed roster line naming file, line and field", "[cli]") {
  TempDir data;
  write_text(data / "roster.jsonl",
             "{\"id\": \"a\", \"hosts\": [\"x\"]}\n{\"id\": \"b\", \"hosts\": 3}\n");
  const auto r = run_cli("audit --roster " + quoted(data / "roster.jsonl") + " --no-store");
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("roster.jsonl:2"));
  CHECK_THAT(r.err, Catch::Contains("/hosts"));
}

TEST_CASE("candor bench audit --write-only writes logs and a roster that candor audit reads whole",
          "[cli]") {
  TempDir data;
  const auto bench = run_cli("bench audit --events 400 --rows 200 --actors 4 --write-only --dir " +
                             quoted(data / "logs"));
  REQUIRE(bench.exit_code == 0);
  CHECK_THAT(bench.out, Catch::Contains("candor audit --roster"));
  const auto dir = data / "logs";
  const auto r = run_cli("audit --roster " + quoted(dir / "roster.jsonl") + " --okta " +
                         quoted(dir / "okta.jsonl") + " --osquery " + quoted(dir / "osquery.log") +
                         " --no-store -o " + quoted(data / "out.jsonl"));
  INFO(r.err);
  CHECK((r.exit_code == 0 || r.exit_code == 1));
  CHECK_THAT(r.err, Catch::Contains("audit: 4 contractors:"));
  CHECK_THAT(r.err, Catch::Contains("0 skipped"));
  const auto v = read_by_id(data / "out.jsonl");
  REQUIRE(v.size() == 4);
  for (const auto& [id, verdict] : v) {
    INFO(id);
    CHECK(verdict["telemetry"]["okta"]["sign_ins"].get<int>() > 0);
    CHECK(verdict["telemetry"]["hosts"].size() == 1);
  }
}
