// `candor eval population` on generated applicants and their real batch verdicts: every person
// counted once overall and once per group of each trait, and bad input named.
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <regex>

#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// Rows of the table: group → (people, at review or worse).
std::map<std::string, std::pair<int, int>> rows(const std::string& table) {
  std::map<std::string, std::pair<int, int>> out;
  const std::regex row(R"(\| ([^|]+) \| (\d+) \| (\d+) \()");
  for (auto it = std::sregex_iterator(table.begin(), table.end(), row);
       it != std::sregex_iterator(); ++it)
    out[(*it)[1]] = {std::stoi((*it)[2]), std::stoi((*it)[3])};
  return out;
}

}  // namespace

TEST_CASE("candor eval population counts verdicts per generated group", "[cli]") {
  TempDir dir;
  const auto people = dir / "honest.jsonl", verdicts = dir / "verdicts.jsonl";
  REQUIRE(run_cli("bench generate --mode honest -n 300 --seed 3 -o " + quoted(people)).exit_code ==
          0);
  const auto batch = run_cli("batch " + quoted(people) + " -o " + quoted(verdicts) +
                             " --no-store --data-dir " + quoted(dir / "data"));
  INFO(batch.err);
  REQUIRE((batch.exit_code == 0 || batch.exit_code == 1));
  const auto r = run_cli("eval population " + quoted(people) + " " + quoted(verdicts));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto table = rows(r.out);
  REQUIRE(table.count("all"));
  CHECK(table.at("all").first == 300);
  // Each trait's groups add up to everyone, flagged ones too.
  std::map<std::string, std::pair<int, int>> per_trait;
  for (const auto& [group, counts] : table) {
    if (group == "all") continue;
    auto& t = per_trait[group.substr(0, group.find(':'))];
    t.first += counts.first;
    t.second += counts.second;
  }
  CHECK(per_trait.size() == 6);  // home, network, schedule, trip, moved, clock
  for (const auto& [trait, counts] : per_trait) {
    INFO(trait);
    CHECK(counts == table.at("all"));
  }
  CHECK(table.count("schedule: night shift"));

  // A verdict of someone the file does not hold is named with its line.
  std::ofstream(dir / "other.jsonl") << R"({"candidate": "nobody", "band": "clear"})"
                                     << "\n";
  const auto bad = run_cli("eval population " + quoted(people) + " " + quoted(dir / "other.jsonl"));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("other.jsonl:1"));
  CHECK_THAT(bad.err, Catch::Contains("\"nobody\" is not in"));
  // A line that is not an object, and a folder given as a file, are named too.
  std::ofstream(dir / "array.jsonl") << "[1, 2]\n";
  const auto array =
      run_cli("eval population " + quoted(people) + " " + quoted(dir / "array.jsonl"));
  CHECK(array.exit_code == 2);
  CHECK_THAT(array.err, Catch::Contains("array.jsonl:1"));
  CHECK_THAT(array.err, Catch::Contains("expected a JSON object"));
  const auto folder = run_cli("eval population " + quoted(dir.path()) + " " + quoted(verdicts));
  CHECK(folder.exit_code == 2);
  CHECK_THAT(folder.err, Catch::Contains("not a regular file"));
}
