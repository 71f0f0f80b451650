#include "activity.hpp"

#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::plugins::timezone;
using candor::test::TempDir;
using candor::test::write_text;

TEST_CASE("plain lines: RFC 3339 and epoch seconds, malformed lines named by line", "[timezone]") {
  TempDir dir;
  write_text(dir / "activity.txt",
             "# exported 2024-05-01\n2024-04-01T09:00:00-05:00\n1711983600\nnot a time\n\n"
             "2024-04-01T25:00:00Z\n2024-04-02T10:00:00Z\r\n");
  const auto a = read_activity_file(dir / "activity.txt", "lines", nullptr, "candidate.json");
  REQUIRE(a.events.size() == 3);
  CHECK(a.events[0].offset_minutes == -300);
  CHECK_FALSE(a.events[1].offset_minutes);
  CHECK(a.malformed == 2);
  REQUIRE(a.warnings.size() == 2);
  CHECK_THAT(a.warnings[0], Catch::StartsWith("activity.txt:4: "));
  CHECK_THAT(a.warnings[1], Catch::StartsWith("activity.txt:6: "));
}

TEST_CASE("git logs: author filter, date-only lines, bad lines", "[timezone]") {
  TempDir dir;
  write_text(dir / "git.log",
             "Ann Lee|2024-04-01T09:00:00+08:00\nBob|2024-04-01T10:00:00-07:00\n"
             "2024-04-02T09:00:00+08:00\nAnn Lee|garbage\nann lee|2024-04-03T09:00:00+08:00\n");
  const auto all = read_activity_file(dir / "git.log", "git", nlohmann::json::object(), "c.json");
  CHECK(all.events.size() == 4);
  CHECK(all.malformed == 1);
  CHECK_THAT(all.warnings.at(0), Catch::StartsWith("git.log:4: "));
  const auto ann = read_activity_file(dir / "git.log", "git", {{"author", "Ann Lee"}}, "c.json");
  CHECK(ann.events.size() == 2);  // case-insensitive; the date-only line has no author
  CHECK(ann.other_authors == 2);
}

TEST_CASE("Okta System Log exports: array or JSON lines, actor filter", "[timezone]") {
  TempDir dir;
  write_text(dir / "okta.json", R"([
    {"published": "2024-04-01T01:00:00.000Z", "actor": {"alternateId": "a@x.com", "displayName": "A"}},
    {"published": "soon", "actor": {"alternateId": "a@x.com"}},
    {"published": "2024-04-01T02:00:00.000Z", "actor": {"alternateId": "b@x.com"}}
  ])");
  const auto a = read_activity_file(dir / "okta.json", "okta", {{"actor", "a@x.com"}}, "c.json");
  CHECK(a.events.size() == 1);
  CHECK(a.malformed == 1);
  CHECK_THAT(a.warnings.at(0), Catch::Contains("event 1"));
  write_text(dir / "okta.jsonl",
             "{\"published\": \"2024-04-01T01:00:00Z\"}\n{oops\n{\"published\": 5}\n");
  const auto b = read_activity_file(dir / "okta.jsonl", "okta", nullptr, "c.json");
  CHECK(b.events.size() == 1);
  CHECK(b.malformed == 2);
  CHECK_THAT(b.warnings.at(0), Catch::StartsWith("okta.jsonl:2: "));
  CHECK_THAT(b.warnings.at(1), Catch::StartsWith("okta.jsonl:3: "));
  write_text(dir / "broken.json", "[{\"published\": ");
  CHECK_THROWS_AS(read_activity_file(dir / "broken.json", "okta", nullptr, "c.json"),
                  candor::InputError);
}

TEST_CASE("CSV with a named timestamp column", "[timezone]") {
  TempDir dir;
  write_text(dir / "logins.csv",
             "user,when\nann,2024-04-01T09:00:00+02:00\nann,never\nann,1711965600\n\"ann\"\n");
  const auto a = read_activity_file(dir / "logins.csv", "csv", {{"column", "when"}}, "c.json");
  CHECK(a.events.size() == 2);
  CHECK(a.malformed == 2);
  CHECK_THAT(a.warnings.at(0), Catch::StartsWith("logins.csv:3: "));
  CHECK_THAT(a.warnings.at(1), Catch::StartsWith("logins.csv:5: "));
  try {
    read_activity_file(dir / "logins.csv", "csv", nullptr, "c.json");
    FAIL("expected an InputError for the missing default column");
  } catch (const candor::InputError& e) {
    CHECK(e.field() == "/activity/column");
  }
}

TEST_CASE("an unreadable file or an unknown option is an InputError naming the field",
          "[timezone]") {
  TempDir dir;
  try {
    read_activity_file(dir / "missing.log", "git", nullptr, "cand.json");
    FAIL("expected an InputError");
  } catch (const candor::InputError& e) {
    CHECK(e.file() == "cand.json");
    CHECK(e.field() == "/activity/file");
    CHECK_THAT(e.problem(), Catch::Contains("missing.log"));
  }
  write_text(dir / "a.csv", "timestamp\n2024-01-01T00:00:00Z\n");
  try {
    read_activity_file(dir / "a.csv", "csv", {{"colum", "x"}}, "cand.json");
    FAIL("expected an InputError");
  } catch (const candor::InputError& e) {
    CHECK(e.field() == "/activity/colum");
  }
}

TEST_CASE("CSV with a user column keeps one person's rows", "[timezone]") {
  TempDir dir;
  write_text(dir / "tickets.csv",
             "who,at\nann,2024-04-01T09:00:00+02:00\nbob,2024-04-01T10:00:00Z\nANN,1711965600\n"
             "ann\nann,soon\n");
  const auto a =
      read_activity_file(dir / "tickets.csv", "csv",
                         {{"column", "at"}, {"user_column", "who"}, {"user", "ann"}}, "c.json");
  CHECK(a.events.size() == 2);
  CHECK(a.other_authors == 1);
  CHECK(a.malformed == 2);
  CHECK_THAT(a.warnings.at(0), Catch::StartsWith("tickets.csv:5: row has no \"at\" cell"));
  CHECK_THAT(a.warnings.at(1), Catch::StartsWith("tickets.csv:6: "));
  try {
    read_activity_file(dir / "tickets.csv", "csv", {{"column", "at"}, {"user", "ann"}}, "c.json");
    FAIL("expected an InputError for the missing default user column");
  } catch (const candor::InputError& e) {
    CHECK(e.field() == "/activity/user_column");
    CHECK_THAT(e.problem(), Catch::Contains("\"user\""));
  }
}

TEST_CASE("Slack and Teams exports: messages of one user, bad messages named", "[timezone]") {
  TempDir dir;
  write_text(dir / "general.json",
             R"([{"type":"message","user":"U01","ts":"1711965600.000100","text":"hi"},
                 {"type":"message","user":"U02","user_profile":{"real_name":"Bob Roe"},
                  "ts":"1711969200.000200"},
                 {"type":"message","user":"U01","ts":"yesterday"},
                 {"type":"message","user":"U01"},
                 {"type":"message","user_name":"ann","ts":"1711972800"}])");
  const auto slack = read_activity_file(
      dir / "general.json", "slack", {{"user", nlohmann::json::array({"U01", "ann"})}}, "c.json");
  CHECK(slack.events.size() == 2);
  CHECK(slack.events[0].utc == 1711965600);
  CHECK(slack.other_authors == 1);
  CHECK(slack.malformed == 2);
  CHECK_THAT(slack.warnings.at(0), Catch::StartsWith("general.json: message 2: "));
  CHECK_THAT(slack.warnings.at(1), Catch::StartsWith("general.json: message 3: "));
  const auto bob = read_activity_file(dir / "general.json", "slack", {{"user", "bob roe"}}, "c");
  CHECK(bob.events.size() == 1);

  write_text(dir / "chat.json",
             R"({"value":[{"createdDateTime":"2024-04-01T09:00:00.123Z",
                           "from":{"user":{"displayName":"Ann Lee","id":"a-1"}}},
                          {"createdDateTime":"2024-04-01T10:00:00Z",
                           "from":{"user":{"displayName":"Bob Roe","id":"b-2"}}},
                          {"createdDateTime":"not a time","from":{"user":{"id":"a-1"}}}]})");
  const auto teams = read_activity_file(dir / "chat.json", "teams", {{"user", "a-1"}}, "c.json");
  CHECK(teams.events.size() == 1);
  CHECK(teams.other_authors == 1);
  CHECK(teams.malformed == 1);
  CHECK_THAT(teams.warnings.at(0), Catch::StartsWith("chat.json: message 2: "));

  write_text(dir / "broken.json", "[{\"ts\":\"1\"},");
  try {
    read_activity_file(dir / "broken.json", "slack", nullptr, "c.json");
    FAIL("expected an InputError");
  } catch (const candor::InputError& e) {
    CHECK(e.field() == "/activity/file");
    CHECK_THAT(e.problem(), Catch::Contains("broken.json is not a Slack export"));
  }
  try {
    read_activity_file(dir / "chat.json", "teams", {{"actor", "x"}}, "c.json");
    FAIL("expected an InputError");
  } catch (const candor::InputError& e) {
    CHECK(e.field() == "/activity/actor");
  }
}
