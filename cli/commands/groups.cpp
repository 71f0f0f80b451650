// Subcommand groups several commands and plugins add to, with one description each.
#include <map>

#include "commands/commands.hpp"

namespace candor::cli {

CLI::App& subcommand_group(CLI::App& app, const std::string& name) {
  static const std::map<std::string, std::string> kDescriptions = {
      {"bench", "Benchmarks"},
      {"eval", "Evaluate a plugin's accuracy on real data"},
      {"models", "Models: fetch, verify, learn"},
      {"index", "Add known photos and identities to the store"},
      {"links", "Clusters of candidates sharing identifiers"},
      {"photo", "Photo tools"},
      {"store", "The store of everyone screened"},
  };
  // CLI11 2.1 (Debian bookworm) has no get_subcommand_no_throw.
  for (auto* sub : app.get_subcommands([&](CLI::App* s) { return s->get_name() == name; }))
    return *sub;
  const auto it = kDescriptions.find(name);
  auto* group = app.add_subcommand(name, it == kDescriptions.end() ? name : it->second);
  group->require_subcommand(1);
  return *group;
}

}  // namespace candor::cli
