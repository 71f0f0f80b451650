#include "geo_databases.hpp"

namespace candor::plugins::geoip {

namespace {
constexpr std::uint32_t kDprkAsn = 131279;  // Star Joint Venture Co. (Ryugyong-dong, Pyongyang)

bool gives_location(DbKind kind) {
  return kind == DbKind::city || kind == DbKind::country || kind == DbKind::enterprise ||
         kind == DbKind::flat_location;
}

// Preference among location databases: the most detailed first.
int location_rank(DbKind kind) {
  switch (kind) {
    case DbKind::enterprise:
      return 0;
    case DbKind::city:
      return 1;
    case DbKind::flat_location:
      return 2;
    default:
      return 3;
  }
}

void add_flags(IpInfo& info, const GeoRecord& r, const std::string& source) {
  const std::string provider = r.provider_name;
  auto add = [&](const char* kind) { info.anonymizers.push_back({kind, source, provider}); };
  if (r.is_tor_exit_node) add("tor");
  if (r.is_public_proxy) add("public_proxy");
  if (r.is_residential_proxy) add("residential_proxy");
  if (r.is_anonymous_vpn) add("vpn");
  if (r.is_hosting_provider) add("hosting");
}
}  // namespace

bool GeoDatabases::has_location() const {
  for (const auto& r : readers_)
    if (gives_location(r->kind())) return true;
  return false;
}

IpInfo GeoDatabases::resolve(const IpAddress& ip) const {
  IpInfo info;
  info.address = ip;
  int best_rank = 99;
  for (const auto& reader : readers_) {
    const DbKind kind = reader->kind();
    if (kind == DbKind::unknown) continue;
    const auto record = reader->lookup(ip);
    if (!record) continue;
    const std::string source = reader->path().filename().string();
    if (gives_location(kind) && !record->country.empty() && location_rank(kind) < best_rank) {
      best_rank = location_rank(kind);
      info.country = record->country;
      info.region = record->region;
      info.city = record->city;
      info.time_zone = record->time_zone;
      info.time_zone_source = record->time_zone.empty() ? "" : "database";
      info.location.reset();
      if (record->latitude && record->longitude)
        info.location = tz::LatLon{*record->latitude, *record->longitude};
      info.accuracy_km = record->accuracy_radius_km;
      info.coarse = record->city.empty() ||
                    (record->accuracy_radius_km && *record->accuracy_radius_km >= 500);
      info.location_source = source;
    }
    if (record->asn && !info.asn) {
      info.asn = record->asn;
      info.as_organization =
          record->as_organization.empty() ? record->isp : record->as_organization;
    }
    if (!record->connection_type.empty() && info.connection_type.empty())
      info.connection_type = record->connection_type;
    if (record->connection_type == "Cellular" || record->user_type == "cellular")
      info.mobile = true;
    if (record->user_type == "hosting")
      info.anonymizers.push_back({"hosting", source, record->isp});
    add_flags(info, *record, source);
  }
  if (!info.asn) {
    if (const auto a = asn_.lookup(ip)) {
      info.asn = a->number;
      info.as_organization = a->organization;
    }
  }
  for (const auto& hit : lists_.match(ip, info.asn))
    info.anonymizers.push_back(
        {hit.kind, hit.source, hit.label.empty() ? info.as_organization : hit.label});
  for (const auto& a : info.anonymizers) info.hosting = info.hosting || a.kind == "hosting";

  if (info.time_zone.empty() && !info.country.empty()) {
    const auto zone = info.location ? zones_.nearest(info.country, *info.location)
                                    : zones_.single_zone(info.country);
    if (zone) {
      info.time_zone = *zone;
      info.time_zone_source = "zone1970.tab";
    }
  }

  static const auto dprk_block = parse_cidr("175.45.176.0/22");
  if (!(ip < dprk_block->first) && !(dprk_block->last < ip))
    info.dprk_reason = "address in 175.45.176.0/22, North Korea's allocation";
  else if (info.asn && *info.asn == kDprkAsn)
    info.dprk_reason = "announced by AS131279 (Star Joint Venture, Pyongyang)";
  else if (info.country == "KP")
    info.dprk_reason = "located in North Korea by " + info.location_source;
  return info;
}

}  // namespace candor::plugins::geoip
