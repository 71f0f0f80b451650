#include "candor/pipeline.hpp"

#include <fstream>

#include "candor/app/registry.hpp"
#include "candor/error.hpp"
#include "candor/policy.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "instant.hpp"
#include "plugin.hpp"
#include "synthetic.hpp"

using namespace candor;
using candor::test::TempDir;

namespace {

constexpr std::int64_t kJan2024 = 1704067200;

Verdict screen(const nlohmann::json& candidate_json, const std::filesystem::path& base,
               const nlohmann::json& section = nlohmann::json::object(),
               const Policy& policy = default_policy()) {
  auto factory = plugins::timezone::make_factory();
  factory->configure(section, PluginSetup{DataDir{base}, nullptr, "policy.json"});
  Pipeline pipeline(policy, {factory}, nullptr);
  // The activity logs are in ../shared: the test is the trusted operator naming them.
  FileRules any;
  any.allow_any_path = true;
  const Candidate c =
      parse_candidate(candidate_json, (base / "candidate.json").string(), base, any);
  return pipeline.make_worker()->screen(c);
}

const ScoredSignal* find(const Verdict& v, const std::string& id) {
  for (const auto& s : v.signals)
    if (s.signal.id == id) return &s;
  return nullptr;
}

nlohmann::json git_candidate(const std::string& log, const std::string& author,
                             const std::string& zone) {
  return {{"id", "c1"},
          {"claimed_location", {{"timezone", zone}}},
          {"activity",
           {{"file", (test::shared_dir() / "data/activity" / log).string()},
            {"format", "git"},
            {"author", author}}}};
}

}  // namespace

// A developer of a team in China (nacos, +08:00 throughout). muduo's +08 author used to stand
// here; his history also holds his years in California (a quarter of his commits at -07/-08), and
// the calibration, which weighs a long history by what it really adds, no longer reads his 613
// slots as a clear far zone (calibrated LLR 0.4; his recorded offsets still fire).
TEST_CASE("a +08 team developer is flagged claiming Chicago, not claiming Shanghai", "[timezone]") {
  TempDir dir;
  const auto chicago =
      screen(git_candidate("nacos.log", "nkorange", "America/Chicago"), dir.path());
  REQUIRE(chicago.plugins.at(0).status == "ok");
  const auto* mismatch = find(chicago, "timezone.offset_mismatch");
  REQUIRE(mismatch);
  CHECK(mismatch->signal.llr > 1.0);
  CHECK(mismatch->signal.llr <= 3.0);
  CHECK(mismatch->signal.group == "timezone");
  const auto inferred = plugins::timezone::parse_rfc3339_instant(
      "2024-01-01T00:00:00" + mismatch->signal.evidence["inferred_offset"].get<std::string>());
  REQUIRE(inferred);
  CHECK(std::abs(*inferred->offset_minutes - 480) <= 60);
  CHECK(mismatch->signal.evidence["claimed_offsets"] == nlohmann::json{"-06:00", "-05:00"});
  CHECK(find(chicago, "timezone.recorded_offset_mismatch"));

  const auto shanghai = screen(git_candidate("nacos.log", "nkorange", "Asia/Shanghai"), dir.path());
  REQUIRE(shanghai.plugins.at(0).status == "ok");
  CHECK_FALSE(find(shanghai, "timezone.offset_mismatch"));
  CHECK_FALSE(find(shanghai, "timezone.recorded_offset_mismatch"));
  CHECK(shanghai.band == Band::clear);
}

TEST_CASE("mold's Tokyo author fits Tokyo and not New York", "[timezone]") {
  TempDir dir;
  const auto tokyo = screen(git_candidate("mold.log", "Rui Ueyama", "Asia/Tokyo"), dir.path());
  CHECK_FALSE(find(tokyo, "timezone.offset_mismatch"));
  CHECK_FALSE(find(tokyo, "timezone.round_the_clock"));
  const auto ny = screen(git_candidate("mold.log", "Rui Ueyama", "America/New_York"), dir.path());
  CHECK(find(ny, "timezone.offset_mismatch"));
  CHECK(find(ny, "timezone.recorded_offset_mismatch"));
}

TEST_CASE("yara's Spanish author claiming Madrid stays clear", "[timezone]") {
  TempDir dir;
  const auto v =
      screen(git_candidate("yara.log", "Victor M. Alvarez", "Europe/Madrid"), dir.path());
  CHECK(v.signals.empty());
  CHECK(v.band == Band::clear);
}

TEST_CASE("UTC timestamps from +08:00 office hours flag a claimed Austin", "[timezone]") {
  TempDir dir;
  nlohmann::json c = {
      {"id", "c2"},
      {"claimed_location", {{"timezone", "America/Chicago"}}},
      {"activity", candor::test::office_hours("Asia/Shanghai", kJan2024, 150, false)}};
  const auto v = screen(c, dir.path());
  const auto* s = find(v, "timezone.offset_mismatch");
  REQUIRE(s);
  CHECK(s->signal.evidence["claimed_night_share"].get<double>() > 0.3);
  // The reviewer is told that a night shift at the claimed zone would look the same.
  CHECK_THAT(s->signal.evidence["night_work"].get<std::string>(),
             Catch::Contains("the hours of a night shift there; ask about working hours"));
  // 09:00-18:00 in Shanghai is 19:00-04:00 in Chicago: night work, not early-morning work.
  CHECK(s->signal.evidence["claimed_morning_share"].get<double>() < 0.5);
  CHECK_FALSE(s->signal.evidence.contains("morning_work"));
  CHECK_FALSE(find(v, "timezone.recorded_offset_mismatch"));  // 'Z' carries no offset
}

TEST_CASE("Berlin office hours claimed as Chicago say an early-morning worker looks the same",
          "[timezone]") {
  TempDir dir;
  nlohmann::json c = {
      {"id", "c3"},
      {"claimed_location", {{"timezone", "America/Chicago"}}},
      {"activity", candor::test::office_hours("Europe/Berlin", kJan2024, 150, false)}};
  const auto v = screen(c, dir.path());
  const auto* s = find(v, "timezone.offset_mismatch");
  REQUIRE(s);
  // 09:00-18:00 in Berlin is 02:00-11:00 in Chicago: mostly its early morning.
  CHECK(s->signal.evidence["claimed_morning_share"].get<double>() >= 0.5);
  CHECK_THAT(
      s->signal.evidence["morning_work"].get<std::string>(),
      Catch::Contains("the hours of an early-morning worker there; ask about working hours"));
}

TEST_CASE("offset_mismatch names the chronotypes and says when it is borderline", "[timezone]") {
  TempDir dir;
  nlohmann::json c = {
      {"id", "c2"},
      {"claimed_location", {{"timezone", "America/Chicago"}}},
      {"activity", candor::test::office_hours("Asia/Shanghai", kJan2024, 150, false)}};
  const auto clear = screen(c, dir.path());
  const auto* s = find(clear, "timezone.offset_mismatch");
  REQUIRE(s);
  const auto& e = s->signal.evidence;
  CHECK(e["calibrated_llr"].get<double>() >= 3.0);
  CHECK(s->signal.llr == Approx(3.0));  // capped at max_llr
  CHECK(e.contains("claimed_chronotype"));
  CHECK(e.contains("far_chronotype"));
  CHECK_FALSE(e.contains("ambiguity"));  // clear: above the cap
  // With a cap above the evidence every firing is borderline and says so; the LLR carried is
  // the calibrated one.
  const auto borderline = screen(c, dir.path(), {{"max_llr", 1000.0}});
  const auto* b = find(borderline, "timezone.offset_mismatch");
  REQUIRE(b);
  CHECK_THAT(b->signal.evidence["ambiguity"].get<std::string>(),
             Catch::StartsWith("borderline: at the claimed zone the activity reads as a "));
  CHECK(b->signal.llr == Approx(b->signal.evidence["calibrated_llr"].get<double>()).margin(0.01));
}

TEST_CASE("too few events: skipped with the minimum stated", "[timezone]") {
  TempDir dir;
  nlohmann::json c = {
      {"id", "c3"},
      {"claimed_location", {{"timezone", "America/Chicago"}}},
      {"activity", candor::test::office_hours("Asia/Shanghai", kJan2024, 12, false)}};
  const auto v = screen(c, dir.path());
  CHECK(v.plugins.at(0).status == "skipped");
  CHECK_THAT(v.plugins.at(0).reason, Catch::Contains("needs 30"));
  CHECK(v.signals.empty());
  const auto lower = screen(c, dir.path(), {{"min_events", 5}});
  CHECK(lower.plugins.at(0).status == "ok");
}

TEST_CASE("malformed lines are reported with line numbers and the rest is used", "[timezone]") {
  TempDir dir;
  auto lines = candor::test::office_hours("America/Chicago", kJan2024, 120, true);
  lines.insert(lines.begin() + 2, "2024-13-01T00:00:00Z");
  lines.push_back("tomorrow");
  test::write_text(dir / "activity.txt", candor::test::join_lines(lines));
  nlohmann::json c = {{"id", "c4"},
                      {"claimed_location", {{"timezone", "America/Chicago"}}},
                      {"activity", {{"file", "activity.txt"}, {"format", "lines"}}}};
  const auto v = screen(c, dir.path());
  REQUIRE(v.plugins.at(0).status == "ok");
  const auto* s = find(v, "timezone.malformed_activity");
  REQUIRE(s);
  CHECK(s->signal.llr == 0.0);
  CHECK(s->signal.evidence["malformed_lines"] == 2);
  CHECK_THAT(s->signal.evidence["warnings"][0].get<std::string>(),
             Catch::StartsWith("activity.txt:3: "));
  CHECK_THAT(s->signal.evidence["warnings"][1].get<std::string>(),
             Catch::StartsWith("activity.txt:" + std::to_string(lines.size()) + ": "));
}

TEST_CASE("an unknown claimed zone makes the verdict incomplete, naming the field", "[timezone]") {
  TempDir dir;
  nlohmann::json z = {
      {"id", "c6"},
      {"claimed_location", {{"timezone", "America/Austin"}}},
      {"activity", candor::test::office_hours("America/Chicago", kJan2024, 50, true)}};
  const auto w = screen(z, dir.path());
  // The loader leaves the zone out, so the plugin does not fail on it; the verdict says so.
  CHECK(w.plugins.at(0).status != "error");
  CHECK(w.incomplete);
  REQUIRE(w.incomplete_reasons.size() == 1);
  CHECK_THAT(w.incomplete_reasons[0], Catch::Contains("/claimed_location/timezone"));
}

TEST_CASE("session times count as activity, no activity at all is a skip", "[timezone]") {
  TempDir dir;
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& at : candor::test::office_hours("Asia/Seoul", kJan2024, 60, true))
    sessions.push_back({{"ip", "203.0.113.7"}, {"at", at}});
  nlohmann::json c = {
      {"id", "c7"}, {"claimed_location", {{"timezone", "Europe/Berlin"}}}, {"sessions", sessions}};
  CHECK(find(screen(c, dir.path()), "timezone.offset_mismatch"));
  nlohmann::json none = {{"id", "c8"}, {"claimed_location", {{"timezone", "Europe/Berlin"}}}};
  const auto v = screen(none, dir.path());
  CHECK(v.plugins.at(0).status == "skipped");
}

TEST_CASE("an account worked in shifts around the clock is flagged", "[timezone]") {
  TempDir dir;
  nlohmann::json activity = nlohmann::json::array();
  for (int offset : {540, 60, -420})
    for (const auto& at : candor::test::office_hours_at(offset, kJan2024, 200, offset + 1000))
      activity.push_back(at);
  nlohmann::json c = {{"id", "c9"},
                      {"claimed_location", {{"timezone", "America/Chicago"}}},
                      {"activity", activity}};
  const auto v = screen(c, dir.path());
  const auto* s = find(v, "timezone.round_the_clock");
  REQUIRE(s);
  CHECK(s->signal.evidence["quietest_six_hours_share"].get<double>() > 0.15);
}

TEST_CASE("unknown policy keys are rejected by name", "[timezone]") {
  TempDir dir;
  auto factory = plugins::timezone::make_factory();
  try {
    factory->configure({{"min_event", 3}},
                       PluginSetup{DataDir{dir.path()}, nullptr, "policy.json"});
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    CHECK(e.key() == "plugins.timezone.min_event");
  }
}

TEST_CASE("the samples: honest ones stay quiet, the persona and the shared account do not",
          "[timezone]") {
  auto screen_sample = [](const std::string& name) {
    const auto file = test::source_dir() / "samples" / name / "candidate.json";
    auto factory = plugins::timezone::make_factory();
    factory->configure(nlohmann::json::object(),
                       PluginSetup{DataDir{file.parent_path()}, nullptr, "policy.json"});
    Pipeline pipeline(default_policy(), {factory}, nullptr);
    // Only what this plugin reads: other plugins' files (photos, documents) need not exist here.
    std::ifstream in(file);
    auto json = nlohmann::json::parse(in);
    for (const char* other : {"photos", "documents"}) json.erase(other);
    FileRules any;
    any.allow_any_path = true;
    return pipeline.make_worker()->screen(
        parse_candidate(json, file.string(), file.parent_path(), any));
  };
  for (const char* honest : {"honest-us", "honest-eu-vpn"}) {
    INFO(honest);
    const auto v = screen_sample(honest);
    CHECK(v.plugins.at(0).status == "ok");
    CHECK(v.signals.empty());
  }
  const auto persona = screen_sample("dprk-persona");
  CHECK(find(persona, "timezone.offset_mismatch"));
  // The shared account: its second shift (19:00-10:00 at +09) falls in Chicago's working day,
  // so half the activity fits the claim and the offset test stays quiet (calibrated LLR about
  // 0 on 195 slots); what gives the account away is that nobody sleeps.
  const auto contractor = screen_sample("contractor-audit");
  CHECK_FALSE(find(contractor, "timezone.offset_mismatch"));
  CHECK(find(contractor, "timezone.round_the_clock"));
}

TEST_CASE("a policy's signal_llr overrides the timezone signals' strengths", "[timezone]") {
  TempDir dir;
  const auto candidate = git_candidate("nacos.log", "nkorange", "America/Chicago");
  // A prior at which the plugin's default strengths reach review on their own.
  Policy policy = default_policy();
  policy.prior = 0.02;
  const auto plain = screen(candidate, dir.path(), nlohmann::json::object(), policy);
  const auto* mismatch = find(plain, "timezone.offset_mismatch");
  const auto* recorded = find(plain, "timezone.recorded_offset_mismatch");
  REQUIRE(mismatch);
  REQUIRE(recorded);
  CHECK(recorded->signal.level == "nearly_all");
  CHECK(recorded->signal.llr == 2.5);
  CHECK(plain.band == Band::review);

  // By level: only the level that fired is replaced.
  Policy other_level = policy;
  other_level.signal_llr["timezone.recorded_offset_mismatch:majority"] = 0.0;
  const auto same = screen(candidate, dir.path(), nlohmann::json::object(), other_level);
  CHECK(find(same, "timezone.recorded_offset_mismatch")->signal.llr == 2.5);
  CHECK(same.band == Band::review);

  Policy weaker = policy;
  weaker.signal_llr["timezone.recorded_offset_mismatch:nearly_all"] = 0.0;
  weaker.signal_llr["timezone.offset_mismatch"] = 0.0;
  const auto cleared = screen(candidate, dir.path(), nlohmann::json::object(), weaker);
  CHECK(find(cleared, "timezone.recorded_offset_mismatch")->signal.llr == 0.0);
  CHECK(find(cleared, "timezone.offset_mismatch")->signal.llr == 0.0);
  CHECK(cleared.band == Band::clear);

  // offset_mismatch's computed strength is a scale of the default, and an override keeps it.
  Policy doubled = policy;
  doubled.signal_llr["timezone.offset_mismatch"] = 3.0;
  const Verdict doubled_verdict = screen(candidate, dir.path(), nlohmann::json::object(), doubled);
  const auto* scaled = find(doubled_verdict, "timezone.offset_mismatch");
  REQUIRE(scaled);
  CHECK(scaled->signal.llr == Approx(2.0 * mismatch->signal.llr));
}

namespace {

// Three working weeks from Monday 2026-10-05 (before either zone's DST change): the first in
// London (UTC+1), the other two at home in Denver (UTC-6), 09:00-17:00 local, six events a day.
nlohmann::json trip_candidate(bool most_sessions_abroad) {
  const std::int64_t monday = 1791158400;  // 2026-10-05T00:00:00Z
  nlohmann::json activity = nlohmann::json::array();
  for (int day = 0; day < 19; ++day) {
    if (day % 7 >= 5) continue;
    const int offset_hours = day < 7 ? 1 : -6;
    for (int e = 0; e < 6; ++e)
      activity.push_back(
          format_rfc3339(monday + day * 86400 + (9 - offset_hours) * 3600 + e * 4800 + 300 * day));
  }
  auto session = [&](int day, bool abroad) {
    const int local_hour = 11;
    return nlohmann::json{
        {"ip", abroad ? "2.125.160.216" : "216.160.83.56"},  // Boxford, GB; Milton, US
        {"at", format_rfc3339(monday + day * 86400 + (local_hour - (abroad ? 1 : -6)) * 3600)},
        {"browser_timezone", abroad ? "Europe/London" : "America/Denver"}};
  };
  nlohmann::json sessions = nlohmann::json::array();
  sessions.push_back(session(1, true));
  for (int day : {7, 9, 11, 14, 16, 18}) sessions.push_back(session(day, most_sessions_abroad));
  return {
      {"id", "traveller"},
      {"claimed_location",
       {{"city", "Denver"}, {"region", "CO"}, {"country", "US"}, {"timezone", "America/Denver"}}},
      {"sessions", sessions},
      {"activity", activity}};
}

Verdict screen_with_geoip(const nlohmann::json& candidate_json) {
  TempDir dir;
  std::vector<std::shared_ptr<PluginFactory>> factories;
  for (auto& f : app::make_all_plugins()) {
    if (f->name() == "geoip") {
      const auto db = test::shared_dir() / "data/mmdb-test";
      f->configure(
          {{"databases",
            {(db / "GeoIP2-City-Test.mmdb").string(), (db / "GeoLite2-ASN-Test.mmdb").string(),
             (db / "GeoIP2-Anonymous-IP-Test.mmdb").string()}},
           {"use_data_dir", false}},
          PluginSetup{DataDir{dir.path()}, nullptr, "policy.json"});
      factories.push_back(f);
    } else if (f->name() == "timezone") {
      f->configure(nlohmann::json::object(),
                   PluginSetup{DataDir{dir.path()}, nullptr, "policy.json"});
      factories.push_back(f);
    }
  }
  REQUIRE(factories.size() == 2);
  Pipeline pipeline(default_policy(), factories, nullptr);
  return pipeline.make_worker()->screen(
      parse_candidate(candidate_json, (dir.path() / "candidate.json").string(), dir.path()));
}

}  // namespace

TEST_CASE("a week abroad that the sessions show is travel, not hours kept far away", "[timezone]") {
  // One session from London on London time among six at home: the London week's activity is
  // left out of the claim test, and the two home weeks fit Denver.
  const Verdict trip = screen_with_geoip(trip_candidate(false));
  CHECK_FALSE(find(trip, "timezone.offset_mismatch"));
  // Every session from London on London time is no trip: the same activity is tested whole,
  // and its spread from 02:00 to 17:00 Denver time reads as a far zone.
  const Verdict abroad = screen_with_geoip(trip_candidate(true));
  const auto* mismatch = find(abroad, "timezone.offset_mismatch");
  REQUIRE(mismatch);
  CHECK_FALSE(mismatch->signal.evidence.contains("left_out_for_travel"));
}

namespace {

// Five sessions from a Chinese home line (Changchun, Asia/Harbin in the test database) over
// activity `hours` (UTC instants), claiming Houston.
nlohmann::json chinese_line_candidate(const std::vector<std::string>& hours,
                                      const std::string& browser_zone) {
  const std::int64_t monday = 1791158400;  // 2026-10-05T00:00:00Z
  nlohmann::json sessions = nlohmann::json::array();
  for (int day : {0, 3, 7, 10, 14})
    sessions.push_back({{"ip", "175.16.199.168"},
                        {"at", format_rfc3339(monday + day * 86400 + 3 * 3600)},
                        {"browser_timezone", browser_zone}});
  return {
      {"id", "line"},
      {"claimed_location",
       {{"city", "Houston"}, {"region", "TX"}, {"country", "US"}, {"timezone", "America/Chicago"}}},
      {"sessions", sessions},
      {"activity", hours}};
}

}  // namespace

TEST_CASE("hours kept where the addresses are undo the VPN-exit reading of a foreign line",
          "[timezone]") {
  const std::int64_t monday = 1791158400;
  const auto beijing_office = test::office_hours_at(8 * 60, monday, 150);
  // The clock stays on Houston's zone, so geoip reads the Chinese line as a likely VPN exit
  // and halves it; the hours sit at UTC+08, the line's zone, which a VPN exit does not explain.
  const Verdict hidden =
      screen_with_geoip(chinese_line_candidate(beijing_office, "America/Chicago"));
  const auto* agree = find(hidden, "timezone.hours_at_ip_location");
  REQUIRE(agree);
  CHECK(agree->signal.group == "location");
  CHECK(agree->signal.llr == Approx(1.0));
  CHECK(agree->signal.evidence.at("ip_time_zone") == "Asia/Harbin");
  CHECK(agree->signal.evidence.at("sessions_agreeing") == 5);
  REQUIRE(find(hidden, "geoip.location_mismatch"));
  CHECK(hidden.band >= Band::review);
  // A clock that follows the line is a person openly there: geoip counts the location in full
  // and nothing is undone.
  const Verdict open = screen_with_geoip(chinese_line_candidate(beijing_office, "Asia/Shanghai"));
  CHECK(find(open, "timezone.offset_mismatch"));
  CHECK_FALSE(find(open, "timezone.hours_at_ip_location"));
  // Houston office hours through the same line: the hours vouch for the claim, not the line.
  const auto houston_office = test::office_hours("America/Chicago", monday, 150, false);
  const Verdict home = screen_with_geoip(chinese_line_candidate(houston_office, "America/Chicago"));
  CHECK_FALSE(find(home, "timezone.offset_mismatch"));
  CHECK_FALSE(find(home, "timezone.hours_at_ip_location"));
}
