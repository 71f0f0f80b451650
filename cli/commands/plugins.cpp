// `candor plugins`: each plugin, ready or not, and what fixes it.
#include <iostream>

#include "commands/commands.hpp"
#include "screening.hpp"
#include "terminal.hpp"

namespace candor::cli {

void add_plugins_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ScreeningOptions>();
  auto* cmd = app.add_subcommand("plugins", "List plugins, whether each is ready, and fixes");
  add_screening_options(*cmd, *options);
  cmd->callback([options, &exit_code] {
    const auto screening = build_screening(*options);
    const Style style(use_colour(stdout));
    std::cout << "data directory: " << screening->environment.data_dir.root().string() << "\n";
    for (const auto& plugin : screening->all) {
      const Readiness r = plugin->readiness();
      bool enabled = false;
      for (const auto& f : screening->factories) enabled = enabled || f == plugin;
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
