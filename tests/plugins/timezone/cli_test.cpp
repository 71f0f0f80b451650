#include "catch.hpp"
#include "fixtures.hpp"
#include "synthetic.hpp"

using namespace candor::test;

namespace {

constexpr std::int64_t kJan2024 = 1704067200;

// A git log (`%an|%aI`) of two people keeping office hours, one in Shanghai, one in Chicago.
std::string two_author_log() {
  std::string log;
  for (const auto& at : office_hours("Asia/Shanghai", kJan2024, 80, true))
    log += "Ann Lee|" + at + "\n";
  for (const auto& at : office_hours("America/Chicago", kJan2024, 80, true, 11))
    log += "Bob Roe|" + at + "\n";
  return log;
}

}  // namespace

TEST_CASE("candor eval timezone screens real logs leaving each repository out", "[timezone][cli]") {
  const auto logs = shared_dir() / "data/activity";
  const auto r =
      run_cli("eval timezone --window 100 '" + (logs / "CLI11.log").string() + "' '" +
              (logs / "muduo.log").string() + "' '" + (logs / "yara.log").string() + "'");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("leave-one-repository-out"));
  CHECK_THAT(r.out, Catch::Contains("muduo.log: Shuo Chen"));
  CHECK_THAT(r.out, Catch::Contains("ALL"));
  CHECK_THAT(r.out, Catch::Contains("false-alarm"));
}

TEST_CASE("candor eval timezone needs readable files", "[timezone][cli]") {
  const auto r = run_cli("eval timezone /nonexistent/x.log /nonexistent/y.log");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("x.log"));
}

TEST_CASE("candor bench timezone scores events and recovers the offset", "[timezone][cli]") {
  const auto r = run_cli("bench timezone --events 20000 --runs 3");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("MAP +09:00"));
}

TEST_CASE("candor eval timezone rejects windows under 10 events", "[timezone][cli]") {
  TempDir dir;
  write_text(dir / "a.log", two_author_log());
  const auto r = run_cli("eval timezone --window 5 '" + (dir / "a.log").string() + "'");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("--window"));
}

TEST_CASE("candor models timezone-profile learns a profile from git logs", "[timezone][cli]") {
  TempDir dir;
  write_text(dir / "team.log", two_author_log());
  const std::string log = "'" + (dir / "team.log").string() + "'";

  const auto printed = run_cli("models timezone-profile --min-events 50 " + log);
  INFO(printed.err);
  CHECK(printed.exit_code == 0);
  CHECK_THAT(printed.out, Catch::StartsWith("// Generated: candor models timezone-profile "
                                            "--min-events 50 team.log"));
  CHECK_THAT(printed.out, Catch::Contains("constexpr std::size_t kLearnedAuthors = 2;"));
  CHECK_THAT(printed.out, Catch::Contains("constexpr double kLearnedWeekday[96]"));
  CHECK_THAT(printed.err, Catch::Contains("learned from team.log: Ann Lee"));
  CHECK_THAT(printed.err, Catch::Contains("learned from team.log: Bob Roe"));

  // --output writes the file; an author short of --min-events is left out.
  const auto written = run_cli("models timezone-profile " + log + " --min-events 100 --output '" +
                               (dir / "profile_data.inc").string() + "'");
  INFO(written.err);
  CHECK(written.exit_code == 0);
  CHECK(written.out.empty());
  CHECK_THAT(written.err, Catch::Contains("(0 authors)"));
  CHECK_THAT(read_text(dir / "profile_data.inc"),
             Catch::Contains("constexpr std::size_t kLearnedAuthors = 0;"));
}

namespace {

// The percentage after `key` on the line starting with `label` in an eval report.
double figure(const std::string& report, const std::string& label, const std::string& key) {
  std::size_t at = 0;
  while (at < report.size()) {
    const std::size_t end = report.find('\n', at);
    const std::string line = report.substr(at, end - at);
    at = end == std::string::npos ? report.size() : end + 1;
    if (line.rfind(label, 0) != 0) continue;
    const std::size_t k = line.find(key);
    if (k == std::string::npos) continue;
    return std::stod(line.substr(k + key.size()));
  }
  FAIL("no '" << label << "' line with '" << key << "' in the report");
  return 0;
}

// The twelve shared git logs as arguments.
std::string twelve_logs_only() {
  const auto logs = shared_dir() / "data/activity";
  std::string args;
  for (const char* name : {"CLI11", "deepface", "faststore", "libmaxminddb", "mold", "muduo",
                           "nacos", "nomenklatura", "osquery", "tarantool", "watchman", "yara"})
    args += " '" + (logs / (std::string(name) + ".log")).string() + "'";
  return args;
}

std::string twelve_logs() {
  return twelve_logs_only() + " --team nacos.log --team tarantool.log --team faststore.log";
}

}  // namespace

// The figures README.md reports (false alarms 3.1 %, 8 h or more flagged 92.0 %; 200-event
// windows 2.7 % and 92.9 %; 400-event windows 1.3 % and 95.6 %), pinned within about 1.5 points
// so that a regression fails. One calibration serves every length: a longer history must not
// raise the false alarms (calibrated at 100 events only, 200-event windows gave 5.3 %).
TEST_CASE("candor eval timezone on the twelve shared logs keeps its measured accuracy",
          "[timezone][cli]") {
  const auto r = run_cli("eval timezone --window 100" + twelve_logs());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  INFO(r.out);
  CHECK(figure(r.out, "ALL", "windows") == 392);
  CHECK(figure(r.out, "ALL", "false-alarm") <= 4.5);
  CHECK(figure(r.out, "ALL", "flagged>=8h") >= 90.5);
  CHECK(figure(r.out, "individuals", "false-alarm") <= 5.5);
  CHECK(figure(r.out, "teams", "false-alarm") <= 4.0);
  for (const char* region : {"Americas", "Europe/Africa", "Asia/Oceania"}) {
    CHECK(figure(r.out, std::string("  region ") + region, "false-alarm") <= 7.0);
    CHECK(figure(r.out, std::string("  region ") + region, "flagged>=8h") >= 86.0);
  }
  CHECK_THAT(r.out, Catch::Contains("worst author (>= 5 windows): "));
  // osquery's night owl (19:00-05:00 local), flagged on half his windows by one profile.
  CHECK(figure(r.out, "  osquery.log: Stefano Bonicatti", "false-alarm") <= 25.0);
  CHECK_THAT(r.out, Catch::Contains("[team] tarantool.log: Konstantin Osipov"));
  CHECK_THAT(r.out, Catch::Contains("calibration curve"));
  // One author's windows are scored by the same models as in the full run (the calibration does
  // not depend on which authors are evaluated).
  const std::string shpilevoy = "  [team] tarantool.log: Vladislav Shpilevoy";
  const auto one =
      run_cli("eval timezone --window 100" + twelve_logs() + " --author 'Vladislav Shpilevoy'");
  INFO(one.err);
  REQUIRE(one.exit_code == 0);
  CHECK(figure(one.out, shpilevoy, "false-alarm") == figure(r.out, shpilevoy, "false-alarm"));
  CHECK(figure(one.out, shpilevoy, "flagged>=8h") == figure(r.out, shpilevoy, "flagged>=8h"));

  const auto wide = run_cli("eval timezone --window 200" + twelve_logs());
  REQUIRE(wide.exit_code == 0);
  INFO(wide.out);
  CHECK(figure(wide.out, "ALL", "false-alarm") <= 4.0);
  CHECK(figure(wide.out, "ALL", "flagged>=8h") >= 91.5);

  const auto long_history = run_cli("eval timezone --window 400" + twelve_logs());
  REQUIRE(long_history.exit_code == 0);
  INFO(long_history.out);
  CHECK(figure(long_history.out, "ALL", "false-alarm") <= 3.0);
  CHECK(figure(long_history.out, "ALL", "flagged>=8h") >= 94.0);
}

TEST_CASE("candor models timezone-chronotypes learns shapes and a calibration", "[timezone][cli]") {
  TempDir dir;
  // Three teams in three zones, with offsets recorded (the truth the training needs).
  const char* zones[] = {"Asia/Shanghai", "Europe/Berlin", "America/Chicago"};
  for (int i = 0; i < 3; ++i) {
    std::string log;
    for (const auto& at : office_hours(zones[i], kJan2024, 400, true, 20 + i))
      log += "Person " + std::to_string(i) + "|" + at + "\n";
    write_text(dir / ("team" + std::to_string(i) + ".log"), log);
  }
  const auto r = run_cli("models timezone-chronotypes --shapes 2 --activity-dir '" +
                         dir.path().string() + "'");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("// Generated: candor models timezone-chronotypes --shapes 2 "
                                      "team0.log team1.log team2.log"));
  CHECK_THAT(r.out, Catch::Contains("constexpr std::size_t kChronoShapes = 2;"));
  CHECK_THAT(r.out, Catch::Contains("constexpr std::size_t kChronoAuthors = 3;"));
  CHECK_THAT(r.err, Catch::Contains("calibration: llr = "));

  const auto missing = run_cli("models timezone-chronotypes --activity-dir /nonexistent/dir");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("--activity-dir"));
}

// Synthetic honest schedules the shared logs hardly hold (README.md, timezone limits). Office
// hours are not flagged at their own zone and late work seldom; morning-only and night work are
// flagged often, the measured limit these bounds keep from growing.
TEST_CASE("candor eval timezone-schedules measures schedules the shared logs lack",
          "[timezone][cli]") {
  const auto r = run_cli("eval timezone-schedules --people 1");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  INFO(r.out);
  CHECK_THAT(r.out, Catch::Contains("shipped model"));
  CHECK(figure(r.out, "office", "false-alarm") <= 1.0);
  CHECK(figure(r.out, "office", "flagged>=8h") >= 90.0);
  CHECK(figure(r.out, "late", "false-alarm") <= 9.0);
  CHECK(figure(r.out, "late", "flagged>=8h") >= 80.0);
  CHECK(figure(r.out, "morning-only", "false-alarm") <= 45.0);
  CHECK_THAT(r.out, Catch::Contains("false alarms by zone:"));

  // A model trained from the shared logs is the shipped one: the same figures.
  const auto trained = run_cli("eval timezone-schedules --people 1" + twelve_logs_only());
  INFO(trained.err);
  REQUIRE(trained.exit_code == 0);
  CHECK_THAT(trained.out, Catch::Contains("trained model"));
  for (const char* group : {"office", "morning-only", "late", "night"})
    CHECK(figure(trained.out, group, "false-alarm") == figure(r.out, group, "false-alarm"));

  const auto short_lives = run_cli("eval timezone-schedules --days 28 --window 1000");
  CHECK(short_lives.exit_code == 2);
  CHECK_THAT(short_lives.err, Catch::Contains("--days: 28 days hold no 1000-event window"));
  const auto untrained = run_cli("eval timezone-schedules --claim-shift 90");
  CHECK(untrained.exit_code == 2);
  CHECK_THAT(untrained.err, Catch::Contains("--claim-shift: training a model needs git logs"));
  const auto uneven = run_cli("eval timezone-schedules --claim-shift 20" + twelve_logs_only());
  CHECK(uneven.exit_code == 2);
  CHECK_THAT(uneven.err, Catch::Contains("--claim-shift: expected a multiple of 15 minutes"));
}
