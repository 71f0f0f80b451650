// A hostile candidate file must not make `candor` read a host file into a verdict: paths outside
// the candidate's folder are refused unless the operator passes --allow-any-path, and even then
// nothing of a file that is not what it should be is quoted.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

nlohmann::json hostile(const std::string& file) {
  return {{"id", "hostile"},
          {"claimed_location", {{"country", "US"}, {"timezone", "America/Chicago"}}},
          {"activity", {{"file", file}, {"format", "lines"}}}};
}

// Nothing of /etc/passwd or of the environment in what candor printed.
void check_nothing_leaked(const CommandResult& r) {
  for (const auto* text : {&r.out, &r.err}) {
    CHECK(text->find("root:") == std::string::npos);
    CHECK(text->find("/bin/") == std::string::npos);
    CHECK(text->find("PATH=") == std::string::npos);
  }
}

void check_refused(const CommandResult& r, const std::string& field) {
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains(field) && Catch::Contains("is outside the candidate file's"));
  check_nothing_leaked(r);
}

}  // namespace

TEST_CASE("check refuses a candidate's /etc/passwd and an escaping symlink", "[cli]") {
  REQUIRE(std::filesystem::is_regular_file("/etc/passwd"));
  TempDir dir;
  write_text(dir / "passwd.json", hostile("/etc/passwd").dump());
  check_refused(run_cli("check " + quoted(dir / "passwd.json") + " --no-store"), "/activity/file");

  std::filesystem::create_symlink("/etc/passwd", dir / "times.txt");
  write_text(dir / "link.json", hostile("times.txt").dump());
  check_refused(run_cli("check " + quoted(dir / "link.json") + " --no-store"), "/activity/file");

  nlohmann::json photo = {{"id", "p"}, {"photos", {{{"path", "/etc/passwd"}}}}};
  write_text(dir / "photo.json", photo.dump());
  check_refused(run_cli("check " + quoted(dir / "photo.json") + " --no-store"), "/photos/0/path");
}

TEST_CASE("batch turns a record naming a host file into an error record", "[cli]") {
  TempDir dir;
  write_text(dir / "in.jsonl", hostile("/etc/passwd").dump() + "\n");
  const auto r = run_cli("batch " + quoted(dir / "in.jsonl") + " -o " + quoted(dir / "out.jsonl") +
                         " --no-store -j 1");
  CHECK(r.exit_code == 2);
  const auto line = nlohmann::json::parse(read_text(dir / "out.jsonl"));
  CHECK(line["schema"] == "candor.error/v1");
  CHECK(line["field"] == "/activity/file");
  CHECK_THAT(line["error"].get<std::string>(), Catch::Contains("is outside"));
  check_nothing_leaked(r);
}

TEST_CASE("the files-root and allow-any-path options let an operator read files elsewhere",
          "[cli]") {
  TempDir dir, elsewhere;
  write_text(elsewhere / "times.txt", "2026-01-05T15:00:00-06:00\n");
  write_text(dir / "c.json", hostile((elsewhere / "times.txt").string()).dump());
  const auto refused = run_cli("check " + quoted(dir / "c.json") + " --no-store");
  CHECK(refused.exit_code == 2);
  const auto rooted = run_cli("check " + quoted(dir / "c.json") + " --no-store --files-root " +
                              quoted(elsewhere.path()));
  CHECK(rooted.exit_code <= 1);
  CHECK(rooted.err.empty());
  const auto any = run_cli("check " + quoted(dir / "c.json") + " --no-store --allow-any-path");
  CHECK(any.exit_code <= 1);
  CHECK(any.err.empty());
}

TEST_CASE("with --allow-any-path a file that is not activity is named, never quoted", "[cli]") {
  TempDir dir;
  for (const char* file : {"/etc/passwd", "/proc/self/environ"}) {
    INFO(file);
    write_text(dir / "c.json", hostile(file).dump());
    const auto r =
        run_cli("check " + quoted(dir / "c.json") + " --format json --no-store --allow-any-path");
    CHECK(r.exit_code <= 1);
    check_nothing_leaked(r);
  }
}
