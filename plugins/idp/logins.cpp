#include "logins.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "candor/tz/zone_table.hpp"

namespace candor::plugins::idp {

const std::vector<SignalSpec>& signal_table() {
  static const std::vector<SignalSpec> table = {
      {"idp.impossible_travel",
       "impossible_travel",
       {{"", 4.5}},
       false,
       "two successful sign-ins without an anonymizer are farther apart than a plane flies in "
       "the time between them"},
      {"idp.proxy_share",
       "anonymizer",
       {{"", 1.0}},
       false,
       "a large share of sign-ins came through anonymizers (the provider's or geoip's verdict)"},
      {"idp.device_churn",
       "device_churn",
       {{"", 1.5}},
       false,
       "new device fingerprints keep appearing after the first weeks"},
  };
  return table;
}

namespace {

struct Place {
  tz::LatLon point;
  std::string country;
  std::string source;
};

}  // namespace

std::vector<Signal> evaluate_logins(const std::vector<Login>& logins,
                                    const std::vector<ResolvedAddress>* addresses,
                                    const Thresholds& t) {
  std::map<std::string, const ResolvedAddress*> resolved;
  if (addresses)
    for (const auto& a : *addresses) resolved[a.ip] = &a;
  const auto anonymized = [&](const Login& l) {
    const auto it = resolved.find(l.ip);
    return l.proxy || (it != resolved.end() && (it->second->anonymizer || it->second->hosting));
  };
  // geoip's city-level answer first, the provider's own geolocation when geoip has none.
  const auto place_of = [&](const Login& l) -> std::optional<Place> {
    if (const auto it = resolved.find(l.ip);
        it != resolved.end() && it->second->latitude && it->second->longitude)
      return Place{{*it->second->latitude, *it->second->longitude}, it->second->country, "geoip"};
    if (l.latitude && l.longitude) return Place{{*l.latitude, *l.longitude}, l.country, "idp"};
    return std::nullopt;
  };
  std::vector<Signal> out;
  const auto& table = signal_table();

  // Impossible travel: the fastest pair of consecutive located sign-ins.
  const Login* prev = nullptr;
  std::optional<Place> prev_place;
  double worst_kmh = 0;
  int pairs = 0;
  nlohmann::json worst;
  for (const auto& l : logins) {
    if (anonymized(l)) continue;
    const auto place = place_of(l);
    if (!place) continue;
    if (prev) {
      const double km = tz::distance_km(prev_place->point, place->point);
      const double hours = std::max(1.0, double(l.at - prev->at)) / 3600.0;
      const double kmh = km / hours;
      if (km > t.min_km && kmh > t.max_kmh) {
        ++pairs;
        if (kmh > worst_kmh) {
          worst_kmh = kmh;
          worst = {{"from", {{"at", format_rfc3339(prev->at)}, {"country", prev_place->country}}},
                   {"to", {{"at", format_rfc3339(l.at)}, {"country", place->country}}},
                   {"km", std::round(km)},
                   {"minutes", std::round(double(l.at - prev->at) / 60.0)},
                   {"location_source", place->source}};
        }
      }
    }
    prev = &l;
    prev_place = place;
  }
  if (pairs)
    out.push_back(
        find_spec(table, "idp.impossible_travel")
            .make(fmt::format("Sign-ins from {} and {} {} minutes apart ({} km); {} such "
                              "pair(s)",
                              worst["from"]["country"].get<std::string>(),
                              worst["to"]["country"].get<std::string>(),
                              worst["minutes"].get<double>(), worst["km"].get<double>(), pairs),
                  {{"worst", worst}, {"pairs", pairs}}));

  // Share of sign-ins through anonymizers.
  if (!logins.empty()) {
    std::size_t proxied = 0;
    for (const auto& l : logins) proxied += anonymized(l);
    const double share = double(proxied) / double(logins.size());
    if (proxied >= 2 && share > t.proxy_share)
      out.push_back(find_spec(table, "idp.proxy_share")
                        .make(fmt::format("{} of {} sign-ins ({:.0f} %) came through anonymizers",
                                          proxied, logins.size(), share * 100),
                              {{"anonymized", proxied},
                               {"logins", logins.size()},
                               {"share", std::round(share * 1000) / 1000}}));
  }

  // Device churn: fingerprints first seen after the settling period.
  if (!logins.empty()) {
    const std::int64_t settled = logins.front().at + std::int64_t(t.settle_days) * 86400;
    std::set<std::string> seen, late;
    int flagged_new = 0;
    for (const auto& l : logins) {
      const bool first = !l.device_hash.empty() && seen.insert(l.device_hash).second;
      if (l.at < settled) continue;
      if (first)
        late.insert(l.device_hash);
      else if (l.new_device && l.device_hash.empty())
        ++flagged_new;
    }
    const int count = int(late.size()) + flagged_new;
    if (count >= t.new_devices)
      out.push_back(find_spec(table, "idp.device_churn")
                        .make(fmt::format("{} new sign-in devices appeared after the first {} days",
                                          count, t.settle_days),
                              {{"new_devices", count}, {"settle_days", t.settle_days}}));
  }
  return out;
}

}  // namespace candor::plugins::idp
