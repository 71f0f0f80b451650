// Sessions: every connection with where the evidence located it, its network and anonymizers,
// the browser's zone and languages, and its distance from the claimed place.
#include <fmt/format.h>

#include <map>
#include <set>

#include "candor/tz/offsets.hpp"
#include "candor/tz/zone_table.hpp"
#include "sections.hpp"

namespace candor::app::report {

namespace {

struct IpFacts {
  nlohmann::json located = nlohmann::json::object();  // city, region, country, database, asn …
  std::set<std::string> anonymizers;
};

// Every object in the evidence that names an `ip`, at any depth: what the geoip plugin saw.
void collect(const nlohmann::json& value, std::map<std::string, IpFacts>& out) {
  if (value.is_object()) {
    if (const auto ip = value.find("ip"); ip != value.end() && ip->is_string()) {
      auto& located = out[ip->get<std::string>()].located;
      for (const char* key : {"city", "region", "country", "database", "asn", "as_organization",
                              "distance_km", "location", "provider"})
        if (value.contains(key) && !located.contains(key)) located[key] = value[key];
    }
    for (const auto& [key, item] : value.items()) collect(item, out);
  } else if (value.is_array()) {
    for (const auto& item : value) collect(item, out);
  }
}

}  // namespace

void add_sessions(const PageInput& in, nlohmann::json& model) {
  std::map<std::string, IpFacts> facts;
  for (const auto& s : signals_of(in.verdict)) {
    const auto e = s.value("evidence", nlohmann::json::object());
    collect(e, facts);
    if (s.value("id", "") == "geoip.anonymizer" && e.contains("hits") && e["hits"].is_array())
      for (const auto& hit : e["hits"])
        if (hit.is_object() && hit.contains("ip"))
          facts[text_of(hit, "ip")].anonymizers.insert(
              text_of(hit.contains("kind") ? hit : e, "kind"));
  }
  std::vector<Session> sessions;
  if (in.candidate)
    sessions = in.candidate->sessions;
  else
    for (const auto& [ip, f] : facts) sessions.push_back({ip});
  if (sessions.empty()) return;

  const auto& claim = in.candidate ? in.candidate->claimed_location : ClaimedLocation{};
  const auto zone = claim.timezone.empty() ? std::nullopt : tz::ZoneOffsets::find(claim.timezone);
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& session : sessions) {
    const auto& f = facts[session.ip];
    const auto& l = f.located;
    nlohmann::json row = {{"ip", session.ip}};
    if (session.at) {
      row["at_utc"] = wall_time(*session.at, 0);
      if (zone) {
        const int off = zone->offset_minutes(*session.at);
        row["at_local"] = wall_time(*session.at, off) + " (" + tz::format_offset(off) + ")";
      }
    }
    std::string place = text_of(l, "city");
    for (const char* key : {"region", "country"})
      if (const auto part = text_of(l, key); !part.empty())
        place += (place.empty() ? "" : ", ") + part;
    row["place"] = place.empty() ? "not in the evidence (geoip reports mismatches only)" : place;
    row["database"] = text_of(l, "database");
    std::string network = text_of(l, "asn");
    if (!network.empty()) network = "AS" + network;
    if (const auto org = text_of(l, "as_organization"); !org.empty()) network += " " + org;
    if (const auto provider = text_of(l, "provider"); !provider.empty())
      network += (network.empty() ? "" : " · ") + provider;
    row["network"] = network;
    std::string kinds;
    for (const auto& k : f.anonymizers) kinds += (kinds.empty() ? "" : ", ") + k;
    row["anonymizer"] = kinds.empty() ? "none seen" : kinds;
    row["browser_timezone"] = session.browser_timezone;
    std::string languages;
    for (const auto& lang : session.languages) languages += (languages.empty() ? "" : ", ") + lang;
    row["languages"] = languages;
    std::optional<double> km;
    if (l.contains("distance_km") && l["distance_km"].is_number())
      km = l["distance_km"].get<double>();
    else if (l.contains("location") && l["location"].is_array() && l["location"].size() == 2 &&
             l["location"][0].is_number() && l["location"][1].is_number() && claim.latitude &&
             claim.longitude)
      km = tz::distance_km({l["location"][0].get<double>(), l["location"][1].get<double>()},
                           {*claim.latitude, *claim.longitude});
    row["distance"] = km ? fmt::format("{:.0f} km", *km) : "";
    rows.push_back(std::move(row));
  }
  model["has_sessions"] = true;
  model["sessions"] = std::move(rows);
}

}  // namespace candor::app::report
