#pragma once
// An IANA time zone's UTC offset at any instant (DST-correct), through Howard Hinnant's date/tz
// on the operating system's tzdata (USE_OS_TZDB): the one place candor calls date/tz.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace date {
class time_zone;
}

namespace candor::tz {

/// An IANA zone with a one-interval cache: events sorted by time cost one lookup per transition.
class ZoneOffsets {
 public:
  /// The zone, or nullopt when tzdata does not know the name.
  static std::optional<ZoneOffsets> find(const std::string& name);
  /// The zone's UTC offset in minutes at `utc` (Unix seconds).
  int offset_minutes(std::int64_t utc) const;
  /// The IANA name it was found under.
  const std::string& name() const { return name_; }

 private:
  ZoneOffsets(const date::time_zone* zone, std::string name)
      : zone_(zone), name_(std::move(name)) {}
  const date::time_zone* zone_;
  std::string name_;
  mutable std::int64_t begin_ = 1, end_ = 0;
  mutable int offset_ = 0;
};

/// The UTC offset of `zone` at `unix_seconds`, in minutes; nullopt for an unknown zone.
std::optional<int> utc_offset_minutes(const std::string& zone, std::int64_t unix_seconds);

/// Formats minutes as `+05:30`.
std::string format_offset(int minutes);

}  // namespace candor::tz
