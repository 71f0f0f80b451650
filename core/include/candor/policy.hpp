#pragma once
// The policy: prior, band thresholds, correlation-group caps, per-signal LLR overrides and the
// plugin sections. models/policy.json is compiled in as the default, so the two cannot disagree.
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "candor/limits.hpp"

namespace candor {

/// Probability thresholds: clear < review ≤ … < high ≤ … < critical.
struct BandThresholds {
  double review = 0.10;
  double high = 0.50;
  double critical = 0.90;
};

struct Policy {
  std::string source = "embedded";  ///< file it came from, or "embedded"
  double prior = 0.001;             ///< prior probability of a DPRK IT worker
  BandThresholds bands;
  std::map<std::string, double> group_caps;  ///< correlation group → max total |LLR|
  double default_group_cap = 3.0;            ///< cap for groups not listed
  std::map<std::string, double> signal_llr;  ///< `id` or `id:level` → LLR replacing the default
  /// `on_plugin_error`: a plugin that failed leaves the verdict incomplete; with true (`review`,
  /// the default) an incomplete verdict is at least `review`, with false (`ignore`) it is not
  /// raised. Applicants control the fields that make a plugin fail, so ignoring is fail-open.
  bool review_on_plugin_error = true;
  nlohmann::json plugins = nlohmann::json::object();  ///< plugin name → its section
  /// `audit.retention_days`: an audit reads no telemetry older than this many days before the
  /// newest event it reads, so telemetry-derived items older than that leave the store at the
  /// contractor's next audit.
  int audit_retention_days = 90;
  /// `store`: the store URL (`postgresql://…`, `sqlite:PATH` or a path); empty for the data
  /// directory's SQLite file. `--store` and CANDOR_STORE override it.
  std::string store;
  /// `limits`: file sizes and per-candidate list lengths (README, "Limits").
  Limits limits;

  /// The plugin's section, or an empty object.
  const nlohmann::json& plugin_section(const std::string& plugin) const;
};

/// The compiled-in policy (models/policy.json at build time).
const Policy& default_policy();

/// The compiled-in policy text.
std::string_view embedded_policy_text();

/// Parses a policy; keys missing from `json` keep the default. Unknown keys are a ConfigError
/// naming the key.
Policy parse_policy(const nlohmann::json& json, const std::string& file);

/// Reads a policy file; ConfigError on unreadable or malformed files.
Policy load_policy(const std::filesystem::path& path);

}  // namespace candor
