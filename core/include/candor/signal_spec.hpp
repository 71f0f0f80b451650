#pragma once
// Signals as data: each plugin declares a table of the signals it can emit, with one default
// LLR per strength level. Signals are made from the table, so SIGNALS.md, the policy's
// `signal_llr` overrides and `candor plugins --signals` all read the same numbers.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/policy.hpp"
#include "candor/signal.hpp"

namespace candor {

/// One strength of a signal: a name (empty for a signal with one strength) and its default LLR.
struct SignalLevel {
  std::string name;
  double llr = 0.0;
};

/// One row of a plugin's signal table.
struct SignalSpec {
  std::string id;                   ///< `plugin.snake_case`
  std::string group;                ///< correlation group; empty means the id itself
  std::vector<SignalLevel> levels;  ///< at least one
  bool hard = false;                ///< forces `critical` on its own
  std::string meaning;              ///< one line: what it means when it fires

  /// The level named `name`; std::logic_error when the table has none (a programming error).
  const SignalLevel& level(std::string_view name) const;
  /// A signal at `level` whose LLR is the level's default times `scale`.
  Signal make_at(std::string_view level, std::string summary,
                 nlohmann::json evidence = nlohmann::json::object(), double scale = 1.0) const;
  /// A signal of a one-level spec.
  Signal make(std::string summary, nlohmann::json evidence = nlohmann::json::object(),
              double scale = 1.0) const;
};

/// The row with `id` in `table`; std::logic_error when missing (a programming error).
const SignalSpec& find_spec(const std::vector<SignalSpec>& table, std::string_view id);

/// Checks every key of the policy's `signal_llr` (`id` or `id:level`) against the signal tables
/// of every plugin (plugin name → table); ConfigError naming the first key that names no
/// signal or no level of it.
void check_signal_overrides(const Policy& policy,
                            const std::map<std::string, std::vector<SignalSpec>>& tables);

}  // namespace candor
