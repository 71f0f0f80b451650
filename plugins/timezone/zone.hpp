#pragma once
// A claimed IANA time zone's UTC offset at any instant (DST-correct), through Howard Hinnant's
// date/tz on the operating system's tzdata.
#include <cstdint>
#include <optional>
#include <string>

namespace date {
class time_zone;
}

namespace candor::timezone {

/// An IANA zone with a one-interval cache: events sorted by time cost one lookup per transition.
class ZoneOffsets {
 public:
  /// The zone, or nullopt when tzdata does not know the name.
  static std::optional<ZoneOffsets> find(const std::string& name);
  /// The zone's UTC offset in minutes at `utc` (Unix seconds).
  int offset_minutes(std::int64_t utc) const;
  const std::string& name() const { return name_; }

 private:
  ZoneOffsets(const date::time_zone* zone, std::string name) : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;
  std::string name_;
  mutable std::int64_t begin_ = 1, end_ = 0;
  mutable int offset_ = 0;
};

}  // namespace candor::timezone
