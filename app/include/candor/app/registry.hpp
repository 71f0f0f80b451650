#pragma once
// The plugins of this build (plugins/plugins.def less any left out by CANDOR_ONLY_PLUGINS).
#include <memory>
#include <string>
#include <vector>

#include "candor/app/plugin_command.hpp"
#include "candor/plugin.hpp"

namespace candor::app {

/// A fresh, unconfigured factory for every plugin in the build, in plugins.def order.
std::vector<std::shared_ptr<PluginFactory>> make_all_plugins();

/// The names of every plugin in the build, in plugins.def order.
std::vector<std::string> built_plugin_names();

/// A plugin's subcommand and the plugin it belongs to.
struct NamedCommand {
  std::string plugin;
  PluginCommand command;
};

/// Every plugin's subcommands, in plugins.def order.
std::vector<NamedCommand> all_plugin_commands();

}  // namespace candor::app
