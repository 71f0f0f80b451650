#include "synthetic.hpp"

#include <date/tz.h>

#include <random>

#include "candor/candidate.hpp"
#include "candor/tz/offsets.hpp"
#include "instant.hpp"

namespace candor::test {
namespace {

// Local wall-clock seconds of events: weekdays 09:00-18:00 mostly, evenings sometimes,
// weekends rarely; about six events a working day.
std::vector<std::int64_t> local_times(std::int64_t first_day, std::size_t count, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> work(9 * 3600, 18 * 3600 - 1),
      evening(19 * 3600, 23 * 3600 - 1);
  std::uniform_int_distribution<int> pct(0, 99), per_day(3, 8);
  std::vector<std::int64_t> out;
  for (std::int64_t day = first_day; out.size() < count; day += 86400) {
    const int weekday = static_cast<int>(((day / 86400) + 3) % 7);  // Monday = 0
    const bool weekend = weekday >= 5;
    if (weekend && pct(random) >= 20) continue;
    const int n = weekend ? 2 : per_day(random);
    for (int i = 0; i < n && out.size() < count; ++i)
      out.push_back(day + (pct(random) < 85 ? work(random) : evening(random)));
  }
  return out;
}

std::string with(std::int64_t utc, int offset_minutes) {
  std::string local = format_rfc3339(utc + offset_minutes * 60);
  local.pop_back();  // the 'Z'
  return local + tz::format_offset(offset_minutes);
}

}  // namespace

std::vector<std::string> office_hours(const std::string& zone_name, std::int64_t first_day,
                                      std::size_t count, bool with_offset, unsigned seed) {
  const auto* zone = date::locate_zone(zone_name);
  std::vector<std::string> out;
  for (std::int64_t local : local_times(first_day, count, seed)) {
    const date::local_seconds wall{std::chrono::seconds(local)};
    const auto info = zone->get_info(wall);
    // Wall times skipped by a DST jump do not happen; ambiguous ones take the first offset.
    if (info.result == date::local_info::nonexistent) continue;
    const int offset = static_cast<int>(info.first.offset.count() / 60);
    const std::int64_t utc = local - offset * 60;
    out.push_back(with_offset ? with(utc, offset) : format_rfc3339(utc));
  }
  return out;
}

std::vector<std::string> office_hours_at(int offset_minutes, std::int64_t first_day,
                                         std::size_t count, unsigned seed) {
  std::vector<std::string> out;
  for (std::int64_t local : local_times(first_day, count, seed))
    out.push_back(with(local - offset_minutes * 60, offset_minutes));
  return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace candor::test
