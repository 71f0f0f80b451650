// Each built plugin's signal table against its SIGNALS.md: the "| id | level | LLR | group |
// hard | meaning |" table there must list exactly the rows of `signals()`, with the same numbers.
#include <fstream>
#include <sstream>

#include "candor/app/registry.hpp"
#include "candor/signal_spec.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;

namespace {

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string cell;
  std::getline(in, cell, '|');  // before the first bar
  while (std::getline(in, cell, '|')) {
    const auto first = cell.find_first_not_of(" `");
    const auto last = cell.find_last_not_of(" `");
    out.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
  }
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

struct Row {
  std::string id, level, group, meaning;
  double llr = 0;
  bool hard = false;
};

// The rows of the signal table in `path`; fails the test when there is none.
std::vector<Row> documented_rows(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::vector<Row> rows;
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    const auto c = cells(line);
    if (!in_table) {
      in_table = c.size() == 6 && c[0] == "id" && c[1] == "level" && c[2] == "LLR";
      continue;
    }
    if (line.rfind("|", 0) != 0) break;
    if (c.size() != 6) FAIL(path.string() << ": row with " << c.size() << " cells: " << line);
    if (c[0].find_first_not_of("-:") == std::string::npos) continue;  // the rule under the head
    rows.push_back({c[0], c[1] == "—" ? "" : c[1], c[3], c[5], std::stod(c[2]), c[4] == "yes"});
  }
  INFO(path.string());
  REQUIRE_FALSE(rows.empty());
  return rows;
}

}  // namespace

TEST_CASE("every plugin's SIGNALS.md table matches its signal table", "[app]") {
  for (const auto& factory : app::make_all_plugins()) {
    const auto path = test::source_dir() / "plugins" / factory->name() / "SIGNALS.md";
    const auto specs = factory->signals();
    INFO(factory->name());
    REQUIRE_FALSE(specs.empty());
    std::vector<Row> expected;
    for (const auto& spec : specs) {
      CHECK(spec.id.rfind(factory->name() + ".", 0) == 0);
      for (const auto& level : spec.levels)
        expected.push_back({spec.id, level.name, spec.group, spec.meaning, level.llr, spec.hard});
    }
    const auto documented = documented_rows(path);
    REQUIRE(documented.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO(expected[i].id << " " << expected[i].level);
      CHECK(documented[i].id == expected[i].id);
      CHECK(documented[i].level == expected[i].level);
      CHECK(documented[i].llr == Approx(expected[i].llr).margin(1e-9));
      CHECK(documented[i].group == expected[i].group);
      CHECK(documented[i].hard == expected[i].hard);
      CHECK(documented[i].meaning == expected[i].meaning);
    }
  }
}
