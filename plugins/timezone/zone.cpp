#include "zone.hpp"

#include <date/tz.h>

#include <stdexcept>

namespace candor::timezone {

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

}  // namespace candor::timezone
