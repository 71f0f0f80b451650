#pragma once
// The timezone plugin: does the candidate's activity fit the zone they claim?
#include <memory>
#include <vector>

#include "candor/plugin.hpp"
#include "candor/signal_spec.hpp"

namespace candor::plugins::timezone {

/// The plugin's typed options (`plugins.timezone` in the policy).
struct Options {
  std::size_t min_events = 30;  ///< active quarter-hour slots needed for offset_mismatch
  double llr_threshold = 7.0;   ///< one-profile model (`eval --model profile`): tempered LLR
  double min_llr = 0.75;        ///< calibrated LLR at which offset_mismatch fires
  double max_llr = 3.0;         ///< cap on offset_mismatch's LLR
  std::size_t recorded_min_events = 5;  ///< contradicting recorded offsets needed
  double recorded_min_share = 0.5;      ///< share of offset-bearing events that contradict
  std::size_t round_the_clock_min_events = 100;
  double round_the_clock_share = 0.15;  ///< share of slots in the quietest 6 hours that fires
};

/// Every signal the plugin emits (SIGNALS.md).
const std::vector<SignalSpec>& signal_table();

/// The timezone plugin's factory (listed in plugins.def).
std::shared_ptr<PluginFactory> make_factory();

}  // namespace candor::plugins::timezone
