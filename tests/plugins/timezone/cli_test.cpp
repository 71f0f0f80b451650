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
