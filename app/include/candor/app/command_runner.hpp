#pragma once
// Runs a plugin's subcommand with a context that loads the environment, opens the store and
// configures factories on first use.
#include <iosfwd>

#include "candor/app/plugin_command.hpp"
#include "candor/app/screener.hpp"

namespace candor::app {

/// Runs `command` with `args`; `options` carries --data-dir, --policy and plugin options.
/// Returns the command's exit code; throws what the command throws.
int run_plugin_command(const PluginCommand& command, const CommandArgs& args,
                       const ScreenerOptions& options, std::ostream& out);

}  // namespace candor::app
