#pragma once
// The plugin's shared read-only data: every opened database, the ASN ranges, the network lists
// and the zone table, and how one address is resolved against all of them.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "asn_table.hpp"
#include "candor/tz/zone_table.hpp"
#include "mmdb_reader.hpp"
#include "network_lists.hpp"

namespace candor::plugins::geoip {

/// One reason an address counts as an anonymizer.
struct AnonymizerHit {
  std::string kind;      ///< vpn | tor | hosting | public_proxy | residential_proxy | watchlist
  std::string source;    ///< database file name or list name
  std::string provider;  ///< provider / AS organisation / list label, when known
};

/// What the databases say about one address, merged.
struct IpInfo {
  IpAddress address;
  std::string country, region, city;
  std::string time_zone;
  std::string time_zone_source;  ///< "database" or "zone1970.tab"
  std::optional<tz::LatLon> location;
  std::optional<int> accuracy_km;
  bool coarse = false;          ///< a country-level answer (no city, or radius >= 500 km)
  std::string location_source;  ///< database file name
  std::optional<std::uint32_t> asn;
  std::string as_organization;
  std::string connection_type;
  bool mobile = false;
  std::vector<AnonymizerHit> anonymizers;
  bool hosting = false;
  std::optional<std::string> dprk_reason;  ///< why the address is North Korea's own
};

class GeoDatabases {
 public:
  /// Adds an opened database; earlier ones win when several answer the same question.
  void add(std::shared_ptr<const MmdbReader> reader) { readers_.push_back(std::move(reader)); }
  AsnTable& asn_table() { return asn_; }
  NetworkLists& lists() { return lists_; }
  void set_zones(tz::ZoneTable zones) { zones_ = std::move(zones); }
  const tz::ZoneTable& zones() const { return zones_; }
  const std::vector<std::shared_ptr<const MmdbReader>>& readers() const { return readers_; }
  const AsnTable& asn_table() const { return asn_; }
  const NetworkLists& lists() const { return lists_; }

  /// True when some database gives locations.
  bool has_location() const;
  /// Everything known about `ip`.
  IpInfo resolve(const IpAddress& ip) const;

 private:
  std::vector<std::shared_ptr<const MmdbReader>> readers_;
  AsnTable asn_;
  NetworkLists lists_;
  tz::ZoneTable zones_;
};

}  // namespace candor::plugins::geoip
