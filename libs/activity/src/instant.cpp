#include "candor/activity/instant.hpp"

#include <charconv>

#include "candor/candidate.hpp"
#include "candor/text/text.hpp"

namespace candor::activity {

std::optional<Instant> parse_rfc3339_instant(std::string_view s) {
  const auto parsed = candor::parse_rfc3339_instant(s);
  if (!parsed) return std::nullopt;
  return Instant{parsed->unix_seconds, parsed->offset_minutes};
}

std::optional<Instant> parse_timestamp(std::string_view text) {
  text = candor::text::trim(text);
  if (auto rfc = parse_rfc3339_instant(text)) return rfc;
  std::string_view whole = text.substr(0, text.find('.'));
  if (whole.empty() || whole.size() > 12) return std::nullopt;
  if (whole.size() < text.size()) {
    const auto fraction = text.substr(whole.size() + 1);
    if (fraction.empty()) return std::nullopt;
    for (char c : fraction)
      if (c < '0' || c > '9') return std::nullopt;
  }
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), seconds);
  if (ec != std::errc() || end != whole.data() + whole.size() || seconds < 0) return std::nullopt;
  return Instant{seconds, std::nullopt};
}

}  // namespace candor::activity
