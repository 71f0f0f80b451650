// Small readers of verdict JSON shared by the sections.
#include <charconv>

#include "candor/candidate.hpp"
#include "sections.hpp"

namespace candor::app::report {

const nlohmann::json& signals_of(const nlohmann::json& verdict) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const auto it = verdict.find("signals");
  return it != verdict.end() && it->is_array() ? *it : kEmpty;
}

std::string text_of(const nlohmann::json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array()) {
    std::string out;
    for (const auto& v : *it)
      out += (out.empty() ? "" : ", ") +
             (v.is_string() ? v.get<std::string>()
                            : v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return out;
  }
  return it->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string compact_evidence(const nlohmann::json& evidence, std::size_t max) {
  std::string out;
  if (!evidence.is_object()) return out;
  for (const auto& [key, value] : evidence.items()) {
    if (value.is_object() || (value.is_array() && value.size() > 4)) continue;
    std::string text = value.is_string()
                           ? value.get<std::string>()
                           : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    out += (out.empty() ? "" : ", ") + key + "=" + text;
    if (out.size() > max) {
      out = out.substr(0, max) + "...";
      break;
    }
  }
  return out;
}

std::optional<int> parse_offset(std::string_view text) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  int h = 0, m = 0;
  if (std::from_chars(text.data() + 1, text.data() + 3, h).ec != std::errc() ||
      std::from_chars(text.data() + 4, text.data() + 6, m).ec != std::errc() || h > 14 || m > 59)
    return std::nullopt;
  return (text[0] == '-' ? -1 : 1) * (h * 60 + m);
}

std::string wall_time(std::int64_t utc, int offset_minutes) {
  std::string s = format_rfc3339(utc + std::int64_t(offset_minutes) * 60);  // …THH:MM:SSZ
  if (s.size() >= 16) s = s.substr(0, 10) + " " + s.substr(11, 5);
  return s;
}

}  // namespace candor::app::report
