// `candor plugins`: each plugin, ready or not, and what fixes it; with --signals, every signal
// each can emit with its default LLR per level (the table `signal_llr` overrides).
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "commands/commands.hpp"
#include "options.hpp"
#include "terminal.hpp"

namespace candor::cli {

namespace {

void print_signals(const PluginFactory& plugin) {
  for (const auto& spec : plugin.signals())
    for (const auto& level : spec.levels) {
      const std::string key = level.name.empty() ? spec.id : spec.id + ":" + level.name;
      std::cout << fmt::format("    {:<40} {:>6.2f}  {:<16} {}{}\n", key, level.llr,
                               spec.group.empty() ? spec.id : spec.group,
                               spec.hard ? "[hard] " : "", spec.meaning);
    }
}

}  // namespace

void add_plugins_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<app::ScreenerOptions>();
  auto signals = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("plugins", "List plugins, whether each is ready, and fixes");
  cmd->add_flag("--signals", *signals,
                "Also list each plugin's signals: id[:level], default LLR, group, meaning");
  add_screening_options(*cmd, *options);
  cmd->callback([options, signals, &exit_code] {
    const app::Screener screener(*options);
    const auto order = screener.pipeline().order();
    const Style style(use_colour(stdout));
    std::cout << "data directory: " << screener.data_dir().root().string() << "\n";
    for (const auto& plugin : screener.all_factories()) {
      const Readiness r = plugin->readiness();
      const bool enabled = std::find(order.begin(), order.end(), plugin->name()) != order.end();
      const std::string state = !enabled  ? style.dim() + "disabled" + style.reset()
                                : r.ready ? style.green() + "ready" + style.reset()
                                          : style.yellow() + "not ready" + style.reset();
      std::cout << plugin->name() << "  " << state << "  " << plugin->description() << "\n";
      if (!r.detail.empty()) std::cout << "    " << r.detail << "\n";
      if (!r.ready && !r.fix.empty()) std::cout << "    fix: " << r.fix << "\n";
      for (const auto& note : r.notes) std::cout << "    " << note << "\n";
      if (*signals) print_signals(*plugin);
    }
    exit_code = kExitClear;
  });
}

}  // namespace candor::cli
