// The reviewer report: every sample screened and rendered, the page read back by libxml2's HTML
// parser as a browser would, and what a reviewer and a security policy need checked on it.
#include <algorithm>
#include <cctype>
#include <set>

#include "candor/app/report.hpp"
#include "candor/app/screener.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "html.hpp"

using namespace candor;

namespace {

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// No src or href leaves the page, except the attribution links a licence asks for.
void check_no_remote_loads(const test::HtmlPage& page) {
  for (const auto& url : page.texts("//*[not(contains(@class,'attribution'))]/@src | "
                                    "//*[not(contains(@class,'attribution'))]/@href")) {
    INFO(url);
    CHECK(url.rfind("http://", 0) != 0);
    CHECK(url.rfind("https://", 0) != 0);
    CHECK(url.rfind("//", 0) != 0);
  }
}

void check_csp(const test::HtmlPage& page) {
  const auto csp = page.texts("//meta[@http-equiv='Content-Security-Policy']/@content");
  REQUIRE(csp.size() == 1);
  CHECK_THAT(csp[0], Catch::Contains("default-src 'none'"));
  CHECK_THAT(csp[0], Catch::Contains("img-src data:"));
  CHECK(page.count("//script") == 0);
}

app::ScreenerOptions no_store() {
  app::ScreenerOptions options;
  options.no_store = true;
  return options;
}

nlohmann::json verdict_with(const nlohmann::json& signals) {
  return {{"schema", "candor.verdict/v1"},
          {"candidate", "c-1"},
          {"band", "high"},
          {"probability", 0.61},
          {"score", 61},
          {"prior_log_odds", -6.2},
          {"log_odds", 0.45},
          {"signals", signals},
          {"plugins", nlohmann::json::array()},
          {"policy", "embedded"},
          {"version", "0.1.0"}};
}

}  // namespace

// The samples are screened on the defaults scripts/setup.sh installs (as the CLI tests do).
TEST_CASE("every sample renders a page with badge, reasons, photos, heatmap and CSP",
          "[app][report]") {
  const app::Screener screener(no_store());
  const auto options = app::report_options_for(screener);
  std::size_t samples = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() / "samples")) {
    const auto candidate = load_candidate_file(entry.path() / "candidate.json");
    INFO(candidate.id);
    const auto verdict = to_json(screener.make_worker()->screen(candidate));
    const std::string html = app::render_report_page(verdict, &candidate, options);
    CHECK(html.size() < 400 * 1024);
    const test::HtmlPage page(html);
    const std::string band = verdict["band"];
    const auto badge = page.texts("//span[contains(@class,'badge') and @data-band='" + band + "']");
    REQUIRE(badge.size() == 1);
    CHECK_THAT(badge[0], Catch::Contains(upper(band)));
    std::set<std::string> ids;
    for (const auto& s : verdict["signals"]) ids.insert(s["id"].get<std::string>());
    for (const auto& id : ids) CHECK(page.count("//tr[@data-signal='" + id + "']") == 1);
    CHECK(page.count("//tr[@data-signal]") == ids.size());
    CHECK(page.count("//img[starts-with(@src,'data:image/jpeg;base64,') and starts-with(@alt,"
                     "'photo ')]") == candidate.photos.size());
    if (candidate.activity) CHECK(page.count("//svg[@class='heatmap']") == 2);
    CHECK(page.count("//svg[@class='waterfall']") == 1);
    check_csp(page);
    check_no_remote_loads(page);
    bool geoip_ok = false;
    for (const auto& p : verdict["plugins"])
      geoip_ok = geoip_ok || (p["name"] == "geoip" && p["status"] == "ok");
    if (geoip_ok && !options.data_sources.empty())
      CHECK(page.count("//a[@class='attribution' and @href='https://db-ip.com']") == 1);
    ++samples;
  }
  CHECK(samples >= 6);
}

TEST_CASE("the activity section tells the reviewer which honest schedule looks the same",
          "[app][report]") {
  const app::Screener screener(no_store());
  const auto candidate =
      load_candidate_file(test::source_dir() / "samples" / "dprk-persona" / "candidate.json");
  const auto verdict = to_json(screener.make_worker()->screen(candidate));
  const test::HtmlPage page(app::render_report_page(verdict, &candidate, {}));
  // +08:00 office hours claimed in the US fall in the claimed zone's night.
  const auto notes = page.texts("//section[@id='activity']/p[@class='note']");
  REQUIRE(notes.size() >= 1);
  CHECK_THAT(notes[0], Catch::StartsWith("Timezone: "));
  CHECK_THAT(notes[0],
             Catch::Contains("the hours of a night shift there; ask about working hours"));
}

TEST_CASE("the forged passport's failing composite check digit is highlighted", "[app][report]") {
  const app::Screener screener(no_store());
  const auto candidate =
      load_candidate_file(test::source_dir() / "samples" / "forged-passport" / "candidate.json");
  const auto verdict = to_json(screener.make_worker()->screen(candidate));
  const test::HtmlPage page(app::render_report_page(verdict, &candidate, {}));
  const auto failing = page.texts("//pre[@class='mrz']//span[@class='fail']");
  REQUIRE(failing.size() == 1);
  CHECK(failing[0] == "4");  // the composite digit as printed; 0 is what it should be
  CHECK(page.count("//pre[@class='mrz']//span[@class='check']") == 4);
}

TEST_CASE("candidate text is escaped: a <script> name renders as text", "[app][report]") {
  test::TempDir dir;
  const std::string evil = "<script>alert(1)</script>";
  const auto candidate =
      parse_candidate({{"id", "<img src=x onerror=alert(2)>"},
                       {"name", evil},
                       {"claimed_location", {{"country", "US"}, {"timezone", "America/Chicago"}}},
                       {"sessions",
                        {{{"ip", "203.0.113.7"},
                          {"at", "2026-10-01T15:00:00Z"},
                          {"browser_timezone", "\"><script>alert(3)</script>"}}}},
                       {"activity", {"2026-10-01T15:00:00Z", "2026-10-02T16:00:00Z"}}},
                      "test", dir.path());
  const auto verdict =
      verdict_with({{{"id", "links.shared_identifier"},
                     {"summary", evil},
                     {"llr", 3.5},
                     {"contribution", 3.5},
                     {"group", "links"},
                     {"evidence",
                      {{"kind", "phone"},
                       {"value", evil},
                       {"others", {{{"id", "<svg onload=alert(4)>"}, {"name", evil}}}}}}}});
  nlohmann::json v = verdict;
  v["candidate"] = candidate.id;
  const std::string html = app::render_report_page(v, &candidate, {});
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("<img src=x") == std::string::npos);
  CHECK(html.find("<svg onload") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  const test::HtmlPage page(html);
  CHECK(page.count("//script") == 0);
  CHECK(page.count("//img") == 0);
  const auto title = page.texts("//h1");
  REQUIRE(title.size() == 1);
  CHECK_THAT(title[0], Catch::Contains(evil));
  CHECK(page.count("//svg[@class='cluster']") == 1);
  check_no_remote_loads(page);
}

TEST_CASE("a page with two full-size photos stays under 400 KB, thumbnails at most 320 px",
          "[app][report]") {
  const auto faces = test::shared_dir() / "data" / "faces" / "test_images";
  const auto candidate =
      parse_candidate({{"id", "two-photos"},
                       {"photos",
                        {{{"path", (faces / "obama3.jpg").string()}, {"kind", "profile"}},
                         {{"path", (faces / "biden.jpg").string()}, {"kind", "selfie"}}}}},
                      "test", faces);
  const auto verdict = verdict_with(
      {{{"id", "photo.face_mismatch"},
        {"summary", "Two of the candidate's pictures show different people"},
        {"llr", 2.5},
        {"contribution", 2.5},
        {"group", "photo"},
        {"evidence",
         {{"photos", {"obama3.jpg", "biden.jpg"}}, {"distance", 0.81}, {"threshold", 0.68}}}}});
  const std::string html = app::render_report_page(verdict, &candidate, {});
  CHECK(html.size() < 400 * 1024);
  const test::HtmlPage page(html);
  CHECK(page.count("//img[starts-with(@src,'data:image/jpeg;base64,')]") == 2);
  for (const auto& w : page.texts("//img/@width")) CHECK(std::stoi(w) <= 320);
  for (const auto& h : page.texts("//img/@height")) CHECK(std::stoi(h) <= 320);
  CHECK(page.count("//figcaption[contains(., 'different people')]") == 2);
}

TEST_CASE("repeated signals of one id are one row listing the kinds", "[app][report]") {
  nlohmann::json signals = nlohmann::json::array();
  for (const char* kind : {"hosting", "vpn", "tor"})
    signals.push_back({{"id", "geoip.anonymizer"},
                       {"summary", std::string("Connected through ") + kind},
                       {"llr", 1.0},
                       {"contribution", 0.5},
                       {"group", "anonymizer"},
                       {"evidence", {{"kind", kind}, {"hits", {{{"ip", "198.51.100.4"}}}}}}});
  signals.push_back({{"id", "geoip.location_mismatch"},
                     {"summary", "far"},
                     {"llr", 2.0},
                     {"contribution", 2.0},
                     {"group", "location"},
                     {"evidence", nlohmann::json::object()}});
  const auto rows = app::fold_signals(signals);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == "geoip.anonymizer");
  CHECK(rows[0].count == 3);
  CHECK(rows[0].kinds == std::vector<std::string>{"hosting", "vpn", "tor"});
  CHECK(rows[0].contribution == Approx(1.5));
  const test::HtmlPage page(app::render_report_page(verdict_with(signals), nullptr, {}));
  CHECK(page.count("//tr[@data-signal='geoip.anonymizer']") == 1);
  CHECK(page.count("//tr[@data-signal='geoip.anonymizer']//b[contains(., 'hosting, vpn, tor')]") ==
        1);
  CHECK(page.count("//span[@class='capped']") == 1);  // three LLRs of 1.0 counted as 1.5
  // Without the candidate the sessions come from the evidence alone.
  CHECK(page.count("//section[@id='sessions']//td[contains(., 'hosting, tor, vpn')]") == 1);
}

TEST_CASE("report file names are safe, distinct and never the index", "[app][report]") {
  CHECK(app::report_file_name("honest-us") == "honest-us.html");
  const auto a = app::report_file_name("../etc/passwd"), b = app::report_file_name("__etc_passwd");
  CHECK(a.find('/') == std::string::npos);
  CHECK(a.rfind("..", 0) != 0);
  CHECK(a != b);
  CHECK(app::report_file_name("a/b") != app::report_file_name("a:b"));
  CHECK(app::report_file_name("index") != "index.html");
  CHECK(app::report_file_name("") != ".html");
  CHECK(app::report_file_name(std::string(500, 'x')).size() < 100);
}

TEST_CASE("render_report_page refuses what is not a verdict", "[app][report]") {
  CHECK_THROWS_AS(app::render_report_page({{"schema", "candor.error/v1"}}, nullptr, {}),
                  InputError);
  CHECK_THROWS_AS(app::render_report_page(nlohmann::json::array(), nullptr, {}), InputError);
}

TEST_CASE("a finding on the UN or OpenSanctions list credits that list on the page",
          "[app][report]") {
  nlohmann::json signals = nlohmann::json::array();
  signals.push_back({{"id", "sanctions.identifier_match"},
                     {"summary", "The e-mail is listed on OpenSanctions entry"},
                     {"llr", 9.0},
                     {"contribution", 8.0},
                     {"group", "sanctions"},
                     {"hard", true},
                     {"evidence", {{"list", "OpenSanctions"}, {"list_published", "2026-11-29"}}}});
  signals.push_back({{"id", "sanctions.name_match"},
                     {"summary", "The name matches UN Security Council entry"},
                     {"llr", 6.0},
                     {"contribution", 0.0},
                     {"group", "sanctions"},
                     {"evidence", {{"list", "UN Security Council"}}}});
  const test::HtmlPage page(app::render_report_page(verdict_with(signals), nullptr, {}));
  CHECK(page.count("//a[@class='attribution' and @href='https://www.opensanctions.org']") == 1);
  CHECK(page.count("//a[@class='attribution' and "
                   "@href='https://creativecommons.org/licenses/by-nc/4.0/']") == 1);
  CHECK(page.count("//li[contains(., 'UN Security Council Consolidated List')]") == 1);
  // Without such a finding neither is named.
  const test::HtmlPage plain(
      app::render_report_page(verdict_with(nlohmann::json::array()), nullptr, {}));
  CHECK(plain.count("//a[@href='https://www.opensanctions.org']") == 0);
}
