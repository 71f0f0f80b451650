// Plugins' subcommands (`eval timezone`, `bench photo`, `links clusters` …): each argument a
// plugin declares becomes a CLI11 option; the values go to the plugin as CommandArgs.
#include <iostream>
#include <map>

#include "candor/app/command_runner.hpp"
#include "candor/app/registry.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

// Storage CLI11 writes into while parsing, one per declared argument.
struct ParsedValues {
  app::ScreenerOptions options;
  std::map<std::string, std::string> single;
  std::map<std::string, std::vector<std::string>> several;
  std::map<std::string, bool> flags;
};

void add_argument(CLI::App& cmd, const app::CommandArg& arg, ParsedValues& parsed) {
  using Kind = app::CommandArg::Kind;
  std::string description = arg.description;
  if (!arg.default_value.empty()) description += " (default " + arg.default_value + ")";
  CLI::Option* option = nullptr;
  if (arg.kind == Kind::flag) {
    option = cmd.add_flag(arg.name, parsed.flags[arg.name], description);
  } else if (arg.repeatable) {
    option = cmd.add_option(arg.name, parsed.several[arg.name], description);
  } else {
    // A single value binds to a string, so a following positional is never taken as a second.
    option = cmd.add_option(arg.name, parsed.single[arg.name], description);
  }
  if (arg.required) option->required();
}

app::CommandArgs collect(const app::PluginCommand& command, const ParsedValues& parsed) {
  using Kind = app::CommandArg::Kind;
  app::CommandArgs args;
  for (const auto& arg : command.args) {
    std::vector<std::string> values;
    if (arg.kind == Kind::flag) {
      if (parsed.flags.at(arg.name)) values.push_back("true");
    } else if (arg.repeatable) {
      values = parsed.several.at(arg.name);
    } else if (const auto& v = parsed.single.at(arg.name); !v.empty()) {
      values.push_back(v);
    }
    args.set(arg.name, std::move(values), arg.default_value);
  }
  return args;
}

}  // namespace

void add_plugin_commands(CLI::App& app, int& exit_code) {
  for (auto& named : app::all_plugin_commands()) {
    auto command = std::make_shared<app::PluginCommand>(std::move(named.command));
    auto parsed = std::make_shared<ParsedValues>();
    CLI::App& group = subcommand_group(app, command->group);
    auto* cmd =
        group.add_subcommand(command->name, command->description + " [" + named.plugin + "]");
    for (const auto& arg : command->args) add_argument(*cmd, arg, *parsed);
    add_environment_options(*cmd, parsed->options);
    if (command->plugin_options) add_plugin_options(*cmd, parsed->options);
    cmd->callback([command, parsed, &exit_code] {
      exit_code =
          app::run_plugin_command(*command, collect(*command, *parsed), parsed->options, std::cout);
    });
  }
}

}  // namespace candor::cli
