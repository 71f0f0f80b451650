#pragma once
// Time zones: the system tzdata's zone1970.tab (principal location of each zone and the
// countries it covers) and DST-correct UTC offsets through Howard Hinnant's date/tz, which
// reads the same system tzdata (USE_OS_TZDB).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace candor::geoip {

/// A point on Earth in degrees.
struct LatLon {
  double lat = 0, lon = 0;
};

/// Great-circle distance in kilometres.
double distance_km(LatLon a, LatLon b);

/// One row of zone1970.tab.
struct ZoneRow {
  std::vector<std::string> countries;
  LatLon location;
  std::string zone;
};

class ZoneTable {
 public:
  ZoneTable() = default;
  /// Reads zone1970.tab; DataError naming the file when missing or malformed.
  static ZoneTable load(const std::filesystem::path& path = "/usr/share/zoneinfo/zone1970.tab");
  /// The zone whose principal location is nearest to `point` among zones listing `country`;
  /// nullopt for a country zone1970.tab does not list.
  std::optional<std::string> nearest(const std::string& country, LatLon point) const;
  /// The only zone listing `country`, when there is exactly one.
  std::optional<std::string> single_zone(const std::string& country) const;
  /// The principal location of `zone`.
  std::optional<LatLon> location(const std::string& zone) const;
  std::size_t size() const { return rows_.size(); }

 private:
  std::vector<ZoneRow> rows_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_country_;  // rows listing a country
};

/// The UTC offset of `zone` at `unix_seconds`, in minutes; nullopt for an unknown zone.
std::optional<int> utc_offset_minutes(const std::string& zone, std::int64_t unix_seconds);

/// Formats minutes as `+05:30`.
std::string format_offset(int minutes);

}  // namespace candor::geoip
