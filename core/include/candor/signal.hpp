#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace candor {

/// One finding with its evidence. `llr` is the natural-log likelihood ratio: how much more
/// likely this evidence is for a DPRK IT worker than for an honest candidate. Plugins make
/// signals from their SignalSpec table (signal_spec.hpp), never by hand.
struct Signal {
  std::string id;       ///< `plugin.snake_case`, stable and documented in SIGNALS.md
  std::string summary;  ///< one human sentence
  double llr = 0.0;
  nlohmann::json evidence = nlohmann::json::object();
  bool hard = false;  ///< settles the verdict on its own (forces `critical`)
  std::string group;  ///< correlation group; empty means the signal id itself
  std::string level;  ///< strength level of the signal's table; empty for a one-level signal
  /// Share of the level's LLR this finding carries (1 = all of it); a policy override of the
  /// level's LLR is scaled by it too.
  double scale = 1.0;
};

}  // namespace candor
