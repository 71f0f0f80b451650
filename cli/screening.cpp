#include "screening.hpp"

#include <algorithm>

#include "candor/error.hpp"
#include "candor/registry.hpp"

namespace candor::cli {

namespace {
// Every plugin's command-line options, gathered once from unconfigured factories.
const std::vector<std::pair<std::string, PluginOption>>& plugin_options() {
  static const auto options = [] {
    std::vector<std::pair<std::string, PluginOption>> out;
    for (const auto& factory : make_all_plugins())
      for (const auto& option : factory->options()) out.emplace_back(factory->name(), option);
    return out;
  }();
  return options;
}
}  // namespace

void add_environment_options(CLI::App& command, ScreeningOptions& options) {
  command.add_option("--data-dir", options.data_dir,
                     "Data directory (default $CANDOR_DATA_DIR or ~/.local/share/candor)");
  command.add_option("--policy", options.policy, "Policy file (default: the embedded policy)");
}

void add_screening_options(CLI::App& command, ScreeningOptions& options) {
  add_environment_options(command, options);
  command.add_flag("--no-store", options.no_store,
                   "Do not read or write the store of everyone screened");
  command.add_option("--disable", options.disable, "Plugins to leave out")->delimiter(',');
  for (const auto& [plugin, option] : plugin_options()) {
    auto* added = command.add_option(option.flag, options.plugin_values[option.flag],
                                     option.description + " [" + plugin + "]");
    if (!option.repeatable) added->expected(1);
  }
}

Environment load_environment(const ScreeningOptions& options) {
  Environment env;
  env.data_dir = DataDir::resolve(options.data_dir);
  env.policy = options.policy.empty() ? default_policy() : load_policy(options.policy);
  return env;
}

std::unique_ptr<Screening> build_screening(const ScreeningOptions& options) {
  auto screening = std::make_unique<Screening>();
  screening->environment = load_environment(options);
  const Policy& policy = screening->environment.policy;
  if (!options.no_store)
    screening->store = open_sqlite_store(screening->environment.data_dir.store_path());
  screening->all = make_all_plugins();

  std::vector<std::string> names;
  for (const auto& f : screening->all) names.push_back(f->name());
  for (const auto& [plugin, section] : policy.plugins.items())
    if (std::find(names.begin(), names.end(), plugin) == names.end())
      throw ConfigError(policy.source, "plugins." + plugin, "unknown plugin");
  for (const auto& name : options.disable)
    if (std::find(names.begin(), names.end(), name) == names.end())
      throw ConfigError("--disable", name, "unknown plugin");

  const PluginSetup setup{screening->environment.data_dir, screening->store.get(), policy.source};
  for (const auto& factory : screening->all) {
    nlohmann::json section = policy.plugin_section(factory->name());
    bool enabled = true;
    if (section.contains("enabled")) {
      if (!section["enabled"].is_boolean())
        throw ConfigError(policy.source, "plugins." + factory->name() + ".enabled",
                          "expected true or false");
      enabled = section["enabled"].get<bool>();
      section.erase("enabled");
    }
    // Command-line values override the policy file's.
    for (const auto& option : factory->options()) {
      const auto it = options.plugin_values.find(option.flag);
      if (it == options.plugin_values.end() || it->second.empty()) continue;
      section[option.key] = option.repeatable ? nlohmann::json(it->second)
                                              : nlohmann::json(it->second.front());
    }
    factory->configure(section, setup);
    const bool disabled = std::find(options.disable.begin(), options.disable.end(),
                                    factory->name()) != options.disable.end();
    if (enabled && !disabled) screening->factories.push_back(factory);
  }
  screening->pipeline =
      std::make_unique<Pipeline>(policy, screening->factories, screening->store.get());
  return screening;
}

}  // namespace candor::cli
