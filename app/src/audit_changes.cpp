// What changed between two audits of one contractor.
#include <map>

#include "candor/app/audit.hpp"

namespace candor::app {

namespace {

std::map<std::string, const nlohmann::json*> signals_of(const nlohmann::json& verdict) {
  std::map<std::string, const nlohmann::json*> out;
  const auto it = verdict.find("signals");
  if (it == verdict.end() || !it->is_array()) return out;
  for (const auto& s : *it) {
    if (!s.is_object() || !s.contains("id")) continue;
    // One signal id can fire once per tool, host or shared value: each is its own finding.
    std::string key = s["id"].get<std::string>() + ":" + s.value("level", "");
    if (const auto e = s.find("evidence"); e != s.end() && e->is_object())
      for (const char* part : {"tool", "host", "value"})
        if (const auto v = e->find(part); v != e->end() && v->is_string())
          key += "\n" + v->get<std::string>();
    out.emplace(std::move(key), &s);
  }
  return out;
}

nlohmann::json change(const char* kind, const nlohmann::json& s) {
  nlohmann::json c = {{"change", kind}, {"id", s["id"]}, {"summary", s.value("summary", "")}};
  if (s.contains("level")) c["level"] = s["level"];
  return c;
}

}  // namespace

nlohmann::json verdict_changes(const nlohmann::json& previous, const nlohmann::json& current) {
  nlohmann::json out = nlohmann::json::array();
  const auto before = signals_of(previous), after = signals_of(current);
  for (const auto& [key, s] : after)
    if (!before.count(key)) out.push_back(change("new_signal", *s));
  for (const auto& [key, s] : before)
    if (!after.count(key)) out.push_back(change("cleared_signal", *s));
  const std::string from = previous.value("band", ""), to = current.value("band", "");
  if (from != to) out.push_back({{"change", "band"}, {"from", from}, {"to", to}});
  return out;
}

}  // namespace candor::app
