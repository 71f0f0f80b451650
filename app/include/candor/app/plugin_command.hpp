#pragma once
// How a plugin adds subcommands (`eval timezone`, `bench photo`, `links clusters`) without
// knowing the CLI: it describes the arguments and gets parsed values and a context holding the
// configured plugins. The CLI owns the parser; a plugin declares its commands in commands.cpp as
// `std::vector<app::PluginCommand> candor::plugins::<name>::commands()`.
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "candor/data_dir.hpp"
#include "candor/plugin.hpp"
#include "candor/policy.hpp"
#include "candor/store.hpp"

namespace candor::app {

/// One argument of a plugin command.
struct CommandArg {
  enum class Kind { positional, option, flag };
  std::string name;  ///< `files` for a positional, `--window` for an option or flag
  std::string description;
  Kind kind = Kind::option;
  bool required = false;
  bool repeatable = false;    ///< several values (a positional: one or more)
  std::string default_value;  ///< used when not given; shown in help
};

/// The values given to a command's arguments, by name.
class CommandArgs {
 public:
  /// Whether the argument was given on the command line.
  bool given(std::string_view name) const;
  /// The one value, or the argument's default when not given.
  const std::string& value(std::string_view name) const;
  /// Every value given (empty when none).
  const std::vector<std::string>& values(std::string_view name) const;
  /// Whether a flag was given.
  bool flag(std::string_view name) const { return given(name); }
  /// The value as a number; InputError naming the argument when it is not one.
  double number(std::string_view name) const;
  /// The value as a whole number ≥ 0; InputError naming the argument when it is not one.
  std::size_t count(std::string_view name) const;

  /// Records values (the CLI's parser does this).
  void set(std::string name, std::vector<std::string> values, std::string default_value = {});

 private:
  struct Entry {
    std::vector<std::string> values;
    std::string default_value;
  };
  const Entry* find(std::string_view name) const;
  std::map<std::string, Entry, std::less<>> entries_;
};

/// What a running command may use. Everything is made on first use, so a command that needs no
/// store never opens one.
class CommandContext {
 public:
  virtual ~CommandContext() = default;
  virtual const DataDir& data_dir() = 0;
  virtual const Policy& policy() = 0;
  /// The named plugin's factory, configured from the policy and command-line plugin options;
  /// ConfigError when no such plugin is built.
  virtual PluginFactory& factory(std::string_view plugin) = 0;
  /// The store of everyone screened (StoreError when it cannot be opened).
  virtual Store& store() = 0;
  /// Where the command writes its report (standard output in the CLI).
  virtual std::ostream& out() = 0;
};

/// One subcommand a plugin adds.
struct PluginCommand {
  /// The command group it joins (`bench`, `eval`, `models`, `index`) or its own top-level word
  /// (`links`, `photo`). Groups are created on first use.
  std::string group;
  std::string name;  ///< the subcommand, e.g. `timezone` in `eval timezone`
  std::string description;
  std::vector<CommandArg> args;
  /// Also accepts every plugin option (`--geoip-db` …), applied when factories are configured.
  bool plugin_options = false;
  /// Opens the store and gives it to the factories it configures (an index, clusters); other
  /// commands never create one.
  bool uses_store = false;
  /// Runs it: returns the exit code (0, or 1 for "found something"); throws candor::Error for
  /// bad input, configuration or data (exit 2).
  std::function<int(const CommandArgs&, CommandContext&)> run;
};

}  // namespace candor::app
