// The batch runner `candor batch` uses: input order kept on several workers, bad records become
// error records and the run goes on, every verdict handed on is already stored.
#include "candor/app/batch_runner.hpp"
#include "candor/app/screener.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;

namespace {

std::string candidate_line(int i) {
  return nlohmann::json{{"schema", "candor.candidate/v1"},
                        {"id", "c" + std::to_string(i)},
                        {"name", "Person " + std::to_string(i)},
                        {"emails", {"p" + std::to_string(i) + "@example.org"}}}
      .dump();
}

}  // namespace

TEST_CASE("a JSONL batch keeps input order on two workers and goes on past bad records", "[app]") {
  test::TempDir data;
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += candidate_line(i) + "\n";
    if (i == 100) text += "{not json\n";
    if (i == 200) text += "\n";  // blank lines are skipped
    if (i == 250)
      text += R"({"id": ""})"
              "\n";
  }
  test::write_text(data / "in.jsonl", text);
  app::ScreenerOptions options;
  options.data_dir = data.path().string();
  app::Screener screener(options);
  app::BatchRunner runner(screener.pipeline(), screener.store(), 2);
  REQUIRE(runner.jobs() == 2);
  app::RecordSource source(data / "in.jsonl");
  std::vector<app::RecordResult> results;
  std::size_t stored_when_handed_on = 0;
  const auto summary = runner.run(source, [&](app::RecordResult&& r) {
    if (r.verdict && screener.store()->candidate(r.verdict->candidate)) ++stored_when_handed_on;
    results.push_back(std::move(r));
  });
  CHECK(summary.records == 302);
  CHECK(summary.errors == 2);
  CHECK(summary.workers == 2);
  CHECK(summary.bands[0] + summary.bands[1] + summary.bands[2] + summary.bands[3] == 300);
  CHECK(stored_when_handed_on == 300);
  REQUIRE(results.size() == 302);
  int expected = 0;
  for (const auto& r : results) {
    if (!r.verdict) continue;
    CHECK(r.verdict->candidate == "c" + std::to_string(expected++));
  }
  CHECK(results[101].line == 102);
  CHECK(results[101].error["schema"] == "candor.error/v1");
  CHECK(results[101].error["error"].get<std::string>().find("malformed JSON") != std::string::npos);
  CHECK(nlohmann::json::parse(results[101].json_line())["line"] == 102);
  CHECK(results[252].error["field"] == "/id");
}

TEST_CASE("a CSV batch maps rows to candidates and reports a row it cannot map", "[app]") {
  test::TempDir data;
  test::write_text(data / "in.csv",
                   "id,name,emails\n"
                   "a1,Ann Lee,ann@example.org\n"
                   "a2,Bo Chen,bo@example.org;bo2@example.org\n");
  app::ScreenerOptions options;
  options.data_dir = data.path().string();
  options.no_store = true;
  app::Screener screener(options);
  app::BatchRunner runner(screener.pipeline(), nullptr, 1);
  app::RecordSource source(data / "in.csv");
  std::vector<std::string> ids;
  runner.run(source, [&](app::RecordResult&& r) {
    REQUIRE(r.candidate);
    ids.push_back(r.candidate->id);
  });
  CHECK(ids == std::vector<std::string>{"a1", "a2"});
  CHECK_THROWS_AS(app::RecordSource(data / "missing.jsonl"), InputError);
}

TEST_CASE("deep JSON and bytes that are not UTF-8 become error records, the batch goes on",
          "[app]") {
  test::TempDir data;
  test::write_text(data / "in.jsonl", candidate_line(1) + "\n" + R"({"id": "d", "x": )" +
                                          std::string(50000, '[') + std::string(50000, ']') +
                                          "}\n" + candidate_line(2) + "\n");
  test::write_text(data / "in.csv", "id,name,date_of_birth\nu1,Ann,19\xff\xfe-01-01\nu2,Bo,\n");
  app::ScreenerOptions options;
  options.data_dir = data.path().string();
  options.no_store = true;
  app::Screener screener(options);
  app::BatchRunner runner(screener.pipeline(), nullptr, 2);
  std::vector<std::string> lines;
  auto sink = [&](app::RecordResult&& r) { lines.push_back(r.json_line()); };
  app::RecordSource jsonl(data / "in.jsonl");
  auto summary = runner.run(jsonl, sink);
  CHECK(summary.records == 3);
  CHECK(summary.errors == 1);
  CHECK(nlohmann::json::parse(lines[1])["error"].get<std::string>().find("nested deeper") !=
        std::string::npos);
  lines.clear();
  app::RecordSource csv(data / "in.csv");
  summary = runner.run(csv, sink);
  CHECK(summary.records == 2);
  CHECK(summary.errors == 1);
  const auto error = nlohmann::json::parse(lines[0]);  // the bad bytes replaced, not a throw
  CHECK(error["schema"] == "candor.error/v1");
  CHECK(error["error"].get<std::string>().find("date_of_birth") != std::string::npos);
}
