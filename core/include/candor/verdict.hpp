#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/signal.hpp"

namespace candor {

enum class Band { clear, review, high, critical };

/// "clear", "review", "high" or "critical".
std::string_view band_name(Band band);
/// Parses a band name; nullopt when unknown.
std::optional<Band> parse_band(std::string_view name);

/// How one plugin fared on one candidate.
struct PluginRun {
  std::string name;
  std::string status;  ///< ok | skipped | error
  std::string reason;  ///< why skipped or what failed
  double ms = 0.0;
};

/// A signal with what it added to the log-odds after group caps.
struct ScoredSignal {
  Signal signal;
  double contribution = 0.0;
};

/// The explained verdict, `candor.verdict/v1`.
struct Verdict {
  std::string candidate;
  Band band = Band::clear;
  double probability = 0.0;
  int score = 0;
  double prior_log_odds = 0.0;
  double log_odds = 0.0;
  std::vector<ScoredSignal> signals;  ///< sorted by |contribution|, largest first
  std::vector<PluginRun> plugins;
  /// A plugin failed, so evidence may be missing: the band is at least `review` unless the
  /// policy's `on_plugin_error` is `ignore`. One reason per failed plugin.
  bool incomplete = false;
  std::vector<std::string> incomplete_reasons;
  std::string policy;
  std::string version;
};

/// The verdict as `candor.verdict/v1` JSON.
nlohmann::json to_json(const Verdict& verdict);

}  // namespace candor
