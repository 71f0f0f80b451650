#include "output/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace candor::cli {

namespace {

std::string band_colour(Band band, const Style& style) {
  switch (band) {
    case Band::clear:
      return style.green();
    case Band::review:
      return style.yellow();
    default:
      return style.red();
  }
}

// The evidence's scalar values, compact: what a reviewer reads first.
std::string key_evidence(const nlohmann::json& evidence) {
  std::string out;
  for (const auto& [key, value] : evidence.items()) {
    if (value.is_object() || (value.is_array() && value.size() > 4)) continue;
    std::string text = value.is_string()
                           ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > 48) text = text.substr(0, 45) + "...";
    if (!out.empty()) out += ", ";
    out += key + "=" + text;
    if (out.size() > 140) break;
  }
  return out;
}

}  // namespace

std::string format_verdict_text(const Verdict& v, const Style& style) {
  std::string band(band_name(v.band));
  std::transform(band.begin(), band.end(), band.begin(), ::toupper);
  std::string out = fmt::format("{}{}{}{}  {}  probability {:.3f}  score {}\n", style.bold(),
                                band_colour(v.band, style), band, style.reset(), v.candidate,
                                v.probability, v.score);
  for (const auto& reason : v.incomplete_reasons)
    out += fmt::format("  {}{}{}\n", style.yellow(), reason, style.reset());
  if (v.signals.empty()) out += "  no signals\n";
  for (const auto& s : v.signals) {
    out += fmt::format("  {}{:+6.2f}{}  {}{}{}  {}\n", style.bold(), s.contribution, style.reset(),
                       s.signal.id, s.signal.hard ? " [hard]" : "",
                       std::string(std::max<int>(0, 30 - int(s.signal.id.size())), ' '),
                       s.signal.summary);
    if (const std::string evidence = key_evidence(s.signal.evidence); !evidence.empty())
      out += fmt::format("{}          {}{}\n", style.dim(), evidence, style.reset());
  }
  std::string plugins;
  for (const auto& p : v.plugins) {
    if (!plugins.empty()) plugins += "; ";
    plugins += p.name + " " + p.status;
    if (p.status != "ok") plugins += " (" + p.reason + ")";
  }
  if (!plugins.empty())
    out += fmt::format("{}  plugins: {}{}\n", style.dim(), plugins, style.reset());
  return out;
}

}  // namespace candor::cli
