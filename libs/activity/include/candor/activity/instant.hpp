#pragma once
// Timestamps as activity exports write them: RFC 3339 with the writer's offset, or epoch seconds.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace candor::activity {

/// One activity event: a UTC instant and, when the writer recorded one, its local UTC offset.
struct Instant {
  std::int64_t utc = 0;               ///< Unix seconds
  std::optional<int> offset_minutes;  ///< recorded offset; none for `Z` or epoch seconds
};

/// Parses `2024-03-10T09:15:00-05:00`, `...Z`, a space instead of `T`, fractional seconds.
std::optional<Instant> parse_rfc3339_instant(std::string_view text);

/// Parses RFC 3339 or whole epoch seconds (optionally with a fraction).
std::optional<Instant> parse_timestamp(std::string_view text);

}  // namespace candor::activity
