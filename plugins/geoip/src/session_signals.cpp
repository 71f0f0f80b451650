#include "session_signals.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "candor/tz/offsets.hpp"

namespace candor::geoip {

namespace {
using nlohmann::json;

constexpr int kTimezoneGapMinutes = 180;       // the 3 h threshold
constexpr double kSameCountryFarKm = 500;      // DB-IP/GeoLite city answers are often 100s of km off
constexpr double kTravelMinKm = 500;
constexpr double kTravelMaxKmh = 1000;
constexpr std::int64_t kHopWindowSeconds = 7 * 24 * 3600;
constexpr std::size_t kHopCountries = 3;

// US state and DC postal codes, so a claimed "TX" compares with a database's "Texas".
std::string region_name(const std::string& country, const std::string& region) {
  static const std::map<std::string, std::string> kUs{
      {"AL", "Alabama"}, {"AK", "Alaska"}, {"AZ", "Arizona"}, {"AR", "Arkansas"},
      {"CA", "California"}, {"CO", "Colorado"}, {"CT", "Connecticut"}, {"DE", "Delaware"},
      {"DC", "District of Columbia"}, {"FL", "Florida"}, {"GA", "Georgia"}, {"HI", "Hawaii"},
      {"ID", "Idaho"}, {"IL", "Illinois"}, {"IN", "Indiana"}, {"IA", "Iowa"}, {"KS", "Kansas"},
      {"KY", "Kentucky"}, {"LA", "Louisiana"}, {"ME", "Maine"}, {"MD", "Maryland"},
      {"MA", "Massachusetts"}, {"MI", "Michigan"}, {"MN", "Minnesota"}, {"MS", "Mississippi"},
      {"MO", "Missouri"}, {"MT", "Montana"}, {"NE", "Nebraska"}, {"NV", "Nevada"},
      {"NH", "New Hampshire"}, {"NJ", "New Jersey"}, {"NM", "New Mexico"}, {"NY", "New York"},
      {"NC", "North Carolina"}, {"ND", "North Dakota"}, {"OH", "Ohio"}, {"OK", "Oklahoma"},
      {"OR", "Oregon"}, {"PA", "Pennsylvania"}, {"RI", "Rhode Island"}, {"SC", "South Carolina"},
      {"SD", "South Dakota"}, {"TN", "Tennessee"}, {"TX", "Texas"}, {"UT", "Utah"},
      {"VT", "Vermont"}, {"VA", "Virginia"}, {"WA", "Washington"}, {"WV", "West Virginia"},
      {"WI", "Wisconsin"}, {"WY", "Wyoming"}};
  std::string upper = region;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (country == "US")
    if (const auto it = kUs.find(upper); it != kUs.end()) return it->second;
  return region;
}

bool same_text(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

json place_json(const IpInfo& info) {
  json j{{"ip", info.address.to_string()}, {"country", info.country}};
  if (!info.region.empty()) j["region"] = info.region;
  if (!info.city.empty()) j["city"] = info.city;
  if (info.location) j["location"] = {info.location->lat, info.location->lon};
  if (info.accuracy_km) j["accuracy_radius_km"] = *info.accuracy_km;
  if (info.asn) j["asn"] = *info.asn;
  if (!info.as_organization.empty()) j["as_organization"] = info.as_organization;
  j["database"] = info.location_source;
  return j;
}

std::int64_t instant(const ResolvedSession& s, std::int64_t now) {
  return s.session->at ? *s.session->at : now;
}

json at_json(const ResolvedSession& s) {
  return s.session->at ? json(format_rfc3339(*s.session->at)) : json(nullptr);
}

// geoip.location_mismatch: graded by how far the session is from the claim.
std::optional<Signal> location_mismatch(const ClaimedPlace& claim,
                                        const std::vector<ResolvedSession>& sessions) {
  if (claim.country.empty()) return std::nullopt;
  double best = 0;
  json worst;
  int mismatched = 0, located = 0;
  for (const auto& s : sessions) {
    if (!s.info || s.info->country.empty()) continue;
    ++located;
    const IpInfo& info = *s.info;
    std::optional<double> km;
    if (claim.point && info.location) km = tz::distance_km(*claim.point, *info.location);
    const double slack = std::max<double>(kSameCountryFarKm, info.accuracy_km.value_or(0));
    double llr = 0;
    std::string why;
    if (info.country != claim.country) {
      llr = km && *km > 3000 ? 2.0 : 1.5;
      why = "country differs";
    } else if (km && *km > slack) {
      llr = *km > 1500 ? 1.0 : 0.5;
      why = "same country, far from the claimed city";
    } else if (!km && !claim.region.empty() && !info.region.empty() && !info.coarse &&
               !same_text(region_name(claim.country, claim.region), info.region)) {
      // Without the claimed city's coordinates the region is the best comparison left.
      llr = 0.5;
      why = "same country, another region";
    }
    if (llr == 0) continue;
    // A country-level answer says little about where the person is.
    if (info.coarse) llr *= 0.5;
    ++mismatched;
    if (llr > best) {
      best = llr;
      worst = place_json(info);
      worst["why"] = why;
      worst["coarse"] = info.coarse;
      worst["at"] = at_json(s);
      if (km) worst["distance_km"] = std::round(*km);
    }
  }
  if (best == 0) return std::nullopt;
  // A single odd session among many consistent ones is weaker than a consistent story.
  if (located >= 3 && mismatched * 3 < located) best *= 0.5;
  Signal signal;
  signal.id = "geoip.location_mismatch";
  signal.summary = "Connected from " + worst.value("city", std::string()) +
                   (worst.contains("city") ? ", " : "") + worst["country"].get<std::string>() +
                   " while claiming " + (claim.city.empty() ? "" : claim.city + ", ") + claim.country;
  signal.llr = best;
  signal.group = "location";
  signal.evidence = {{"claimed", {{"country", claim.country}, {"region", claim.region}, {"city", claim.city}}},
                     {"session", worst},
                     {"sessions_mismatched", mismatched},
                     {"sessions_located", located}};
  if (claim.point) {
    signal.evidence["claimed"]["location"] = {claim.point->lat, claim.point->lon};
    signal.evidence["claimed"]["location_source"] = claim.point_source;
  }
  return signal;
}

double anonymizer_llr(const std::string& kind) {
  if (kind == "tor") return 1.5;
  if (kind == "watchlist") return 1.5;
  if (kind == "residential_proxy") return 1.2;
  if (kind == "public_proxy") return 1.2;
  if (kind == "hosting") return 1.0;
  if (kind == "vpn") return 0.5;
  return 0.5;
}

// geoip.anonymizer: one signal per kind of anonymizer seen, all in one correlation group.
std::vector<Signal> anonymizers(const std::vector<ResolvedSession>& sessions) {
  std::map<std::string, json> by_kind;
  for (const auto& s : sessions) {
    if (!s.info) continue;
    for (const auto& hit : s.info->anonymizers) {
      json& e = by_kind[hit.kind];
      if (e.is_null()) e = json::array();
      json item{{"ip", s.info->address.to_string()}, {"source", hit.source}};
      if (!hit.provider.empty()) item["provider"] = hit.provider;
      if (s.info->asn) item["asn"] = *s.info->asn;
      if (std::find(e.begin(), e.end(), item) == e.end()) e.push_back(item);
    }
  }
  std::vector<Signal> out;
  for (const auto& [kind, hits] : by_kind) {
    Signal signal;
    signal.id = "geoip.anonymizer";
    const std::string provider = hits[0].value("provider", std::string());
    signal.summary = "Connected through a " + kind + " address (" + hits[0]["ip"].get<std::string>() +
                     (provider.empty() ? "" : ", " + provider) + ")";
    std::replace(signal.summary.begin(), signal.summary.end(), '_', ' ');
    signal.llr = anonymizer_llr(kind);
    signal.group = "anonymizer";
    signal.evidence = {{"kind", kind}, {"hits", hits}};
    out.push_back(std::move(signal));
  }
  return out;
}

std::optional<Signal> dprk_network(const std::vector<ResolvedSession>& sessions) {
  for (const auto& s : sessions) {
    if (!s.info || !s.info->dprk_reason) continue;
    Signal signal;
    signal.id = "geoip.dprk_network";
    signal.summary = "Connected from North Korea's own network (" + s.info->address.to_string() + ")";
    signal.llr = 8.0;
    signal.hard = true;
    signal.group = "dprk_network";
    signal.evidence = place_json(*s.info);
    signal.evidence["reason"] = *s.info->dprk_reason;
    signal.evidence["at"] = at_json(s);
    return signal;
  }
  return std::nullopt;
}

// The larger offset gap of sessions whose zone differs from the claim by >= 3 h.
std::optional<Signal> timezone_mismatch(const ClaimedPlace& claim,
                                        const std::vector<ResolvedSession>& sessions,
                                        std::int64_t now, bool browser) {
  if (claim.time_zone.empty()) return std::nullopt;
  int worst_gap = 0, count = 0, compared = 0;
  json worst;
  for (const auto& s : sessions) {
    std::string zone;
    if (browser) zone = s.session->browser_timezone;
    else if (s.info) zone = s.info->time_zone;
    if (zone.empty()) continue;
    const std::int64_t t = instant(s, now);
    const auto theirs = tz::utc_offset_minutes(zone, t);
    const auto claimed = tz::utc_offset_minutes(claim.time_zone, t);
    if (!theirs || !claimed) continue;
    ++compared;
    const int gap = std::abs(*theirs - *claimed);
    if (gap < kTimezoneGapMinutes) continue;
    ++count;
    if (gap > worst_gap) {
      worst_gap = gap;
      worst = {{"time_zone", zone},
               {"utc_offset", tz::format_offset(*theirs)},
               {"claimed_time_zone", claim.time_zone},
               {"claimed_utc_offset", tz::format_offset(*claimed)},
               {"gap_hours", gap / 60.0},
               {"at", at_json(s)}};
      if (s.info) worst["ip"] = s.info->address.to_string();
      if (!browser && s.info) worst["time_zone_source"] = s.info->time_zone_source;
    }
  }
  if (count == 0) return std::nullopt;
  Signal signal;
  signal.id = browser ? "geoip.browser_timezone_mismatch" : "geoip.ip_timezone_mismatch";
  signal.summary = std::string(browser ? "Browser" : "IP address") + " time zone " +
                   worst["time_zone"].get<std::string>() + " (" + worst["utc_offset"].get<std::string>() +
                   ") is " + std::to_string(worst_gap / 60) + " h from the claimed " + claim.time_zone;
  // A browser clock set to a far zone is hard to explain for someone living where they claim;
  // the IP's zone mostly repeats what location_mismatch already counted.
  signal.llr = browser ? (worst_gap >= 360 ? 2.5 : 2.0) : 1.0;
  signal.group = browser ? "timezone" : "location";
  signal.evidence = worst;
  signal.evidence["sessions_mismatched"] = count;
  signal.evidence["sessions_compared"] = compared;
  return signal;
}

std::vector<const ResolvedSession*> timed_located(const std::vector<ResolvedSession>& sessions) {
  std::vector<const ResolvedSession*> out;
  for (const auto& s : sessions)
    if (s.session->at && s.info && s.info->location) out.push_back(&s);
  std::stable_sort(out.begin(), out.end(), [](auto* a, auto* b) { return *a->session->at < *b->session->at; });
  return out;
}

std::optional<Signal> impossible_travel(const std::vector<ResolvedSession>& sessions) {
  const auto ordered = timed_located(sessions);
  for (std::size_t i = 1; i < ordered.size(); ++i) {
    const auto& a = *ordered[i - 1];
    const auto& b = *ordered[i];
    const double km = tz::distance_km(*a.info->location, *b.info->location);
    if (km <= kTravelMinKm) continue;
    const double hours = std::max<double>(1.0 / 60, (*b.session->at - *a.session->at) / 3600.0);
    const double kmh = km / hours;
    if (kmh <= kTravelMaxKmh) continue;
    Signal signal;
    signal.id = "geoip.impossible_travel";
    signal.summary = "Sessions " + std::to_string(static_cast<long>(km)) + " km apart within " +
                     std::to_string(static_cast<long>(hours * 60)) + " minutes";
    signal.llr = 1.0;
    signal.group = "location";
    signal.evidence = {{"from", place_json(*a.info)}, {"to", place_json(*b.info)},
                       {"from_at", at_json(a)}, {"to_at", at_json(b)},
                       {"distance_km", std::round(km)}, {"speed_kmh", std::round(kmh)}};
    return signal;
  }
  return std::nullopt;
}

std::optional<Signal> country_hopping(const std::vector<ResolvedSession>& sessions) {
  std::vector<std::pair<std::int64_t, std::string>> seen;
  for (const auto& s : sessions)
    if (s.session->at && s.info && !s.info->country.empty()) seen.emplace_back(*s.session->at, s.info->country);
  std::sort(seen.begin(), seen.end());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    std::set<std::string> countries;
    std::size_t j = i;
    for (; j < seen.size() && seen[j].first - seen[i].first <= kHopWindowSeconds; ++j)
      countries.insert(seen[j].second);
    if (countries.size() < kHopCountries) continue;
    Signal signal;
    signal.id = "geoip.country_hopping";
    signal.summary = "Sessions from " + std::to_string(countries.size()) + " countries within 7 days";
    signal.llr = countries.size() >= 4 ? 1.5 : 1.0;
    signal.group = "location";
    signal.evidence = {{"countries", countries},
                       {"from", format_rfc3339(seen[i].first)},
                       {"to", format_rfc3339(seen[j - 1].first)}};
    return signal;
  }
  return std::nullopt;
}

}  // namespace

std::vector<Signal> evaluate_sessions(const ClaimedPlace& claim,
                                      const std::vector<ResolvedSession>& sessions,
                                      std::int64_t now) {
  std::vector<Signal> out;
  auto add = [&](std::optional<Signal> s) {
    if (s) out.push_back(std::move(*s));
  };
  add(dprk_network(sessions));
  add(location_mismatch(claim, sessions));
  for (auto& s : anonymizers(sessions)) out.push_back(std::move(s));
  add(timezone_mismatch(claim, sessions, now, false));
  add(timezone_mismatch(claim, sessions, now, true));
  add(impossible_travel(sessions));
  add(country_hopping(sessions));
  return out;
}

}  // namespace candor::geoip
