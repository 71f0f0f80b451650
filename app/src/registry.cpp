#include "candor/app/registry.hpp"

#include "candor/plugin_list.hpp"

namespace candor::app {

std::vector<std::shared_ptr<PluginFactory>> make_all_plugins() {
  std::vector<std::shared_ptr<PluginFactory>> out;
  for (const auto& plugin : kBuiltPlugins) out.push_back(plugin.make_factory());
  return out;
}

std::vector<std::string> built_plugin_names() {
  std::vector<std::string> out;
  for (const auto& plugin : kBuiltPlugins) out.emplace_back(plugin.name);
  return out;
}

std::vector<NamedCommand> all_plugin_commands() {
  std::vector<NamedCommand> out;
  for (const auto& plugin : kBuiltPlugins) {
    if (!plugin.commands) continue;
    for (auto& command : plugin.commands())
      out.push_back({std::string(plugin.name), std::move(command)});
  }
  return out;
}

}  // namespace candor::app
