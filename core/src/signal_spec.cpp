#include "candor/signal_spec.hpp"

#include <stdexcept>

#include "candor/error.hpp"

namespace candor {

const SignalLevel& SignalSpec::level(std::string_view name) const {
  for (const auto& l : levels)
    if (l.name == name) return l;
  throw std::logic_error("signal " + id + " has no level '" + std::string(name) + "'");
}

Signal SignalSpec::make_at(std::string_view level_name, std::string summary,
                           nlohmann::json evidence, double scale) const {
  Signal s;
  s.id = id;
  s.summary = std::move(summary);
  s.llr = level(level_name).llr * scale;
  s.evidence = std::move(evidence);
  s.hard = hard;
  s.group = group;
  s.level = std::string(level_name);
  s.scale = scale;
  return s;
}

Signal SignalSpec::make(std::string summary, nlohmann::json evidence, double scale) const {
  if (levels.size() != 1) throw std::logic_error("signal " + id + " has several levels; name one");
  return make_at(levels.front().name, std::move(summary), std::move(evidence), scale);
}

const SignalSpec& find_spec(const std::vector<SignalSpec>& table, std::string_view id) {
  for (const auto& spec : table)
    if (spec.id == id) return spec;
  throw std::logic_error("no signal " + std::string(id) + " in the table");
}

void check_signal_overrides(const Policy& policy,
                            const std::map<std::string, std::vector<SignalSpec>>& tables) {
  for (const auto& [key, llr] : policy.signal_llr) {
    (void)llr;
    const auto colon = key.find(':');
    const std::string id = key.substr(0, colon);
    const auto dot = id.find('.');
    const auto table = tables.find(id.substr(0, dot));
    const auto where = "signal_llr." + key;
    if (table == tables.end()) throw ConfigError(policy.source, where, "unknown signal");
    const SignalSpec* spec = nullptr;
    for (const auto& s : table->second)
      if (s.id == id) spec = &s;
    if (!spec) throw ConfigError(policy.source, where, "unknown signal");
    if (colon == std::string::npos) continue;
    const std::string level = key.substr(colon + 1);
    bool known = false;
    for (const auto& l : spec->levels) known = known || l.name == level;
    if (!known) throw ConfigError(policy.source, where, "unknown level of " + id);
  }
}

}  // namespace candor
