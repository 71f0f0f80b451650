#pragma once
// The system tzdata's zone1970.tab: the principal location of each zone and the countries it
// covers, for the zone nearest a place.
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace candor::tz {

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

/// zone1970.tab indexed by country.
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
  /// How many zones the table lists.
  std::size_t size() const { return rows_.size(); }

 private:
  std::vector<ZoneRow> rows_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_country_;  // rows listing a country
};

}  // namespace candor::tz
