#include "session_signals.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "candor/tz/offsets.hpp"

namespace candor::plugins::geoip {

const std::vector<SignalSpec>& signal_table() {
  static const std::vector<SignalSpec> kSignals = {
      {"geoip.location_mismatch",
       "location",
       {{"other_country", 1.5},
        {"other_country_far", 2.0},
        {"same_country", 0.5},
        {"same_country_far", 1.0},
        {"other_region", 0.5}},
       false,
       "A session's IP address is located away from the claimed location"},
      {"geoip.anonymizer",
       "anonymizer",
       {{"tor", 1.5},
        {"watchlist", 1.5},
        {"residential_proxy", 1.2},
        {"public_proxy", 1.2},
        {"hosting", 1.0},
        {"vpn", 0.5}},
       false,
       "A session came through an address that hides the user (Tor, proxy, VPN, hosting or a "
       "watchlist entry)"},
      {"geoip.dprk_network",
       "dprk_network",
       {{"", 8.0}},
       true,
       "A session came from North Korea's own network"},
      {"geoip.ip_timezone_mismatch",
       "location",
       {{"", 1.0}},
       false,
       "The time zone of a session's IP location is 3 hours or more from the claimed zone"},
      {"geoip.browser_timezone_mismatch",
       "timezone",
       {{"3h", 2.0}, {"6h", 2.5}},
       false,
       "The browser's time zone is 3 hours or more from the claimed zone"},
      {"geoip.impossible_travel",
       "location",
       {{"", 1.0}},
       false,
       "Two sessions are farther apart than anyone could travel in the time between them"},
      {"geoip.country_hopping",
       "location",
       {{"3_countries", 1.0}, {"4_countries", 1.5}},
       false,
       "Sessions came from 3 or more countries within 7 days"},
  };
  return kSignals;
}

namespace {
using nlohmann::json;

const SignalSpec& spec(std::string_view id) { return find_spec(signal_table(), id); }

constexpr int kTimezoneGapMinutes = 180;   // the 3 h threshold
constexpr double kSameCountryFarKm = 500;  // DB-IP/GeoLite city answers are often 100s of km off
constexpr double kTravelMinKm = 500;
constexpr double kTravelMaxKmh = 1000;
constexpr std::int64_t kHopWindowSeconds = 7 * 24 * 3600;
constexpr std::size_t kHopCountries = 3;

// US state and DC postal codes, so a claimed "TX" compares with a database's "Texas".
std::string region_name(const std::string& country, const std::string& region) {
  static const std::map<std::string, std::string> kUs{
      {"AL", "Alabama"},        {"AK", "Alaska"},         {"AZ", "Arizona"},
      {"AR", "Arkansas"},       {"CA", "California"},     {"CO", "Colorado"},
      {"CT", "Connecticut"},    {"DE", "Delaware"},       {"DC", "District of Columbia"},
      {"FL", "Florida"},        {"GA", "Georgia"},        {"HI", "Hawaii"},
      {"ID", "Idaho"},          {"IL", "Illinois"},       {"IN", "Indiana"},
      {"IA", "Iowa"},           {"KS", "Kansas"},         {"KY", "Kentucky"},
      {"LA", "Louisiana"},      {"ME", "Maine"},          {"MD", "Maryland"},
      {"MA", "Massachusetts"},  {"MI", "Michigan"},       {"MN", "Minnesota"},
      {"MS", "Mississippi"},    {"MO", "Missouri"},       {"MT", "Montana"},
      {"NE", "Nebraska"},       {"NV", "Nevada"},         {"NH", "New Hampshire"},
      {"NJ", "New Jersey"},     {"NM", "New Mexico"},     {"NY", "New York"},
      {"NC", "North Carolina"}, {"ND", "North Dakota"},   {"OH", "Ohio"},
      {"OK", "Oklahoma"},       {"OR", "Oregon"},         {"PA", "Pennsylvania"},
      {"RI", "Rhode Island"},   {"SC", "South Carolina"}, {"SD", "South Dakota"},
      {"TN", "Tennessee"},      {"TX", "Texas"},          {"UT", "Utah"},
      {"VT", "Vermont"},        {"VA", "Virginia"},       {"WA", "Washington"},
      {"WV", "West Virginia"},  {"WI", "Wisconsin"},      {"WY", "Wyoming"}};
  std::string upper = region;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (country == "US")
    if (const auto it = kUs.find(upper); it != kUs.end()) return it->second;
  return region;
}

bool same_text(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
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
  std::string best_level;
  double best_scale = 1.0;
  json worst;
  int mismatched = 0, located = 0;
  for (const auto& s : sessions) {
    if (!s.info || s.info->country.empty()) continue;
    ++located;
    const IpInfo& info = *s.info;
    std::optional<double> km;
    if (claim.point && info.location) km = tz::distance_km(*claim.point, *info.location);
    const double slack = std::max<double>(kSameCountryFarKm, info.accuracy_km.value_or(0));
    const char* level = nullptr;
    std::string why;
    if (info.country != claim.country) {
      level = km && *km > 3000 ? "other_country_far" : "other_country";
      why = "country differs";
    } else if (km && *km > slack) {
      level = *km > 1500 ? "same_country_far" : "same_country";
      why = "same country, far from the claimed city";
    } else if (!km && !claim.region.empty() && !info.region.empty() && !info.coarse &&
               !same_text(region_name(claim.country, claim.region), info.region)) {
      // Without the claimed city's coordinates the region is the best comparison left.
      level = "other_region";
      why = "same country, another region";
    }
    if (!level) continue;
    // A country-level answer says little about where the person is.
    const double scale = info.coarse ? 0.5 : 1.0;
    const double llr = spec("geoip.location_mismatch").level(level).llr * scale;
    ++mismatched;
    if (llr > best) {
      best = llr;
      best_level = level;
      best_scale = scale;
      worst = place_json(info);
      worst["why"] = why;
      worst["coarse"] = info.coarse;
      worst["at"] = at_json(s);
      if (km) worst["distance_km"] = std::round(*km);
    }
  }
  if (best == 0) return std::nullopt;
  // A single odd session among many consistent ones is weaker than a consistent story.
  if (located >= 3 && mismatched * 3 < located) best_scale *= 0.5;
  json evidence = {
      {"claimed", {{"country", claim.country}, {"region", claim.region}, {"city", claim.city}}},
      {"session", worst},
      {"sessions_mismatched", mismatched},
      {"sessions_located", located}};
  if (claim.point) {
    evidence["claimed"]["location"] = {claim.point->lat, claim.point->lon};
    evidence["claimed"]["location_source"] = claim.point_source;
  }
  return spec("geoip.location_mismatch")
      .make_at(best_level,
               "Connected from " + worst.value("city", std::string()) +
                   (worst.contains("city") ? ", " : "") + worst["country"].get<std::string>() +
                   " while claiming " + (claim.city.empty() ? "" : claim.city + ", ") +
                   claim.country,
               std::move(evidence), best_scale);
}

// The anonymizer level of a kind; a kind with no level of its own counts as a VPN.
std::string anonymizer_level(const std::string& kind) {
  for (const auto& level : spec("geoip.anonymizer").levels)
    if (level.name == kind) return kind;
  return "vpn";
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
    const std::string provider = hits[0].value("provider", std::string());
    std::string summary = "Connected through a " + kind + " address (" +
                          hits[0]["ip"].get<std::string>() +
                          (provider.empty() ? "" : ", " + provider) + ")";
    std::replace(summary.begin(), summary.end(), '_', ' ');
    out.push_back(
        spec("geoip.anonymizer")
            .make_at(anonymizer_level(kind), std::move(summary), {{"kind", kind}, {"hits", hits}}));
  }
  return out;
}

std::optional<Signal> dprk_network(const std::vector<ResolvedSession>& sessions) {
  for (const auto& s : sessions) {
    if (!s.info || !s.info->dprk_reason) continue;
    json evidence = place_json(*s.info);
    evidence["reason"] = *s.info->dprk_reason;
    evidence["at"] = at_json(s);
    return spec("geoip.dprk_network")
        .make("Connected from North Korea's own network (" + s.info->address.to_string() + ")",
              std::move(evidence));
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
    if (browser)
      zone = s.session->browser_timezone;
    else if (s.info)
      zone = s.info->time_zone;
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
  std::string summary = std::string(browser ? "Browser" : "IP address") + " time zone " +
                        worst["time_zone"].get<std::string>() + " (" +
                        worst["utc_offset"].get<std::string>() + ") is " +
                        std::to_string(worst_gap / 60) + " h from the claimed " + claim.time_zone;
  json evidence = worst;
  evidence["sessions_mismatched"] = count;
  evidence["sessions_compared"] = compared;
  // A browser clock set to a far zone is hard to explain for someone living where they claim;
  // the IP's zone mostly repeats what location_mismatch already counted.
  if (browser)
    return spec("geoip.browser_timezone_mismatch")
        .make_at(worst_gap >= 360 ? "6h" : "3h", std::move(summary), std::move(evidence));
  return spec("geoip.ip_timezone_mismatch").make(std::move(summary), std::move(evidence));
}

std::vector<const ResolvedSession*> timed_located(const std::vector<ResolvedSession>& sessions) {
  std::vector<const ResolvedSession*> out;
  for (const auto& s : sessions)
    if (s.session->at && s.info && s.info->location) out.push_back(&s);
  std::stable_sort(out.begin(), out.end(),
                   [](auto* a, auto* b) { return *a->session->at < *b->session->at; });
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
    return spec("geoip.impossible_travel")
        .make("Sessions " + std::to_string(static_cast<long>(km)) + " km apart within " +
                  std::to_string(static_cast<long>(hours * 60)) + " minutes",
              {{"from", place_json(*a.info)},
               {"to", place_json(*b.info)},
               {"from_at", at_json(a)},
               {"to_at", at_json(b)},
               {"distance_km", std::round(km)},
               {"speed_kmh", std::round(kmh)}});
  }
  return std::nullopt;
}

std::optional<Signal> country_hopping(const std::vector<ResolvedSession>& sessions) {
  std::vector<std::pair<std::int64_t, std::string>> seen;
  for (const auto& s : sessions)
    if (s.session->at && s.info && !s.info->country.empty())
      seen.emplace_back(*s.session->at, s.info->country);
  std::sort(seen.begin(), seen.end());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    std::set<std::string> countries;
    std::size_t j = i;
    for (; j < seen.size() && seen[j].first - seen[i].first <= kHopWindowSeconds; ++j)
      countries.insert(seen[j].second);
    if (countries.size() < kHopCountries) continue;
    return spec("geoip.country_hopping")
        .make_at(countries.size() >= 4 ? "4_countries" : "3_countries",
                 "Sessions from " + std::to_string(countries.size()) + " countries within 7 days",
                 {{"countries", countries},
                  {"from", format_rfc3339(seen[i].first)},
                  {"to", format_rfc3339(seen[j - 1].first)}});
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

}  // namespace candor::plugins::geoip
