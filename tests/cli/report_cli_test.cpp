// The reviewer report from the command line: check --report / --format html, batch --report and
// candor report from stored verdicts, on the samples and on generated candidates.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "catch.hpp"
#include "fixtures.hpp"
#include "html.hpp"

using namespace candor::test;

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

std::string sample(const std::string& name) {
  return quoted(source_dir() / "samples" / name / "candidate.json");
}

std::size_t files_in(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

}  // namespace

TEST_CASE("check --report writes the page beside the text verdict", "[cli][report]") {
  TempDir dir;
  const auto page = dir / "out.html";
  const auto r =
      run_cli("check " + sample("dprk-persona") + " --no-store --report " + quoted(page));
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("timezone.offset_mismatch"));
  const HtmlPage html(read_text(page));
  // Asia/Shanghai clock on a US exit (group clock) and UTC+8 hours (group timezone): high.
  CHECK(html.count("//span[@data-band='high']") == 1);
  CHECK(html.count("//svg[@class='heatmap']") == 2);
  CHECK(html.count("//svg[@class='offsets']") == 1);
  CHECK(html.count("//section[@id='sessions']//td[contains(., 'North Bergen')]") == 2);
}

TEST_CASE("check --format html writes the page to standard output or -o", "[cli][report]") {
  const auto r = run_cli("check " + sample("honest-us") + " --no-store --format html");
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(HtmlPage(r.out).count("//span[@data-band='clear']") == 1);
  TempDir dir;
  const auto o = run_cli("check " + sample("honest-us") + " --no-store --format html -o " +
                         quoted(dir / "p.html"));
  CHECK(o.exit_code == 0);
  CHECK(o.out.empty());
  CHECK(read_text(dir / "p.html").rfind("<!DOCTYPE html>", 0) == 0);
  const auto bad = run_cli("check " + sample("honest-us") + " --no-store --format pdf");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--format"));
}

TEST_CASE("batch --report writes a page per candidate and an index, and report re-renders them",
          "[cli][report]") {
  TempDir dir;
  const std::size_t n = 60;
  REQUIRE(run_cli("bench generate --corrupt 0 -n " + std::to_string(n) + " -o " +
                  quoted(dir / "in.jsonl"))
              .exit_code == 0);
  const auto r = run_cli("batch " + quoted(dir / "in.jsonl") + " -o " + quoted(dir / "out.jsonl") +
                         " --no-store -j 2 --report " + quoted(dir / "pages"));
  REQUIRE(r.exit_code <= 1);
  CHECK(files_in(dir / "pages") == n + 1);
  const HtmlPage index(read_text(dir / "pages" / "index.html"));
  const auto links = index.texts("//table//a/@href");
  CHECK(links.size() == n);
  for (const auto& link : links) CHECK(std::filesystem::exists(dir / "pages" / link));
  std::size_t counted = 0;
  for (const auto& c : index.texts("//p[@class='index-nav']/a"))
    counted += std::stoul(c.substr(c.rfind(' ') + 1));
  CHECK(counted == n);

  // The same pages again from the stored verdicts, without screening.
  const auto again = run_cli("report " + quoted(dir / "out.jsonl") + " --candidates " +
                             quoted(dir / "in.jsonl") + " -o " + quoted(dir / "again"));
  REQUIRE(again.exit_code == 0);
  CHECK(files_in(dir / "again") == n + 1);
  for (const auto& link : links) {
    INFO(link);
    const HtmlPage a(read_text(dir / "pages" / link)), b(read_text(dir / "again" / link));
    CHECK(a.texts("//tr/@data-signal") == b.texts("//tr/@data-signal"));
    CHECK(a.texts("//span/@data-band") == b.texts("//span/@data-band"));
  }
}

TEST_CASE("report takes a folder of candidate.json files and refuses a bad verdict line",
          "[cli][report]") {
  TempDir dir;
  const auto verdict =
      run_cli("check " + sample("forged-passport") + " --no-store --format json").out;
  write_text(dir / "v.jsonl", nlohmann::json::parse(verdict).dump() + "\n");
  const auto r = run_cli("report " + quoted(dir / "v.jsonl") + " --candidates " +
                         quoted(source_dir() / "samples") + " -o " + quoted(dir / "pages"));
  REQUIRE(r.exit_code == 0);
  const HtmlPage page(read_text(dir / "pages" / "forged-passport.html"));
  CHECK(page.count("//pre[@class='mrz']//span[@class='fail']") == 1);

  write_text(dir / "bad.jsonl", "{\"schema\": \"candor.candidate/v1\", \"id\": \"x\"}\n");
  const auto bad = run_cli("report " + quoted(dir / "bad.jsonl") + " -o " + quoted(dir / "p2"));
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad.jsonl"));
  CHECK_THAT(bad.err, Catch::Contains("line 1"));
  CHECK(std::count(bad.err.begin(), bad.err.end(), '\n') == 1);
}

TEST_CASE("batch --report shows the other candidate's picture beside a reused one",
          "[cli][report]") {
  TempDir dir;
  std::string lines;
  for (const std::string name : {"dprk-persona", "dprk-persona-2"}) {
    auto c = nlohmann::json::parse(read_text(source_dir() / "samples" / name / "candidate.json"));
    for (auto& p : c["photos"])
      p["path"] = (source_dir() / "samples" / name / p["path"].get<std::string>()).string();
    c.erase("activity");
    lines += c.dump() + "\n";
  }
  write_text(dir / "two.jsonl", lines);
  // A fresh data directory: the store sees the first persona before the second, nothing else.
  // The photos stay in the samples' folders, which the operator names as the files root.
  const auto r =
      run_cli("batch " + quoted(dir / "two.jsonl") + " -o " + quoted(dir / "v.jsonl") +
              " -j 1 --data-dir " + quoted(dir / "data") + " --report " + quoted(dir / "pages") +
              " --files-root " + quoted(source_dir() / "samples"));
  REQUIRE(r.exit_code == 1);
  const HtmlPage page(read_text(dir / "pages" / "dprk-persona-2.html"));
  CHECK(page.count("//section[@id='photos']//img[starts-with(@src,'data:image/jpeg')]") == 2);
  CHECK(page.count("//figcaption[b='dprk-persona' and contains(., 'same picture')]") == 1);
  CHECK(page.count("//svg[@class='cluster']") == 1);
  CHECK(page.count("//tr[@data-signal='links.shared_identifier']") == 1);
}
