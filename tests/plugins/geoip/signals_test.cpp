#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "candor/app/report.hpp"
#include "candor/error.hpp"
#include "candor/pipeline.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "plugin.hpp"

using namespace candor;
using nlohmann::json;

namespace {
std::string test_db(const std::string& name) {
  return (test::shared_dir() / "data" / "mmdb-test" / name).string();
}

// City + ASN + the anonymizer databases, as a user would pass them with --geoip-db.
json test_section() {
  return {{"databases",
           {test_db("GeoIP2-City-Test.mmdb"), test_db("GeoLite2-ASN-Test.mmdb"),
            test_db("GeoIP2-Anonymous-IP-Test.mmdb"), test_db("GeoIP2-Connection-Type-Test.mmdb")}},
          {"use_data_dir", false}};
}

std::shared_ptr<plugins::geoip::GeoipFactory> configured(const json& section,
                                                         const std::filesystem::path& data) {
  auto factory = std::make_shared<plugins::geoip::GeoipFactory>();
  factory->configure(section, PluginSetup{DataDir(data), nullptr, "test-policy.json"});
  return factory;
}

Candidate candidate(const json& claimed, const std::vector<json>& sessions) {
  json j{{"id", "c1"}, {"name", "Test Person"}, {"claimed_location", claimed}};
  j["sessions"] = json::array();
  for (const auto& s : sessions) j["sessions"].push_back(s);
  return parse_candidate(j, "c1.json", std::filesystem::temp_directory_path());
}

json session(const std::string& ip, const std::string& at, const std::string& browser_tz = "") {
  json s{{"ip", ip}, {"at", at}};
  if (!browser_tz.empty()) s["browser_timezone"] = browser_tz;
  return s;
}

const json kSeattle{{"country", "US"},   {"region", "WA"},
                    {"city", "Seattle"}, {"timezone", "America/Los_Angeles"},
                    {"latitude", 47.61}, {"longitude", -122.33}};

struct Screened {
  Verdict verdict;
  std::vector<Signal> all(const std::string& id) const {
    std::vector<Signal> out;
    for (const auto& s : verdict.signals)
      if (s.signal.id == id) out.push_back(s.signal);
    return out;
  }
  std::optional<Signal> one(const std::string& id) const {
    const auto found = all(id);
    if (found.empty()) return std::nullopt;
    return found.front();
  }
  double contribution(const std::string& group) const {
    double sum = 0;
    for (const auto& s : verdict.signals)
      if (s.signal.group == group) sum += s.contribution;
    return sum;
  }
};

Screened screen(const std::shared_ptr<PluginFactory>& factory, const Candidate& c,
                const Policy& policy = default_policy()) {
  Pipeline pipeline(policy, {factory}, nullptr);
  Screened s{pipeline.make_worker()->screen(c)};
  REQUIRE(s.verdict.plugins.size() == 1);
  INFO(s.verdict.plugins[0].reason);
  REQUIRE(s.verdict.plugins[0].status == "ok");
  return s;
}
}  // namespace

TEST_CASE("a consistent US candidate gets no geoip signals and the sessions fact", "[geoip]") {
  test::TempDir data;
  const auto factory = configured(test_section(), data.path());
  REQUIRE(factory->readiness().ready);
  const auto c = candidate(
      kSeattle, {session("216.160.83.56", "2026-07-15T17:00:00Z", "America/Los_Angeles")});
  const auto s = screen(factory, c);
  CHECK(s.verdict.signals.empty());
  CHECK(s.verdict.band == Band::clear);

  auto plugin = factory->make();
  RunContext context(c, nullptr);
  plugin->run(context);
  const auto* fact = context.fact(facts::kGeoipSessions);
  REQUIRE(fact);
  REQUIRE(fact->size() == 1);
  CHECK(fact->front().ip == "216.160.83.56");
  CHECK(fact->front().country == "US");
  CHECK_FALSE(fact->front().hosting);
  CHECK_FALSE(fact->front().anonymizer);
  CHECK_FALSE(fact->front().mobile);
}

TEST_CASE("81.2.69.1 carries every anonymizer flag: one signal listing the kinds", "[geoip]") {
  test::TempDir data;
  const auto s = screen(configured(test_section(), data.path()),
                        candidate(kSeattle, {session("81.2.69.1", "2026-07-15T17:00:00Z")}));
  const auto all = s.all("geoip.anonymizer");
  REQUIRE(all.size() == 1);
  const Signal& sig = all[0];
  CHECK(sig.group == "anonymizer");
  CHECK(sig.level == "tor");
  CHECK(sig.evidence["kind"] == "tor");
  auto kinds = sig.evidence["kinds"].get<std::vector<std::string>>();
  CHECK(kinds.front() == "tor");  // strongest first
  std::sort(kinds.begin(), kinds.end());
  CHECK(kinds ==
        std::vector<std::string>{"hosting", "public_proxy", "residential_proxy", "tor", "vpn"});
  for (const auto& hit : sig.evidence["hits"])
    CHECK(hit["source"] == "GeoIP2-Anonymous-IP-Test.mmdb");
  CHECK(sig.evidence["sessions_supporting"] == 1);
  CHECK(sig.summary.find("tor, public proxy") != std::string::npos);
  CHECK(s.contribution("anonymizer") == Approx(default_policy().group_caps.at("anonymizer")));
}

TEST_CASE("a Tor exit IP is one reason in the text and HTML outputs", "[geoip]") {
  test::TempDir data;
  const auto s = screen(configured(test_section(), data.path()),
                        candidate(kSeattle, {session("65.4.3.2", "2026-07-15T17:00:00Z"),
                                             session("81.2.69.1", "2026-07-16T17:00:00Z")}));
  REQUIRE(s.all("geoip.anonymizer").size() == 1);
  const auto rows = app::fold_signals(to_json(s.verdict)["signals"]);
  int anonymizer_rows = 0;
  for (const auto& row : rows)
    if (row.id == "geoip.anonymizer") {
      ++anonymizer_rows;
      CHECK(row.count == 1);
      CHECK(row.kinds.size() == 5);
    }
  CHECK(anonymizer_rows == 1);
}

TEST_CASE("one anonymized session among ten counts less than all of them", "[geoip]") {
  test::TempDir data;
  const auto factory = configured(test_section(), data.path());
  std::vector<json> mostly_home, all_vpn;
  for (int day = 1; day <= 10; ++day) {
    const std::string at = fmt::format("2026-07-{:02}T17:00:00Z", day);
    mostly_home.push_back(session(day == 5 ? "6.1.0.1" : "216.160.83.56", at));
    all_vpn.push_back(session("6.1.0.1", at));
  }
  const auto once = screen(factory, candidate(kSeattle, mostly_home)).one("geoip.anonymizer");
  const auto always = screen(factory, candidate(kSeattle, all_vpn)).one("geoip.anonymizer");
  REQUIRE(once);
  REQUIRE(always);
  CHECK(once->evidence["sessions_supporting"] == 1);
  CHECK(once->evidence["sessions_total"] == 10);
  CHECK(once->llr == Approx(0.5 * 0.6));
  CHECK(always->llr == Approx(0.5));
}

TEST_CASE("6.1.0.1 is a VPN only, which is weak, and 8.8.8.8 is clean", "[geoip]") {
  test::TempDir data;
  const auto factory = configured(test_section(), data.path());
  const auto vpn =
      screen(factory, candidate(kSeattle, {session("6.1.0.1", "2026-07-15T17:00:00Z")}));
  const auto all = vpn.all("geoip.anonymizer");
  REQUIRE(all.size() == 1);
  CHECK(all[0].evidence["kind"] == "vpn");
  CHECK(all[0].llr == Approx(0.5));
  CHECK_FALSE(vpn.one("geoip.location_mismatch"));  // not found in the City DB: no location
  const auto clean =
      screen(factory, candidate(kSeattle, {session("8.8.8.8", "2026-07-15T17:00:00Z")}));
  CHECK(clean.all("geoip.anonymizer").empty());
}

TEST_CASE("an English address for a Seattle claim: location and IP time-zone mismatch", "[geoip]") {
  test::TempDir data;
  const auto s = screen(configured(test_section(), data.path()),
                        candidate(kSeattle, {session("2.125.160.216", "2026-07-15T17:00:00Z")}));
  REQUIRE(s.all("geoip.anonymizer").empty());  // an ordinary line, not a VPN or proxy exit
  const auto loc = s.one("geoip.location_mismatch");
  REQUIRE(loc);
  CHECK(loc->llr == Approx(2.0));  // another country, > 3,000 km
  CHECK(loc->evidence["session"]["country"] == "GB");
  CHECK(loc->evidence["session"]["distance_km"].get<double>() == Approx(7700).margin(150));
  // The IP's zone is the same fact as its location: reported in the one signal, counted once.
  CHECK(loc->evidence["ip_time_zone"] == "Europe/London");
  CHECK(loc->evidence["ip_gap_hours"] == 8.0);
  CHECK_FALSE(s.one("geoip.ip_timezone_mismatch"));
  CHECK(s.contribution("location") == Approx(2.0));
}

TEST_CASE("the place of a VPN, proxy or Tor exit is not taken for the person's", "[geoip]") {
  // 81.2.69.160 is a London address the anonymous-IP database lists as Tor, proxy, hosting and
  // VPN: one fact (the session hid its origin), reported once as geoip.anonymizer.
  test::TempDir data;
  const auto s = screen(configured(test_section(), data.path()),
                        candidate(kSeattle, {session("81.2.69.160", "2026-07-15T17:00:00Z")}));
  REQUIRE(s.all("geoip.anonymizer").size() == 1);
  CHECK_FALSE(s.one("geoip.location_mismatch"));
  CHECK_FALSE(s.one("geoip.ip_timezone_mismatch"));
  CHECK(s.contribution("location") == Approx(0.0));
}

TEST_CASE("a browser clock on UTC counts a quarter of a clock on another place", "[geoip]") {
  test::TempDir data;
  const auto factory = configured(test_section(), data.path());
  // Seattle claim, Seattle line; the clock on UTC (7 h away in July) or on Shanghai.
  const auto utc = screen(
      factory, candidate(kSeattle, {session("216.160.83.56", "2026-07-15T17:00:00Z", "Etc/UTC")}));
  const auto shanghai = screen(
      factory,
      candidate(kSeattle, {session("216.160.83.56", "2026-07-15T17:00:00Z", "Asia/Shanghai")}));
  const auto on_utc = utc.one("geoip.browser_timezone_mismatch");
  const auto on_shanghai = shanghai.one("geoip.browser_timezone_mismatch");
  REQUIRE(on_utc);
  REQUIRE(on_shanghai);
  CHECK(on_utc->llr == Approx(on_shanghai->llr * 0.25));
  CHECK(on_utc->evidence.contains("clock_on_utc"));
  CHECK_FALSE(on_shanghai->evidence.contains("clock_on_utc"));
}

TEST_CASE("a far city in the claimed country is graded by distance", "[geoip]") {
  test::TempDir data;
  json austin{{"country", "US"},
              {"city", "Austin"},
              {"timezone", "America/Chicago"},
              {"latitude", 30.27},
              {"longitude", -97.74}};
  const auto s = screen(configured(test_section(), data.path()),
                        candidate(austin, {session("216.160.83.56", "2026-07-15T17:00:00Z")}));
  const auto loc = s.one("geoip.location_mismatch");
  REQUIRE(loc);
  CHECK(loc->llr == Approx(1.0));  // same country, ~2,700 km
  CHECK(loc->evidence["session"]["why"] == "same country, far from the claimed city");
  CHECK_FALSE(s.one("geoip.ip_timezone_mismatch"));  // Los Angeles is 2 h from Chicago
}

TEST_CASE("without claimed coordinates, another region of the claimed country is weak", "[geoip]") {
  test::TempDir data;
  const auto factory = configured(test_section(), data.path());
  json texas{
      {"country", "US"}, {"region", "TX"}, {"city", "Austin"}, {"timezone", "America/Chicago"}};
  const auto s =
      screen(factory, candidate(texas, {session("216.160.83.56", "2026-07-15T17:00:00Z")}));
  const auto loc = s.one("geoip.location_mismatch");
  REQUIRE(loc);
  CHECK(loc->llr == Approx(0.5));
  CHECK(loc->evidence["session"]["region"] == "Washington");
  json washington{
      {"country", "US"}, {"region", "wa"}, {"city", "Milton"}, {"timezone", "America/Los_Angeles"}};
  CHECK_FALSE(
      screen(factory, candidate(washington, {session("216.160.83.56", "2026-07-15T17:00:00Z")}))
          .one("geoip.location_mismatch"));
}

TEST_CASE("a country-level answer counts for less", "[geoip]") {
  test::TempDir data;
  const json section{{"databases", {test_db("GeoIP2-Country-Test.mmdb")}}, {"use_data_dir", false}};
  const auto s = screen(configured(section, data.path()),
                        candidate(kSeattle, {session("81.2.69.160", "2026-07-15T17:00:00Z")}));
  const auto loc = s.one("geoip.location_mismatch");
  REQUIRE(loc);
  CHECK(loc->evidence["session"]["coarse"] == true);
  CHECK(loc->llr == Approx(0.75));
  // No zone in a Country DB: derived from zone1970.tab (GB has one zone).
  CHECK(loc->evidence["ip_time_zone"] == "Europe/London");
  CHECK(loc->evidence["ip_time_zone_source"] == "zone1970.tab");
  CHECK_FALSE(s.one("geoip.ip_timezone_mismatch"));
}

TEST_CASE("browser time zone mismatch is measured at the session instant, DST-correct", "[geoip]") {
  test::TempDir data;
  const auto factory = configured(test_section(), data.path());
  json austin{{"country", "US"}, {"city", "Austin"}, {"timezone", "America/Chicago"}};
  const auto s = screen(
      factory,
      candidate(austin, {session("216.160.83.56", "2026-10-15T02:14:51Z", "Asia/Shanghai")}));
  const auto tz = s.one("geoip.browser_timezone_mismatch");
  REQUIRE(tz);
  CHECK(tz->evidence["utc_offset"] == "+08:00");
  CHECK(tz->evidence["claimed_utc_offset"] == "-05:00");  // CDT in October
  CHECK(tz->llr == Approx(2.5));
  CHECK(tz->group == "clock");  // apart from the activity hours (timezone)

  // Azores (UTC-1, UTC+0 in summer) against São Paulo (UTC-3): 3 h in July, 2 h in January.
  json azores{{"country", "PT"}, {"city", "Ponta Delgada"}, {"timezone", "Atlantic/Azores"}};
  const auto july =
      screen(factory,
             candidate(azores, {session("8.8.8.8", "2026-07-15T12:00:00Z", "America/Sao_Paulo")}));
  CHECK(july.one("geoip.browser_timezone_mismatch"));
  const auto january =
      screen(factory,
             candidate(azores, {session("8.8.8.8", "2026-01-15T12:00:00Z", "America/Sao_Paulo")}));
  CHECK_FALSE(january.one("geoip.browser_timezone_mismatch"));
}

TEST_CASE("North Korea's own address space is a hard finding", "[geoip]") {
  test::TempDir data;
  const auto s = screen(configured(test_section(), data.path()),
                        candidate(kSeattle, {session("175.45.178.12", "2026-07-15T17:00:00Z")}));
  const auto dprk = s.one("geoip.dprk_network");
  REQUIRE(dprk);
  CHECK(dprk->hard);
  CHECK(dprk->evidence["reason"].get<std::string>().find("175.45.176.0/22") != std::string::npos);
  CHECK(s.verdict.band == Band::critical);
}

TEST_CASE("impossible travel and country hopping across sessions", "[geoip]") {
  test::TempDir data;
  const auto s = screen(configured(test_section(), data.path()),
                        candidate(kSeattle, {session("216.160.83.56", "2026-07-15T17:00:00Z"),
                                             session("81.2.69.160", "2026-07-15T19:00:00Z"),
                                             session("89.160.20.112", "2026-07-17T09:00:00Z")}));
  const auto travel = s.one("geoip.impossible_travel");
  REQUIRE(travel);
  CHECK(travel->evidence["speed_kmh"].get<double>() > 3000);
  const auto hop = s.one("geoip.country_hopping");
  REQUIRE(hop);
  CHECK(hop->evidence["countries"] == json({"GB", "SE", "US"}));

  // Ten hours between Seattle and London is a plane, not a VPN switch.
  const auto slow = screen(configured(test_section(), data.path()),
                           candidate(kSeattle, {session("216.160.83.56", "2026-07-15T07:00:00Z"),
                                                session("81.2.69.160", "2026-07-15T19:00:00Z")}));
  CHECK_FALSE(slow.one("geoip.impossible_travel"));
  CHECK_FALSE(slow.one("geoip.country_hopping"));
}

TEST_CASE("the watchlist, hosting-ASN list and data directory databases", "[geoip]") {
  test::TempDir data;
  std::filesystem::create_directories(data / "geoip");
  std::filesystem::create_symlink(test_db("GeoIP2-City-Test.mmdb"),
                                  data / "geoip" / "GeoIP2-City-Test.mmdb");
  std::filesystem::create_symlink(test_db("GeoIP2-Domain-Test.mmdb"),
                                  data / "geoip" / "GeoIP2-Domain-Test.mmdb");
  test::write_text(data / "geoip" / "asn-ipv4.csv", "216.160.83.0,216.160.83.255,209,Qwest\n");
  test::write_text(data / "geoip" / "hosting-asns.txt", "AS209 Example hosting\n");
  test::write_text(data / "watch.txt", "216.160.83.0/24 Astrill exit seen by the SOC\n");
  const json section{{"watchlist", (data / "watch.txt").string()}};
  const auto factory = configured(section, data.path());
  const Readiness r = factory->readiness();
  CHECK(r.ready);
  bool named_unknown = false;
  for (const auto& note : r.notes)
    named_unknown = named_unknown || note.find("GeoIP2-Domain") != std::string::npos;
  CHECK(named_unknown);
  const auto s =
      screen(factory, candidate(kSeattle, {session("216.160.83.56", "2026-07-15T17:00:00Z")}));
  REQUIRE(s.all("geoip.anonymizer").size() == 1);
  const auto anonymizer = s.one("geoip.anonymizer");
  REQUIRE(anonymizer);
  std::map<std::string, json> by_kind;
  for (const auto& hit : anonymizer->evidence["hits"]) by_kind[hit["kind"]] = hit;
  REQUIRE(by_kind.count("watchlist"));
  CHECK(by_kind["watchlist"]["provider"] == "Astrill exit seen by the SOC");
  REQUIRE(by_kind.count("hosting"));
  CHECK(by_kind["hosting"]["asn"] == 209);
  CHECK(by_kind["hosting"]["source"] == "hosting-asns");

  // The next start reads the ASN ranges from the cache the first wrote beside the CSV.
  REQUIRE(std::filesystem::is_regular_file(data / "geoip" / "asn-ipv4.csv.cache"));
  const auto again =
      screen(configured(section, data.path()),
             candidate(kSeattle, {session("216.160.83.56", "2026-07-15T17:00:00Z")}));
  const auto again_anonymizer = again.one("geoip.anonymizer");
  REQUIRE(again_anonymizer);
  std::map<std::string, json> again_by_kind;
  for (const auto& hit : again_anonymizer->evidence["hits"]) again_by_kind[hit["kind"]] = hit;
  CHECK(again_by_kind.size() == by_kind.size());
  CHECK(again_by_kind["hosting"] == by_kind["hosting"]);
}

TEST_CASE("configuration errors, corrupt databases and missing data", "[geoip]") {
  test::TempDir data;
  CHECK_THROWS_AS(configured({{"databse", json::array()}}, data.path()), ConfigError);
  test::write_text(data / "broken.mmdb", std::string(4096, 'x'));
  CHECK_THROWS_WITH(configured({{"databases", {(data / "broken.mmdb").string()}}}, data.path()),
                    Catch::Contains("broken.mmdb"));
  CHECK_THROWS_WITH(configured({{"watchlist", (data / "nope.txt").string()}}, data.path()),
                    Catch::Contains("nope.txt"));

  const auto empty = configured(json::object(), data.path());
  CHECK_FALSE(empty->readiness().ready);
  CHECK(empty->readiness().fix.find("setup.sh") != std::string::npos);
  Pipeline pipeline(default_policy(), {empty}, nullptr);
  // Without a location database the built-in DPRK ranges still apply; nothing else is claimed.
  const Verdict v = pipeline.make_worker()->screen(
      candidate(kSeattle, {session("8.8.8.8", "2026-07-15T17:00:00Z")}));
  CHECK(v.plugins.at(0).status == "ok");
  CHECK(v.signals.empty());
  const Verdict dprk = pipeline.make_worker()->screen(
      candidate(kSeattle, {session("175.45.178.61", "2026-07-15T17:00:00Z")}));
  REQUIRE(dprk.signals.size() == 1);
  CHECK(dprk.signals[0].signal.id == "geoip.dprk_network");
  CHECK(dprk.band == Band::critical);

  const auto factory = configured(test_section(), data.path());
  Pipeline bad_ip(default_policy(), {factory}, nullptr);
  const Verdict e = bad_ip.make_worker()->screen(
      candidate(kSeattle, {session("300.1.1.1", "2026-07-15T17:00:00Z")}));
  // The loader leaves the address out and names it; the verdict is incomplete, not cleaner.
  CHECK(e.plugins.at(0).status != "error");
  CHECK(e.incomplete);
  REQUIRE(e.incomplete_reasons.size() == 1);
  CHECK(e.incomplete_reasons[0].find("/sessions/0/ip") != std::string::npos);
}

TEST_CASE("a policy's signal_llr overrides the geoip signals' strengths", "[geoip]") {
  test::TempDir data;
  const auto factory = configured(test_section(), data.path());
  json austin{{"country", "US"}, {"city", "Austin"}, {"timezone", "America/Chicago"}};
  const auto c =
      candidate(austin, {session("216.160.83.56", "2026-10-15T02:14:51Z", "Asia/Shanghai")});
  // A prior at which the browser's 13 h gap alone reaches review.
  Policy policy = default_policy();
  policy.prior = 0.02;
  const auto plain = screen(factory, c, policy);
  const auto browser = plain.one("geoip.browser_timezone_mismatch");
  REQUIRE(browser);
  CHECK(browser->level == "6h");
  CHECK(browser->llr == 2.5);
  CHECK(plain.verdict.band == Band::review);

  // An override of the other level changes nothing; of the level that fired, the verdict.
  Policy other_level = policy;
  other_level.signal_llr["geoip.browser_timezone_mismatch:3h"] = 0.0;
  CHECK(screen(factory, c, other_level).verdict.band == Band::review);
  Policy none = policy;
  none.signal_llr["geoip.browser_timezone_mismatch:6h"] = 0.0;
  const auto cleared = screen(factory, c, none);
  CHECK(cleared.one("geoip.browser_timezone_mismatch")->llr == 0.0);
  CHECK(cleared.verdict.band == Band::clear);

  // A country-level answer keeps its half weight under an override of its level.
  const json country_db{{"databases", {test_db("GeoIP2-Country-Test.mmdb")}},
                        {"use_data_dir", false}};
  Policy stronger = default_policy();
  stronger.signal_llr["geoip.location_mismatch:other_country"] = 2.0;
  const auto coarse =
      screen(configured(country_db, data.path()),
             candidate(kSeattle, {session("81.2.69.160", "2026-07-15T17:00:00Z")}), stronger)
          .one("geoip.location_mismatch");
  REQUIRE(coarse);
  CHECK(coarse->level == "other_country");
  CHECK(coarse->scale == 0.5);
  CHECK(coarse->llr == 1.0);
}

namespace {
const json kDenver{{"country", "US"},    {"region", "CO"},
                   {"city", "Denver"},   {"timezone", "America/Denver"},
                   {"latitude", 39.739}, {"longitude", -104.99}};

// Ten sessions over ten days: `abroad` of them from a UK line with the laptop on London time,
// the rest from a US line with the laptop on Denver time.
std::vector<json> denver_sessions(int abroad) {
  std::vector<json> out;
  for (int day = 1; day <= 10; ++day) {
    const std::string at = fmt::format("2026-10-{:02}T16:00:00Z", day);
    out.push_back(day <= abroad ? session("2.125.160.216", at, "Europe/London")
                                : session("149.101.100.1", at, "America/Denver"));
  }
  return out;
}
}  // namespace

TEST_CASE("a Denver candidate with one week in London is a traveller and stays clear", "[geoip]") {
  test::TempDir data;
  const auto s =
      screen(configured(test_section(), data.path()), candidate(kDenver, denver_sessions(1)));
  CHECK(s.verdict.band == Band::clear);
  const auto loc = s.one("geoip.location_mismatch");
  REQUIRE(loc);
  CHECK(loc->evidence["sessions_supporting"] == 1);
  CHECK(loc->evidence["sessions_total"] == 10);
  CHECK(loc->evidence["session"]["browser_agrees_with_ip"] == true);
  CHECK(loc->evidence["explanation"] ==
        "1 of 10 sessions from Boxford, GB, browser clock on London time: consistent travel");
  CHECK(loc->llr == Approx(2.0 * 0.1));  // one session in ten carries a tenth
  // The London clock agrees with the London IP: no browser mismatch, no second IP-zone row.
  CHECK_FALSE(s.one("geoip.browser_timezone_mismatch"));
  CHECK_FALSE(s.one("geoip.ip_timezone_mismatch"));
  CHECK(s.verdict.log_odds - s.verdict.prior_log_odds < 1.0);
}

TEST_CASE("most sessions abroad with local clocks is a mismatch the clock corroborates",
          "[geoip]") {
  test::TempDir data;
  const auto s =
      screen(configured(test_section(), data.path()), candidate(kDenver, denver_sessions(8)));
  const auto browser = s.one("geoip.browser_timezone_mismatch");
  REQUIRE(browser);
  CHECK(browser->evidence["browser_agrees_with_ip"] == true);
  CHECK(browser->evidence["sessions_consistent_travel"] == 8);
  CHECK(browser->evidence["sessions_contradicting"] == 0);
  CHECK(browser->llr == Approx(2.5));  // 8 of 10 sessions: all of the level
  const auto loc = s.one("geoip.location_mismatch");
  REQUIRE(loc);
  CHECK(loc->llr == Approx(2.0 * 0.8));  // 8 of 10 sessions
}

TEST_CASE("a VPN exit abroad with the clock on the claimed zone counts half", "[geoip]") {
  test::TempDir data;
  std::vector<json> sessions;
  for (int day = 1; day <= 10; ++day)
    sessions.push_back(session(day <= 6 ? "2.125.160.216" : "149.101.100.1",
                               fmt::format("2026-10-{:02}T16:00:00Z", day), "America/Denver"));
  const auto s = screen(configured(test_section(), data.path()), candidate(kDenver, sessions));
  const auto loc = s.one("geoip.location_mismatch");
  REQUIRE(loc);
  CHECK(loc->evidence["sessions_clock_on_claimed_zone"] == 6);
  CHECK(loc->llr == Approx(2.0 * 0.6 * 0.5));
  CHECK_FALSE(s.one("geoip.browser_timezone_mismatch"));
}

TEST_CASE("a clock that disagrees with both the claim and the IP is the contradiction", "[geoip]") {
  test::TempDir data;
  const auto factory = configured(test_section(), data.path());
  std::vector<json> all, once;
  for (int day = 1; day <= 10; ++day) {
    const std::string at = fmt::format("2026-10-{:02}T02:00:00Z", day);
    all.push_back(session("216.160.83.56", at, "Asia/Shanghai"));
    once.push_back(
        session("216.160.83.56", at, day == 3 ? "Asia/Shanghai" : "America/Los_Angeles"));
  }
  const auto every =
      screen(factory, candidate(kSeattle, all)).one("geoip.browser_timezone_mismatch");
  REQUIRE(every);
  CHECK(every->evidence["browser_agrees_with_ip"] == false);
  CHECK(every->evidence["ip_time_zone"] == "America/Los_Angeles");
  CHECK(every->evidence["sessions_contradicting"] == 10);
  CHECK(every->llr == Approx(2.5));
  CHECK(every->summary.find("and from the IP's America/Los_Angeles") != std::string::npos);
  const auto single =
      screen(factory, candidate(kSeattle, once)).one("geoip.browser_timezone_mismatch");
  REQUIRE(single);
  CHECK(single->evidence["sessions_supporting"] == 1);
  CHECK(single->llr == Approx(2.5 * 0.4));  // once still counts, less than a pattern
}
