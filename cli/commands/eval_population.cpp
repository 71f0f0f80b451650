// `candor eval population`: verdicts of generated applicants (`candor bench generate --mode
// honest|dprk`) broken down by what the generator gave each person (schedule, network, trips …),
// so a rule that treats one group of honest people worse than another shows as a number.
#include <iostream>
#include <map>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "candor/error.hpp"
#include "commands/commands.hpp"
#include "commands/jsonl.hpp"

namespace candor::cli {

namespace {

struct PopulationOptions {
  std::string candidates, verdicts;
};

struct Count {
  std::size_t people = 0, flagged = 0;  // flagged: review or worse
};

std::string share(std::size_t part, std::size_t whole) {
  return fmt::format("{} ({:.2f} %)", part, whole ? 100.0 * double(part) / double(whole) : 0.0);
}

int population(const PopulationOptions& o) {
  std::map<std::string, nlohmann::json> traits;  // candidate id → `generated`
  read_jsonl(o.candidates, [&](const nlohmann::json& c, std::size_t n) {
    const auto id = c.find("id");
    const auto generated = c.find("generated");
    if (id == c.end() || !id->is_string() || generated == c.end() || !generated->is_object())
      throw InputError(o.candidates + ":" + std::to_string(n), "/generated",
                       "not a generated applicant (candor bench generate --mode honest|dprk)");
    traits[id->get<std::string>()] = *generated;
  });
  // Trait → value → counts, traits in the generator's order.
  std::vector<std::string> order;
  std::map<std::string, std::map<std::string, Count>> groups;
  Count all;
  read_jsonl(o.verdicts, [&](const nlohmann::json& v, std::size_t n) {
    const std::string id = v.value("candidate", "");
    const auto it = traits.find(id);
    if (it == traits.end())
      throw InputError(o.verdicts + ":" + std::to_string(n), "/candidate",
                       "\"" + id + "\" is not in " + o.candidates);
    const bool flagged = v.value("band", "clear") != "clear";
    ++all.people;
    all.flagged += flagged;
    for (const auto& [trait, value] : it->second.items()) {
      if (!groups.count(trait)) order.push_back(trait);
      auto& c = groups[trait][value.is_string() ? value.get<std::string>() : value.dump()];
      ++c.people;
      c.flagged += flagged;
    }
  });
  std::cout << "| group | people | at `review` or worse | left `clear` |\n"
            << "| --- | --- | --- | --- |\n"
            << fmt::format("| all | {} | {} | {} |\n", all.people, share(all.flagged, all.people),
                           share(all.people - all.flagged, all.people));
  for (const auto& trait : order)
    for (const auto& [value, c] : groups[trait])
      std::cout << fmt::format("| {}: {} | {} | {} | {} |\n", trait, value, c.people,
                               share(c.flagged, c.people), share(c.people - c.flagged, c.people));
  return kExitClear;
}

}  // namespace

void add_eval_population_command(CLI::App& eval, int& exit_code) {
  auto options = std::make_shared<PopulationOptions>();
  auto* cmd = eval.add_subcommand(
      "population",
      "Verdicts of generated applicants by group (schedule, network, trips …): who is flagged");
  cmd->add_option("candidates", options->candidates,
                  "Applicants from `candor bench generate --mode honest|dprk`")
      ->required();
  cmd->add_option("verdicts", options->verdicts, "Their verdicts (`candor batch … -o FILE`)")
      ->required();
  cmd->callback([options, &exit_code] { exit_code = population(*options); });
}

}  // namespace candor::cli
