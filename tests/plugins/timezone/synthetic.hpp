#pragma once
// Deterministic human activity for tests: a person working office hours (with some evenings and
// a few weekend sessions) in an IANA zone, written as RFC 3339 with the local offset or as UTC.
#include <cstdint>
#include <string>
#include <vector>

namespace candor::test {

/// `count` events on consecutive days from `first_day` (Unix seconds at a UTC midnight).
/// `with_offset` writes the zone's offset (e.g. -05:00), otherwise `Z` timestamps.
std::vector<std::string> office_hours(const std::string& zone, std::int64_t first_day,
                                      std::size_t count, bool with_offset, unsigned seed = 7);

/// The same at a fixed UTC offset in minutes.
std::vector<std::string> office_hours_at(int offset_minutes, std::int64_t first_day,
                                         std::size_t count, unsigned seed = 7);

/// Joins lines with '\n'.
std::string join_lines(const std::vector<std::string>& lines);

}  // namespace candor::test
