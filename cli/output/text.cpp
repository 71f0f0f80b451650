#include "output/text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "candor/app/report.hpp"

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
  // Repeated signals of one id (an anonymizer kind each for one IP) are one row.
  for (const auto& row : app::fold_signals(to_json(v)["signals"])) {
    out += fmt::format("  {}{:+6.2f}{}  {}{}{}  {}\n", style.bold(), row.contribution,
                       style.reset(), row.id, row.hard ? " [hard]" : "",
                       std::string(std::max<int>(0, 30 - int(row.id.size())), ' '), row.summary);
    if (row.count > 1) {
      std::string kinds;
      for (const auto& k : row.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
      out += fmt::format("{}          {} signals{}{}{}\n", style.dim(), row.count,
                         kinds.empty() ? "" : ": ", kinds, style.reset());
    }
    if (const std::string evidence = key_evidence(row.evidence.front()); !evidence.empty())
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
