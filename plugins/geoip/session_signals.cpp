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
       "clock",
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
// A clock on UTC that contradicts the claim counts a quarter: it hides where the person is no
// more than it shows it.
constexpr double kUtcClockScale = 0.25;

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

// What one session says against the claim: where the databases put it, the offsets of the
// claimed zone, the IP's zone and the browser's zone at the session's instant.
struct SessionView {
  const ResolvedSession* s = nullptr;
  bool located = false;  ///< the databases gave a country
  /// Through a known VPN, proxy, Tor or hosting exit: the place is the exit's, not the
  /// person's, and geoip.anonymizer already reports the session.
  bool anonymized = false;
  std::optional<int> claimed_offset, ip_offset, browser_offset;
  const char* location_level = nullptr;  ///< set when the session is away from the claim
  double location_llr = 0;
  std::string why;
  std::optional<double> km;
};

int gap_minutes(int a, int b) { return std::abs(a - b); }

// A browser clock on UTC is a machine setting (common on developers' machines), not a place.
bool utc_clock(const std::string& zone) {
  static const std::set<std::string> kUtc = {
      "UTC",       "Etc/UTC",       "UCT",       "Etc/UCT",       "GMT",   "Etc/GMT",
      "GMT0",      "Etc/GMT0",      "GMT+0",     "Etc/GMT+0",     "GMT-0", "Etc/GMT-0",
      "Greenwich", "Etc/Greenwich", "Universal", "Etc/Universal", "Zulu",  "Etc/Zulu"};
  return kUtc.count(zone) > 0;
}

// The browser's clock agrees with the zone of the IP it came from (a traveller's laptop).
bool browser_agrees_with_ip(const SessionView& v) {
  return v.browser_offset && v.ip_offset &&
         gap_minutes(*v.browser_offset, *v.ip_offset) < kTimezoneGapMinutes;
}

// The browser's clock is on the claimed zone while the IP's zone is 3 h or more away: the
// address is more likely a VPN exit or a geolocation error than where the person sits.
bool clock_on_claim(const SessionView& v) {
  return v.browser_offset && v.claimed_offset && v.ip_offset &&
         gap_minutes(*v.browser_offset, *v.claimed_offset) < kTimezoneGapMinutes &&
         gap_minutes(*v.ip_offset, *v.claimed_offset) >= kTimezoneGapMinutes;
}

// A finding held by `share` of the sessions counts in proportion up to half of them: one
// session in ten carries a fifth of the level's strength, half or more carry all of it.
double share_scale(double share) { return std::clamp(2.0 * share, 0.0, 1.0); }

// "Europe/London" → "London": how a reviewer names a zone.
std::string zone_place(const std::string& zone) {
  std::string place = zone.substr(zone.rfind('/') == std::string::npos ? 0 : zone.rfind('/') + 1);
  std::replace(place.begin(), place.end(), '_', ' ');
  return place;
}

std::string place_name(const IpInfo& info) {
  return info.city.empty() ? info.country : info.city + ", " + info.country;
}

std::vector<SessionView> session_views(const ClaimedPlace& claim,
                                       const std::vector<ResolvedSession>& sessions,
                                       std::int64_t now) {
  std::vector<SessionView> out;
  for (const auto& s : sessions) {
    SessionView v;
    v.s = &s;
    const std::int64_t t = instant(s, now);
    if (!claim.time_zone.empty()) v.claimed_offset = tz::utc_offset_minutes(claim.time_zone, t);
    if (!s.session->browser_timezone.empty())
      v.browser_offset = tz::utc_offset_minutes(s.session->browser_timezone, t);
    if (s.info && !s.info->time_zone.empty())
      v.ip_offset = tz::utc_offset_minutes(s.info->time_zone, t);
    v.anonymized = s.info && !s.info->anonymizers.empty();
    if (s.info && !s.info->country.empty() && !claim.country.empty() && !v.anonymized) {
      v.located = true;
      const IpInfo& info = *s.info;
      if (claim.point && info.location) v.km = tz::distance_km(*claim.point, *info.location);
      const double slack = std::max<double>(kSameCountryFarKm, info.accuracy_km.value_or(0));
      if (info.country != claim.country) {
        v.location_level = v.km && *v.km > 3000 ? "other_country_far" : "other_country";
        v.why = "country differs";
      } else if (v.km && *v.km > slack) {
        v.location_level = *v.km > 1500 ? "same_country_far" : "same_country";
        v.why = "same country, far from the claimed city";
      } else if (!v.km && !claim.region.empty() && !info.region.empty() && !info.coarse &&
                 !same_text(region_name(claim.country, claim.region), info.region)) {
        // Without the claimed city's coordinates the region is the best comparison left.
        v.location_level = "other_region";
        v.why = "same country, another region";
      }
      // A country-level answer says little about where the person is.
      if (v.location_level)
        v.location_llr =
            spec("geoip.location_mismatch").level(v.location_level).llr * (info.coarse ? 0.5 : 1);
    }
    out.push_back(std::move(v));
  }
  return out;
}

// geoip.location_mismatch: graded by how far the farthest session is from the claim, weighed
// by the share of located sessions that are away. The IP zone of those sessions is the same
// fact, so it is reported here rather than as a second signal.
std::optional<Signal> location_mismatch(const ClaimedPlace& claim,
                                        const std::vector<SessionView>& views) {
  if (claim.country.empty()) return std::nullopt;
  const SessionView* worst = nullptr;
  int mismatched = 0, located = 0, travel = 0, ip_zone_far = 0, with_ip = 0, clock_home = 0;
  for (const auto& v : views) {
    // The share counts every session with an address: one located trip among sessions behind a
    // VPN is still one session in many.
    if (v.s->info) ++with_ip;
    if (!v.located) continue;
    ++located;
    if (!v.location_level) continue;
    ++mismatched;
    if (browser_agrees_with_ip(v)) ++travel;
    if (clock_on_claim(v)) ++clock_home;
    if (v.ip_offset && v.claimed_offset &&
        gap_minutes(*v.ip_offset, *v.claimed_offset) >= kTimezoneGapMinutes)
      ++ip_zone_far;
    if (!worst || v.location_llr > worst->location_llr) worst = &v;
  }
  if (!worst || worst->location_llr <= 0) return std::nullopt;
  const IpInfo& info = *worst->s->info;
  json session = place_json(info);
  session["why"] = worst->why;
  session["coarse"] = info.coarse;
  session["at"] = at_json(*worst->s);
  if (worst->km) session["distance_km"] = std::round(*worst->km);
  const std::string& browser_zone = worst->s->session->browser_timezone;
  if (!browser_zone.empty()) {
    session["browser_timezone"] = browser_zone;
    session["browser_agrees_with_ip"] = browser_agrees_with_ip(*worst);
  }
  const double share = static_cast<double>(mismatched) / std::max(with_ip, located);
  json evidence = {
      {"claimed", {{"country", claim.country}, {"region", claim.region}, {"city", claim.city}}},
      {"session", session},
      {"sessions_mismatched", mismatched},
      {"sessions_located", located},
      {"sessions_supporting", mismatched},
      {"sessions_total", std::max(with_ip, located)},  // sessions with an address
      {"share", std::round(share * 100) / 100}};
  if (claim.point) {
    evidence["claimed"]["location"] = {claim.point->lat, claim.point->lon};
    evidence["claimed"]["location_source"] = claim.point_source;
  }
  std::string summary = "Connected from " + place_name(info) + " while claiming " +
                        (claim.city.empty() ? "" : claim.city + ", ") + claim.country;
  const int total = std::max(with_ip, located);
  if (total > 1)
    summary += " (" + std::to_string(mismatched) + " of " + std::to_string(total) + " sessions)";
  if (ip_zone_far > 0 && worst->ip_offset && worst->claimed_offset) {
    evidence["ip_time_zone"] = info.time_zone;
    evidence["ip_time_zone_source"] = info.time_zone_source;
    evidence["ip_utc_offset"] = tz::format_offset(*worst->ip_offset);
    evidence["ip_gap_hours"] = gap_minutes(*worst->ip_offset, *worst->claimed_offset) / 60.0;
    evidence["sessions_ip_zone_far"] = ip_zone_far;
  }
  if (travel > 0) {
    evidence["sessions_consistent_travel"] = travel;
    if (travel == mismatched)
      evidence["explanation"] = std::to_string(mismatched) + " of " + std::to_string(total) +
                                " sessions from " + place_name(info) + ", browser clock on " +
                                zone_place(browser_zone) + " time: consistent travel";
  }
  if (evidence.contains("explanation"))
    summary += ": " + evidence["explanation"].get<std::string>();
  double scale = (info.coarse ? 0.5 : 1.0) * share;  // one session in ten carries a tenth
  if (clock_home > 0) evidence["sessions_clock_on_claimed_zone"] = clock_home;
  if (clock_home == mismatched) {
    evidence["clock_on_claimed_zone"] =
        "the browser clock stays on the claimed zone: the address is likely a VPN exit";
    scale *= 0.5;
  }
  return spec("geoip.location_mismatch")
      .make_at(worst->location_level, std::move(summary), std::move(evidence), scale);
}

// The anonymizer level of a kind; a kind with no level of its own counts as a VPN.
std::string anonymizer_level(const std::string& kind) {
  for (const auto& level : spec("geoip.anonymizer").levels)
    if (level.name == kind) return kind;
  return "vpn";
}

// geoip.anonymizer: one signal for every address that hides the user, at the strongest kind
// seen, listing all kinds (one Tor exit flagged tor + proxy + hosting + VPN is one fact).
std::optional<Signal> anonymizers(const std::vector<ResolvedSession>& sessions) {
  const SignalSpec& anon = spec("geoip.anonymizer");
  json hits = json::array();
  json exits = json::array();  // where each exit is: the exit's place, not the person's
  std::vector<std::string> kinds, ips;
  int with_ip = 0, hidden = 0;
  std::string strongest;
  for (const auto& s : sessions) {
    if (!s.info) continue;
    ++with_ip;
    if (s.info->anonymizers.empty()) continue;
    ++hidden;
    const std::string ip = s.info->address.to_string();
    if (std::find(ips.begin(), ips.end(), ip) == ips.end()) {
      ips.push_back(ip);
      exits.push_back(place_json(*s.info));
    }
    for (const auto& hit : s.info->anonymizers) {
      json item{{"ip", ip}, {"kind", hit.kind}, {"source", hit.source}};
      if (!hit.provider.empty()) item["provider"] = hit.provider;
      if (s.info->asn) item["asn"] = *s.info->asn;
      if (std::find(hits.begin(), hits.end(), item) == hits.end()) hits.push_back(item);
      if (std::find(kinds.begin(), kinds.end(), hit.kind) == kinds.end()) kinds.push_back(hit.kind);
      const std::string level = anonymizer_level(hit.kind);
      if (strongest.empty() || anon.level(level).llr > anon.level(strongest).llr) strongest = level;
    }
  }
  if (hidden == 0) return std::nullopt;
  // Strongest kind first, the order a reviewer reads them in.
  std::stable_sort(kinds.begin(), kinds.end(), [&](const auto& a, const auto& b) {
    return anon.level(anonymizer_level(a)).llr > anon.level(anonymizer_level(b)).llr;
  });
  std::string listed, provider;
  for (const auto& k : kinds) listed += (listed.empty() ? "" : ", ") + k;
  std::replace(listed.begin(), listed.end(), '_', ' ');
  for (const auto& h : hits)
    if (provider.empty()) provider = h.value("provider", std::string());
  std::string summary = ips.size() == 1
                            ? "Connected through an address that hides the user (" + ips[0] + ": " +
                                  listed + (provider.empty() ? "" : ", " + provider) + ")"
                            : "Connected through " + std::to_string(ips.size()) +
                                  " addresses that hide the user (" + listed + ")";
  if (with_ip > 1)
    summary += ", " + std::to_string(hidden) + " of " + std::to_string(with_ip) + " sessions";
  const double share = static_cast<double>(hidden) / with_ip;
  // Even one session through Tor in a hiring flow counts for half; most sessions, in full.
  return anon.make_at(strongest, std::move(summary),
                      {{"kind", strongest},
                       {"kinds", kinds},
                       {"ips", ips},
                       {"hits", hits},
                       {"exits", exits},
                       {"sessions_supporting", hidden},
                       {"sessions_total", with_ip}},
                      0.5 + 0.5 * share_scale(share));
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

json zone_json(const SessionView& v, const std::string& zone, int offset, const ClaimedPlace& c) {
  json j{{"time_zone", zone},
         {"utc_offset", tz::format_offset(offset)},
         {"claimed_time_zone", c.time_zone},
         {"claimed_utc_offset", tz::format_offset(*v.claimed_offset)},
         {"gap_hours", gap_minutes(offset, *v.claimed_offset) / 60.0},
         {"at", at_json(*v.s)}};
  if (v.s->info) j["ip"] = v.s->info->address.to_string();
  return j;
}

// geoip.ip_timezone_mismatch: the IP's zone is 3 h or more from the claimed zone in sessions
// location_mismatch did not already count (e.g. a claim with a zone but no country).
std::optional<Signal> ip_timezone_mismatch(const ClaimedPlace& claim,
                                           const std::vector<SessionView>& views) {
  int count = 0, compared = 0, worst_gap = 0;
  const SessionView* worst = nullptr;
  for (const auto& v : views) {
    if (!v.ip_offset || !v.claimed_offset || v.anonymized) continue;
    ++compared;
    const int gap = gap_minutes(*v.ip_offset, *v.claimed_offset);
    if (gap < kTimezoneGapMinutes || v.location_level) continue;
    ++count;
    if (gap > worst_gap) worst_gap = gap, worst = &v;
  }
  if (!worst) return std::nullopt;
  const IpInfo& info = *worst->s->info;
  json evidence = zone_json(*worst, info.time_zone, *worst->ip_offset, claim);
  evidence["time_zone_source"] = info.time_zone_source;
  evidence["sessions_mismatched"] = count;
  evidence["sessions_compared"] = compared;
  evidence["sessions_supporting"] = count;
  evidence["sessions_total"] = compared;
  return spec("geoip.ip_timezone_mismatch")
      .make("IP address time zone " + info.time_zone + " (" + tz::format_offset(*worst->ip_offset) +
                ") is " + std::to_string(worst_gap / 60) + " h from the claimed " + claim.time_zone,
            std::move(evidence), share_scale(static_cast<double>(count) / compared));
}

// geoip.browser_timezone_mismatch. A browser clock 3 h or more from the claim that disagrees
// with the IP's zone too (Asia/Shanghai on a Dallas exit) contradicts the story; one that
// agrees with the IP is a traveller's laptop, and counts only when most sessions are abroad.
std::optional<Signal> browser_timezone_mismatch(const ClaimedPlace& claim,
                                                const std::vector<SessionView>& views) {
  int compared = 0, contradicting = 0, travel = 0, utc = 0;
  const SessionView *worst_contra = nullptr, *worst_travel = nullptr;
  auto gap_of = [](const SessionView* v) {
    return gap_minutes(*v->browser_offset, *v->claimed_offset);
  };
  for (const auto& v : views) {
    if (!v.browser_offset || !v.claimed_offset) continue;
    ++compared;
    if (gap_of(&v) < kTimezoneGapMinutes) continue;
    const SessionView*& worst = browser_agrees_with_ip(v) ? worst_travel : worst_contra;
    ++(browser_agrees_with_ip(v) ? travel : contradicting);
    if (!browser_agrees_with_ip(v) && utc_clock(v.s->session->browser_timezone)) ++utc;
    if (!worst || gap_of(&v) > gap_of(worst)) worst = &v;
  }
  const bool mostly_abroad = travel * 2 > compared;
  if (!worst_contra && !mostly_abroad) return std::nullopt;
  const SessionView& worst = worst_contra ? *worst_contra : *worst_travel;
  const int gap = gap_of(&worst);
  const std::string& zone = worst.s->session->browser_timezone;
  json evidence = zone_json(worst, zone, *worst.browser_offset, claim);
  evidence["browser_agrees_with_ip"] = browser_agrees_with_ip(worst);
  if (worst.s->info && !worst.s->info->time_zone.empty())
    evidence["ip_time_zone"] = worst.s->info->time_zone;
  evidence["sessions_mismatched"] = contradicting + travel;
  evidence["sessions_contradicting"] = contradicting;
  evidence["sessions_consistent_travel"] = travel;
  evidence["sessions_compared"] = compared;
  evidence["sessions_supporting"] = worst_contra ? contradicting : travel;
  evidence["sessions_total"] = compared;
  std::string summary = "Browser time zone " + zone + " (" +
                        tz::format_offset(*worst.browser_offset) + ") is " +
                        std::to_string(gap / 60) + " h from the claimed " + claim.time_zone;
  double scale;
  if (worst_contra) {
    if (worst.s->info && !worst.s->info->time_zone.empty())
      summary += " and from the IP's " + worst.s->info->time_zone;
    // A clock that fits neither the claim nor the IP counts even once, more when it repeats.
    scale = std::max(0.4, share_scale(static_cast<double>(contradicting) / compared));
    if (utc == contradicting) {
      evidence["clock_on_utc"] =
          "the clock is on UTC, a machine setting common among developers rather than a place";
      scale *= kUtcClockScale;
    }
  } else {
    summary += ", as is the IP, in most sessions";
    // Most sessions abroad with the clock on the local time: the clock corroborates that the
    // IP's location is where the person lives (a VPN exit would not move the clock).
    scale = share_scale(static_cast<double>(travel) / compared);
  }
  if (compared > 1)
    summary += " (" + std::to_string(worst_contra ? contradicting : travel) + " of " +
               std::to_string(compared) + " sessions)";
  return spec("geoip.browser_timezone_mismatch")
      .make_at(gap >= 360 ? "6h" : "3h", std::move(summary), std::move(evidence), scale);
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
  const auto views = session_views(claim, sessions, now);
  add(location_mismatch(claim, views));
  add(anonymizers(sessions));
  add(ip_timezone_mismatch(claim, views));
  add(browser_timezone_mismatch(claim, views));
  add(impossible_travel(sessions));
  add(country_hopping(sessions));
  return out;
}

}  // namespace candor::plugins::geoip
