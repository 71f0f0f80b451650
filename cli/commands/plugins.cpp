// `candor plugins`: each plugin, ready or not, and what fixes it.
#include <algorithm>
#include <iostream>

#include "commands/commands.hpp"
#include "options.hpp"
#include "terminal.hpp"

namespace candor::cli {

void add_plugins_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<app::ScreenerOptions>();
  auto* cmd = app.add_subcommand("plugins", "List plugins, whether each is ready, and fixes");
  add_screening_options(*cmd, *options);
  cmd->callback([options, &exit_code] {
    const app::Screener screener(*options);
    const auto order = screener.pipeline().order();
    const Style style(use_colour(stdout));
    std::cout << "data directory: " << screener.data_dir().root().string() << "\n";
    for (const auto& plugin : screener.all_factories()) {
      const Readiness r = plugin->readiness();
      const bool enabled = std::find(order.begin(), order.end(), plugin->name()) != order.end();
      const std::string state = !enabled ? style.dim() + "disabled" + style.reset()
                                : r.ready ? style.green() + "ready" + style.reset()
                                          : style.yellow() + "not ready" + style.reset();
      std::cout << plugin->name() << "  " << state << "  " << plugin->description() << "\n";
      if (!r.detail.empty()) std::cout << "    " << r.detail << "\n";
      if (!r.ready && !r.fix.empty()) std::cout << "    fix: " << r.fix << "\n";
      for (const auto& note : r.notes) std::cout << "    " << note << "\n";
    }
    exit_code = kExitClear;
  });
}

}  // namespace candor::cli
