#include "candor/combiner.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace candor {

namespace {
double logistic(double log_odds) { return 1.0 / (1.0 + std::exp(-log_odds)); }
}  // namespace

void Combiner::combine(std::vector<Signal> signals, Verdict& verdict) const {
  for (auto& s : signals) {
    if (s.group.empty()) s.group = s.id;
    // An override names a level (`id:level`) or every level of the signal (`id`); it replaces
    // the level's default, scaled as the plugin scaled the default.
    auto it = policy_.signal_llr.end();
    if (!s.level.empty()) it = policy_.signal_llr.find(s.id + ":" + s.level);
    if (it == policy_.signal_llr.end()) it = policy_.signal_llr.find(s.id);
    if (it != policy_.signal_llr.end()) s.llr = it->second * s.scale;
  }
  // One fact seen by several signals counts once: a group's total |LLR| is capped, and every
  // signal in the group is scaled by the same factor so the explanation stays proportional.
  std::map<std::string, double> group_total;
  for (const auto& s : signals) group_total[s.group] += s.llr;
  const double prior_log_odds = std::log(policy_.prior / (1.0 - policy_.prior));
  double log_odds = prior_log_odds;
  bool hard = false;
  verdict.signals.clear();
  for (auto& s : signals) {
    const auto cap_it = policy_.group_caps.find(s.group);
    const double cap =
        cap_it == policy_.group_caps.end() ? policy_.default_group_cap : cap_it->second;
    const double total = group_total[s.group];
    const double scale = std::abs(total) > cap ? cap / std::abs(total) : 1.0;
    const double contribution = s.llr * scale;
    log_odds += contribution;
    hard = hard || s.hard;
    verdict.signals.push_back({std::move(s), contribution});
  }
  std::stable_sort(verdict.signals.begin(), verdict.signals.end(),
                   [](const ScoredSignal& a, const ScoredSignal& b) {
                     if (a.signal.hard != b.signal.hard) return a.signal.hard;
                     return std::abs(a.contribution) > std::abs(b.contribution);
                   });
  verdict.prior_log_odds = prior_log_odds;
  verdict.log_odds = log_odds;
  verdict.probability = logistic(log_odds);
  const auto& b = policy_.bands;
  const double p = verdict.probability;
  verdict.band = p >= b.critical ? Band::critical
                 : p >= b.high   ? Band::high
                 : p >= b.review ? Band::review
                                 : Band::clear;
  if (hard) verdict.band = Band::critical;
  // Fail closed: a plugin that failed may have hidden the signal that mattered, and the
  // applicant controls the fields that make plugins fail.
  verdict.incomplete = false;
  verdict.incomplete_reasons.clear();
  for (const auto& run : verdict.plugins)
    if (run.status == "error") {
      verdict.incomplete = true;
      verdict.incomplete_reasons.push_back("screening incomplete: " + run.name +
                                           " failed: " + run.reason);
    }
  if (verdict.incomplete && policy_.review_on_plugin_error && verdict.band < Band::review)
    verdict.band = Band::review;
  verdict.score = static_cast<int>(std::lround(100.0 * p));
  verdict.policy = policy_.source;
}

}  // namespace candor
