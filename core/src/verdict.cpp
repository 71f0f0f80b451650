#include "candor/verdict.hpp"

#include <cmath>

namespace candor {

std::string_view band_name(Band band) {
  switch (band) {
    case Band::clear:
      return "clear";
    case Band::review:
      return "review";
    case Band::high:
      return "high";
    case Band::critical:
      return "critical";
  }
  return "clear";
}

std::optional<Band> parse_band(std::string_view name) {
  for (Band b : {Band::clear, Band::review, Band::high, Band::critical})
    if (band_name(b) == name) return b;
  return std::nullopt;
}

namespace {
double round_to(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}
}  // namespace

nlohmann::json to_json(const Verdict& v) {
  nlohmann::json signals = nlohmann::json::array();
  for (const auto& s : v.signals) {
    nlohmann::json j = {{"id", s.signal.id},
                        {"summary", s.signal.summary},
                        {"llr", round_to(s.signal.llr, 3)},
                        {"contribution", round_to(s.contribution, 3)},
                        {"group", s.signal.group.empty() ? s.signal.id : s.signal.group},
                        {"evidence", s.signal.evidence}};
    if (!s.signal.level.empty()) j["level"] = s.signal.level;
    if (s.signal.hard) j["hard"] = true;
    signals.push_back(std::move(j));
  }
  nlohmann::json plugins = nlohmann::json::array();
  for (const auto& p : v.plugins) {
    nlohmann::json j = {{"name", p.name}, {"status", p.status}, {"ms", round_to(p.ms, 3)}};
    if (!p.reason.empty()) j["reason"] = p.reason;
    plugins.push_back(std::move(j));
  }
  nlohmann::json json = {{"schema", "candor.verdict/v1"},
                         {"candidate", v.candidate},
                         {"band", band_name(v.band)},
                         {"probability", round_to(v.probability, 4)},
                         {"score", v.score},
                         {"prior_log_odds", round_to(v.prior_log_odds, 3)},
                         {"log_odds", round_to(v.log_odds, 3)},
                         {"signals", std::move(signals)},
                         {"plugins", std::move(plugins)},
                         {"policy", v.policy},
                         {"version", v.version},
                         {"incomplete", v.incomplete}};
  if (v.incomplete) json["incomplete_reasons"] = v.incomplete_reasons;
  return json;
}

}  // namespace candor
