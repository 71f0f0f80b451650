#pragma once
// The one wrapper around libmaxminddb. A reader is opened once and shared read-only by every
// worker; every value is copied out of the map, so nothing points into it after a lookup.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ip_address.hpp"

namespace candor::plugins::geoip {

/// What a database holds, recognised from its metadata `database_type` and schema.
enum class DbKind {
  city,               ///< GeoIP2/GeoLite2 City, DB-IP City in MaxMind layout
  country,            ///< GeoIP2/GeoLite2 Country
  enterprise,         ///< GeoIP2 Enterprise (city + ISP + traits)
  asn,                ///< GeoLite2-ASN and the flat ip-location-db ASN schema
  isp,                ///< GeoIP2-ISP
  connection_type,    ///< GeoIP2-Connection-Type
  anonymous_ip,       ///< GeoIP2-Anonymous-IP
  anonymous_plus,     ///< GeoIP-Anonymous-Plus
  ip_risk,            ///< GeoIP2-IP-Risk
  residential_proxy,  ///< GeoIP-Residential-Proxy
  flat_location,      ///< ip-location-db: country_code, state1, city, latitude, longitude, timezone
  unknown,            ///< opened fine but not something the plugin understands
};

/// A short name for the kind (`city`, `anonymous_ip` …).
std::string kind_name(DbKind kind);

/// Everything the plugin uses from one lookup, copied out of the database.
struct GeoRecord {
  std::string country;  ///< ISO 3166-1 alpha-2 of the location
  std::string region;   ///< first subdivision / state1
  std::string city;
  std::string time_zone;  ///< IANA name when the database has one
  std::optional<double> latitude, longitude;
  std::optional<int> accuracy_radius_km;
  std::optional<std::uint32_t> asn;
  std::string as_organization, isp, organization, connection_type, user_type;
  bool is_anonymous = false, is_anonymous_vpn = false, is_hosting_provider = false,
       is_public_proxy = false, is_residential_proxy = false, is_tor_exit_node = false;
  std::string provider_name;
  std::optional<int> anonymizer_confidence;
  std::optional<double> ip_risk;
};

/// One path lookup as mmdblookup reports it (for golden tests and debugging).
struct PathLookup {
  bool found_entry = false;
  std::optional<std::string> value;  ///< formatted like mmdblookup; nullopt when absent
};

/// An open MaxMind DB file.
class MmdbReader {
 public:
  /// Opens and validates `path`; DataError naming the file when missing, truncated or garbage.
  static std::shared_ptr<const MmdbReader> open(const std::filesystem::path& path);
  ~MmdbReader();
  MmdbReader(const MmdbReader&) = delete;
  MmdbReader& operator=(const MmdbReader&) = delete;

  DbKind kind() const { return kind_; }
  const std::string& database_type() const { return database_type_; }
  const std::filesystem::path& path() const { return path_; }
  int ip_version() const;
  std::uint64_t build_epoch() const;
  std::uint32_t node_count() const;

  /// The record for `ip`, interpreted for this kind; nullopt when the address is not in it.
  /// DataError naming the file when the database turns out corrupt.
  std::optional<GeoRecord> lookup(const IpAddress& ip) const;
  /// True when the database has an entry for `ip` (the bare tree walk, for benchmarks).
  bool contains(const IpAddress& ip) const;
  /// One value by path (`location/latitude`, `city/names/en`, array indexes as numbers).
  PathLookup lookup_path(const IpAddress& ip, const std::vector<std::string>& path) const;
  /// The top-level keys of the record for `ip` (empty when not found).
  std::vector<std::string> keys(const IpAddress& ip) const;

 private:
  struct State;
  explicit MmdbReader(std::filesystem::path path);
  void detect_kind();
  std::filesystem::path path_;
  std::unique_ptr<State> state_;
  std::string database_type_;
  DbKind kind_ = DbKind::unknown;
};

}  // namespace candor::plugins::geoip
