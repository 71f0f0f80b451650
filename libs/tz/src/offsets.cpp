#include "candor/tz/offsets.hpp"

#include <date/tz.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace candor::tz {

std::optional<ZoneOffsets> ZoneOffsets::find(const std::string& name) {
  if (name.empty()) return std::nullopt;
  try {
    return ZoneOffsets(date::locate_zone(name), name);
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

int ZoneOffsets::offset_minutes(std::int64_t utc) const {
  if (utc >= begin_ && utc < end_) return offset_;
  const date::sys_seconds at{std::chrono::seconds(utc)};
  const auto info = zone_->get_info(at);
  begin_ = info.begin.time_since_epoch().count();
  end_ = info.end.time_since_epoch().count();
  offset_ = static_cast<int>(info.offset.count() / 60);
  return offset_;
}

std::optional<int> utc_offset_minutes(const std::string& zone, std::int64_t unix_seconds) {
  const auto offsets = ZoneOffsets::find(zone);
  if (!offsets) return std::nullopt;
  return offsets->offset_minutes(unix_seconds);
}

std::string format_offset(int minutes) {
  const char sign = minutes < 0 ? '-' : '+';
  const int m = std::abs(minutes);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", sign, m / 60, m % 60);
  return buffer;
}

}  // namespace candor::tz
