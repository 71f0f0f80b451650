#include "candor/app/screener.hpp"

#include <algorithm>
#include <cstdlib>

#include "candor/app/registry.hpp"
#include "candor/error.hpp"
#include "candor/signal_spec.hpp"

namespace candor::app {

const std::vector<PluginOptionEntry>& plugin_option_entries() {
  static const auto entries = [] {
    std::vector<PluginOptionEntry> out;
    for (const auto& factory : make_all_plugins())
      for (const auto& option : factory->options()) out.push_back({factory->name(), option});
    return out;
  }();
  return entries;
}

Environment load_environment(const ScreenerOptions& options) {
  Environment env;
  env.data_dir = DataDir::resolve(options.data_dir);
  env.policy = options.policy.empty() ? default_policy() : load_policy(options.policy);
  const char* from_env = std::getenv("CANDOR_STORE");
  if (!options.store.empty()) {
    env.store_url = options.store;
  } else if (from_env && *from_env) {
    env.store_url = from_env;
  } else if (!env.policy.store.empty()) {
    env.store_url = env.policy.store;
    // A relative SQLite path in a policy file is relative to that file.
    std::string path =
        env.store_url.starts_with("sqlite:") ? env.store_url.substr(7) : env.store_url;
    if (!is_postgres_url(env.store_url) && std::filesystem::path(path).is_relative())
      env.store_url =
          "sqlite:" + (std::filesystem::path(options.policy).parent_path() / path).string();
  } else {
    env.store_url = "sqlite:" + env.data_dir.store_path().string();
  }
  return env;
}

std::unique_ptr<Store> open_environment_store(const Environment& environment) {
  return open_store(environment.store_url);
}

bool configure_factory(PluginFactory& factory, const Environment& environment,
                       const ScreenerOptions& options, Store* store) {
  const Policy& policy = environment.policy;
  nlohmann::json section = policy.plugin_section(factory.name());
  bool enabled = true;
  if (section.contains("enabled")) {
    if (!section["enabled"].is_boolean())
      throw ConfigError(policy.source, "plugins." + factory.name() + ".enabled",
                        "expected true or false");
    enabled = section["enabled"].get<bool>();
    section.erase("enabled");
  }
  // Command-line values override the policy file's.
  for (const auto& option : factory.options()) {
    const auto it = options.plugin_values.find(option.flag);
    if (it == options.plugin_values.end() || it->second.empty()) continue;
    section[option.key] =
        option.repeatable ? nlohmann::json(it->second) : nlohmann::json(it->second.front());
  }
  factory.configure(section,
                    PluginSetup{environment.data_dir, store, policy.source, policy.limits});
  return enabled;
}

Screener::Screener(const ScreenerOptions& options) : environment_(load_environment(options)) {
  const Policy& policy = environment_.policy;
  all_ = make_all_plugins();
  const auto names = built_plugin_names();
  auto built = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const auto& [plugin, section] : policy.plugins.items())
    if (!built(plugin)) throw ConfigError(policy.source, "plugins." + plugin, "unknown plugin");
  for (const auto& name : options.disable)
    if (!built(name)) throw ConfigError("--disable", name, "unknown plugin");
  std::map<std::string, std::vector<SignalSpec>> tables;
  for (const auto& factory : all_) tables[factory->name()] = factory->signals();
  check_signal_overrides(policy, tables);

  if (!options.no_store) store_ = open_environment_store(environment_);
  std::vector<std::shared_ptr<PluginFactory>> enabled;
  for (const auto& factory : all_) {
    const bool on = configure_factory(*factory, environment_, options, store_.get());
    const bool disabled = std::find(options.disable.begin(), options.disable.end(),
                                    factory->name()) != options.disable.end();
    if (on && !disabled) enabled.push_back(factory);
  }
  pipeline_ = std::make_unique<Pipeline>(policy, std::move(enabled), store_.get());
}

Screener::~Screener() = default;

PluginFactory* Screener::factory(std::string_view name) const {
  for (const auto& f : all_)
    if (f->name() == name) return f.get();
  return nullptr;
}

}  // namespace candor::app
