// `candor eval budget` on real batch verdicts of generated honest and DPRK-like applicants,
// screened against the shared MaxMind test databases: the policy's own figures are the verdicts'
// bands, the best patterns keep to the honest budget, and bad input is named.
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>

#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// Generates `n` applicants of `mode` and screens them; returns the verdict file.
std::filesystem::path screened(const TempDir& dir, const std::string& mode, int seed, int n) {
  const auto people = dir / (mode + std::to_string(seed) + ".jsonl");
  const auto verdicts = dir / (mode + std::to_string(seed) + "-verdicts.jsonl");
  REQUIRE(run_cli("bench generate --mode " + mode + " -n " + std::to_string(n) + " --seed " +
                  std::to_string(seed) + " -o " + quoted(people))
              .exit_code == 0);
  const auto mmdb = shared_dir() / "data/mmdb-test";
  std::string dbs;
  for (const char* db : {"GeoIP2-City-Test.mmdb", "GeoLite2-ASN-Test.mmdb",
                         "GeoIP2-Anonymous-IP-Test.mmdb", "GeoIP2-Connection-Type-Test.mmdb"})
    dbs += " --geoip-db " + quoted(mmdb / db);
  const auto batch = run_cli("batch " + quoted(people) + " -o " + quoted(verdicts) +
                             " --no-store --data-dir " + quoted(dir / "data") + dbs);
  INFO(batch.err);
  REQUIRE((batch.exit_code == 0 || batch.exit_code == 1));
  return verdicts;
}

// Verdicts at review or worse in a file.
int flagged(const std::filesystem::path& verdicts) {
  std::ifstream in(verdicts);
  int n = 0;
  for (std::string line; std::getline(in, line);)
    n += nlohmann::json::parse(line).value("band", "clear") != "clear";
  return n;
}

// The "N of M" counts after `key` on the line starting with `label`, after `after`.
std::pair<int, int> counts(const std::string& out, const std::string& after,
                           const std::string& label, const std::string& key) {
  const std::size_t from = out.find(after);
  REQUIRE(from != std::string::npos);
  const std::size_t line = out.find(label, from);
  REQUIRE(line != std::string::npos);
  const std::string text = out.substr(line, out.find('\n', line) - line);
  std::smatch m;
  const std::regex pattern(key + R"( (\d+) of (\d+))");
  REQUIRE(std::regex_search(text, m, pattern));
  return {std::stoi(m[1]), std::stoi(m[2])};
}

}  // namespace

TEST_CASE("candor eval budget compares the policy with the best patterns of its evidence",
          "[cli]") {
  TempDir dir;
  const auto honest = screened(dir, "honest", 11, 400), dprk = screened(dir, "dprk", 11, 400);
  const auto honest2 = screened(dir, "honest", 12, 400), dprk2 = screened(dir, "dprk", 12, 400);
  const auto r = run_cli("eval budget " + quoted(honest) + " " + quoted(dprk) + " --held-out " +
                         quoted(honest2) + " " + quoted(dprk2));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  INFO(r.out);
  // The policy's figures are the verdicts' own bands.
  CHECK(counts(r.out, "chosen on", "policy as run", "honest at review or worse") ==
        std::pair{flagged(honest), 400});
  CHECK(counts(r.out, "chosen on", "policy as run", "DPRK-like left clear") ==
        std::pair{400 - flagged(dprk), 400});
  CHECK(counts(r.out, "held out", "policy as run", "honest at review or worse") ==
        std::pair{flagged(honest2), 400});
  // The best patterns spend at most the budget (1 % of 400) where they were chosen, and leave
  // clear fewer DPRK-like applicants than sending nobody would.
  const auto best_honest = counts(r.out, "chosen on", "best patterns", "honest at review or worse");
  CHECK(best_honest.first <= 4);
  const auto best_clear = counts(r.out, "chosen on", "best patterns", "DPRK-like left clear");
  CHECK(best_clear.first < 400);
  CHECK_THAT(r.out, Catch::Contains("left clear by the policy, at review under the best patterns"));

  // A stricter budget never sends more honest applicants to review.
  const auto none =
      run_cli("eval budget " + quoted(honest) + " " + quoted(dprk) + " --honest-budget 0");
  REQUIRE(none.exit_code == 0);
  CHECK(counts(none.out, "chosen on", "best patterns", "honest at review or worse").first == 0);
  CHECK(counts(none.out, "chosen on", "best patterns", "DPRK-like left clear").first >=
        best_clear.first);

  // A line that is not a verdict, and a budget that is not a percentage, are named.
  std::ofstream(dir / "other.jsonl") << R"({"candidate": "x", "signals": []})"
                                     << "\n";
  const auto bad = run_cli("eval budget " + quoted(dir / "other.jsonl") + " " + quoted(dprk));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("other.jsonl:1"));
  CHECK_THAT(bad.err, Catch::Contains("/band"));
  std::ofstream(dir / "typed.jsonl")
      << R"({"band": "review", "signals": [{"id": "geoip.anonymizer", "contribution": "1.0"}]})"
      << "\n";
  const auto typed = run_cli("eval budget " + quoted(dir / "typed.jsonl") + " " + quoted(dprk));
  CHECK(typed.exit_code == 2);
  CHECK_THAT(typed.err, Catch::Contains("typed.jsonl:1"));
  CHECK_THAT(typed.err, Catch::Contains("/signals/0/contribution"));
  const auto percent =
      run_cli("eval budget " + quoted(honest) + " " + quoted(dprk) + " --honest-budget 101");
  CHECK(percent.exit_code == 2);
  CHECK_THAT(percent.err, Catch::Contains("--honest-budget"));
}
