// The document plugin through the real pipeline on small generated candidates.
#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <set>

#include "candor/app/batch_runner.hpp"
#include "candor/app/registry.hpp"
#include "candor/error.hpp"
#include "candor/pipeline.hpp"
#include "candor/signal_spec.hpp"
#include "candor/store.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "mrz.hpp"

using namespace candor;
using candor::test::shared_dir;
using candor::test::TempDir;

namespace {

const std::vector<std::string> kForgedJohnson{"P<USAJOHNSON<<MARCUS<LEE<<<<<<<<<<<<<<<<<<<<",
                                              "5839201743USA8607221M3209158<<<<<<<<<<<<<<04"};
const std::vector<std::string> kCarter{"P<USACARTER<<EMILY<<<<<<<<<<<<<<<<<<<<<<<<<<",
                                       "6472819357USA9104129F3306183<<<<<<<<<<<<<<02"};
const std::vector<std::string> kBecker{"P<D<<BECKER<<LUKAS<<<<<<<<<<<<<<<<<<<<<<<<<<",
                                       "C4J7R2X916D<<8809302M3105146<<<<<<<<<<<<<<06"};
const std::vector<std::string> kEriksson{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                                         "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};

struct Rig {
  TempDir dir;
  std::shared_ptr<PluginFactory> factory;
  std::unique_ptr<Store> store;
  std::unique_ptr<Pipeline> pipeline;
  std::unique_ptr<Pipeline::Worker> worker;

  explicit Rig(nlohmann::json section = {{"today", "2025-06-01"}, {"ocr", false}},
               bool with_store = true, const Policy& policy = default_policy()) {
    for (auto& f : app::make_all_plugins())
      if (f->name() == "document") factory = f;
    REQUIRE(factory);
    if (with_store) store = open_sqlite_store(dir / "candor.db");
    factory->configure(section, PluginSetup{DataDir(dir.path()), store.get(), "policy.json"});
    pipeline = std::make_unique<Pipeline>(policy, std::vector{factory}, store.get());
    worker = pipeline->make_worker();
  }

  // The test names images in ../shared and other folders, as a trusted operator may.
  Verdict screen(nlohmann::json json) {
    FileRules any;
    any.allow_any_path = true;
    return worker->screen(parse_candidate(json, (dir / "c.json").string(), dir.path(), any));
  }
};

nlohmann::json candidate(const std::string& id, const std::string& name, const std::string& dob,
                         const std::string& nationality, const std::vector<std::string>& mrz) {
  return {{"id", id},
          {"name", name},
          {"date_of_birth", dob},
          {"nationality", nationality},
          {"documents", {{{"kind", "passport"}, {"mrz", mrz}}}}};
}

// A TD3 passport MRZ with valid check digits, born 1985-01-01, expiring on `expiry` (YYMMDD).
std::vector<std::string> passport(const std::string& surname, const std::string& given,
                                  const std::string& number, const std::string& expiry = "300101") {
  std::string name_line = "P<USA" + surname + "<<" + given;
  name_line.resize(44, '<');
  std::string l2 = number + plugins::document::check_digit(number) + "USA850101" +
                   plugins::document::check_digit("850101") + "M" + expiry +
                   plugins::document::check_digit(expiry) + std::string(15, '<');
  l2 += plugins::document::check_digit(l2.substr(0, 10) + l2.substr(13, 7) + l2.substr(21, 22));
  return {name_line, l2};
}

std::vector<Signal> find(const Verdict& v, const std::string& id) {
  std::vector<Signal> out;
  for (const auto& s : v.signals)
    if (s.signal.id == id) out.push_back(s.signal);
  return out;
}

const PluginRun& run_of(const Verdict& v) {
  for (const auto& r : v.plugins)
    if (r.name == "document") return r;
  FAIL("document did not run");
  throw;
}

std::filesystem::path face(const std::string& relative) {
  auto path = shared_dir() / "data" / "faces" / relative;
  if (!std::filesystem::exists(path)) FAIL("missing shared image " << path);
  return path;
}

}  // namespace

TEST_CASE("sample MRZs computed for the samples validate as intended", "[document]") {
  const plugins::document::Date today{2025, 6, 1};
  CHECK(plugins::document::parse_mrz(kCarter, today).valid);
  CHECK(plugins::document::parse_mrz(kBecker, today).valid);
  auto forged = plugins::document::parse_mrz(kForgedJohnson, today);
  CHECK_FALSE(forged.valid);
  CHECK(forged.failing == std::vector<std::string_view>{"composite"});
}

TEST_CASE("a hand-edited DOB with a stale composite fires mrz_invalid", "[document]") {
  Rig rig;
  Verdict v =
      rig.screen(candidate("forged", "Marcus Lee Johnson", "1986-07-22", "US", kForgedJohnson));
  auto s = find(v, "document.mrz_invalid");
  REQUIRE(s.size() == 1);
  CHECK(s[0].llr >= 4.0);
  CHECK(s[0].group == "document");
  CHECK(s[0].evidence["failing_check"] == nlohmann::json::array({"composite"}));
  CHECK(s[0].evidence.contains("interpretation"));
  CHECK(find(v, "document.mrz_mismatch").empty());
}

TEST_CASE("honest candidates with valid, consistent passports fire nothing", "[document]") {
  Rig rig;
  Verdict a = rig.screen(candidate("honest-us", "Emily Carter", "1991-04-12", "US", kCarter));
  CHECK(a.signals.empty());
  CHECK(run_of(a).status == "ok");
  // Transliteration and order: "Lukas Bécker" against BECKER<<LUKAS, nationality DE vs D<<.
  Verdict b = rig.screen(candidate("honest-eu", "Bécker, Lukas", "1988-09-30", "DE", kBecker));
  CHECK(b.signals.empty());
}

TEST_CASE("the ICAO specimen passport is a hard finding", "[document]") {
  Rig rig;
  Verdict v = rig.screen(candidate("spec", "Anna Maria Eriksson", "1974-08-12", "SE", kEriksson));
  auto s = find(v, "document.specimen");
  REQUIRE(s.size() == 1);
  CHECK(s[0].hard);
  CHECK(v.band == Band::critical);
}

TEST_CASE("MRZ disagreeing with the application is a mismatch naming the fields", "[document]") {
  Rig rig;
  nlohmann::json c = candidate("mm", "Jane Doe", "1990-01-01", "US", kCarter);
  c["documents"][0]["number"] = "647281935";
  Verdict v = rig.screen(c);
  auto s = find(v, "document.mrz_mismatch");
  REQUIRE(s.size() == 1);
  std::set<std::string> fields;
  for (const auto& m : s[0].evidence["mismatches"]) fields.insert(m["field"]);
  CHECK(fields == std::set<std::string>{"name", "date_of_birth"});
  // Expired passports are a weak signal of their own.
  Verdict old = rig.screen(candidate("old", "Sarah Martin", "1985-01-01", "CA",
                                     {"P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<",
                                      "ZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<08"}));
  auto expired = find(old, "document.expired");
  REQUIRE(expired.size() == 1);
  CHECK(expired[0].llr < 1.0);
}

TEST_CASE("a policy's signal_llr overrides a document signal and changes the verdict",
          "[document]") {
  const nlohmann::json mismatched = candidate("mm", "Jane Doe", "1990-01-01", "US", kCarter);
  const nlohmann::json expired = candidate("old", "John Smith", "1985-01-01", "US",
                                           passport("SMITH", "JOHN", "X12345678", "230114"));
  Rig defaults;
  const Verdict mismatch_default = defaults.screen(mismatched);
  const auto two_fields = find(mismatch_default, "document.mrz_mismatch");
  REQUIRE(two_fields.size() == 1);
  CHECK(two_fields[0].level == "application");
  CHECK(two_fields[0].llr == Approx(3.5));  // two fields: 2.5 + 1
  CHECK(mismatch_default.band == Band::clear);
  const Verdict expired_default = defaults.screen(expired);
  REQUIRE(expired_default.signals.size() == 1);
  REQUIRE(find(expired_default, "document.expired").size() == 1);
  CHECK(find(expired_default, "document.expired")[0].llr == Approx(0.4));
  CHECK(expired_default.band == Band::clear);

  // A level named as id:level keeps the plugin's scale for the number of fields; an id names
  // every level. Both are checked against the plugin's table as a screening policy is.
  Policy policy = default_policy();
  policy.signal_llr["document.mrz_mismatch:application"] = 4.0;
  policy.signal_llr["document.expired"] = 6.0;
  CHECK_NOTHROW(check_signal_overrides(policy, {{"document", defaults.factory->signals()}}));
  Rig overridden({{"today", "2025-06-01"}, {"ocr", false}}, true, policy);
  const Verdict mismatch = overridden.screen(mismatched);
  const auto scaled = find(mismatch, "document.mrz_mismatch");
  REQUIRE(scaled.size() == 1);
  CHECK(scaled[0].llr == Approx(5.6));  // 4.0 scaled by 3.5 / 2.5
  CHECK(mismatch.band == Band::review);
  const Verdict old = overridden.screen(expired);
  REQUIRE(find(old, "document.expired").size() == 1);
  CHECK(find(old, "document.expired")[0].llr == Approx(6.0));
  CHECK(old.band == Band::review);
  CHECK(old.probability > expired_default.probability);

  Policy unknown = default_policy();
  unknown.signal_llr["document.mrz_mismatch:fields"] = 1.0;
  CHECK_THROWS_WITH(check_signal_overrides(unknown, {{"document", defaults.factory->signals()}}),
                    Catch::Contains("signal_llr.document.mrz_mismatch:fields"));
}

TEST_CASE("candor check with a policy overriding a document signal changes band and exit code",
          "[document]") {
  TempDir dir;
  const nlohmann::json c = candidate("old", "John Smith", "1985-01-01", "US",
                                     passport("SMITH", "JOHN", "X12345678", "230114"));
  test::write_text(dir / "old.json", c.dump());
  nlohmann::json policy = {{"plugins", {{"document", {{"today", "2025-06-01"}, {"ocr", false}}}}}};
  test::write_text(dir / "plain.json", policy.dump());
  policy["signal_llr"] = {{"document.expired", 6.0}};
  test::write_text(dir / "override.json", policy.dump());
  const auto check = [&](const std::string& policy_file) {
    const auto r = test::run_cli("check '" + (dir / "old.json").string() + "' --policy '" +
                                 (dir / policy_file).string() + "' --format json --no-store " +
                                 "--data-dir '" + (dir / "data").string() + "'");
    INFO(r.err);
    REQUIRE(r.exit_code <= 1);
    return std::pair{r.exit_code, nlohmann::json::parse(r.out)};
  };
  const auto [plain_code, plain] = check("plain.json");
  CHECK(plain_code == 0);
  CHECK(plain["band"] == "clear");
  const auto [override_code, overridden] = check("override.json");
  CHECK(override_code == 1);
  CHECK(overridden["band"] == "review");
  bool found = false;
  for (const auto& s : overridden["signals"])
    found = found || (s["id"] == "document.expired" && s["llr"].get<double>() == Approx(6.0));
  CHECK(found);
}

TEST_CASE("the same document number under another name is reuse", "[document]") {
  Rig rig;
  rig.screen(candidate("first", "Emily Carter", "1991-04-12", "US", kCarter));
  Verdict again = rig.screen(candidate("first", "Emily Carter", "1991-04-12", "US", kCarter));
  CHECK(find(again, "document.reused").empty());  // re-screening oneself is not reuse
  Verdict other = rig.screen(candidate("second", "Kim Song Il", "1991-04-12", "US", kCarter));
  auto s = find(other, "document.reused");
  REQUIRE(s.size() == 1);
  CHECK(s[0].evidence["other_candidates"][0]["candidate"] == "first");
}

TEST_CASE("unrecognised layouts are never reported as invalid", "[document]") {
  Rig rig;
  Verdict v = rig.screen(
      candidate("odd", "Test Person", "", "",
                {"AAA001D<<", "FACHE305142128097<<<<<<<<<<<<<", "MEIER<<BEAT<<<<<<<<<<<<<<<<<<<"}));
  CHECK(find(v, "document.mrz_invalid").empty());
}

TEST_CASE("a Swiss driving licence is checked against the application and for reuse",
          "[document]") {
  Rig rig;
  const std::vector<std::string> licence{"AAA001D<<", "FACHE305142128097<<800126<<<<<",
                                         "MARCHAND<<FABIENNE<<<<<<<<<<<<"};
  // The holder, of another nationality than the issuing state: a licence says nothing of it.
  Verdict own = rig.screen(candidate("ch-1", "Fabienne Marchand", "1980-01-26", "FR", licence));
  CHECK(run_of(own).status == "ok");
  CHECK(own.signals.empty());
  // Someone else with the same licence number and another birth date.
  Verdict other = rig.screen(candidate("ch-2", "Lea Keller", "1990-05-05", "CH", licence));
  CHECK(find(other, "document.mrz_invalid").empty());
  const auto mismatch = find(other, "document.mrz_mismatch");
  REQUIRE(mismatch.size() == 1);
  const auto reused = find(other, "document.reused");
  REQUIRE(reused.size() == 1);
}

TEST_CASE("one passport number under two names on two workers at once is still reuse",
          "[document]") {
  Rig rig;
  // Pairs side by side in the input, screened by two workers as in a batch.
  constexpr int kPairs = 300;
  std::vector<Candidate> queue;
  const char* const surnames[] = {"HARPER", "LAM"};
  for (int p = 0; p < kPairs; ++p) {
    const std::string number = "X" + std::to_string(10000000 + p);
    for (int k = 0; k < 2; ++k) {
      const std::string surname = std::string(surnames[k]) + char('A' + p % 26);
      queue.push_back(parse_candidate(
          candidate("pp-" + std::to_string(p) + "-" + std::to_string(k), "John " + surname,
                    "1985-01-01", "US", passport(surname, "JOHN", number)),
          "c.json", "/"));
    }
  }
  const auto verdicts = app::BatchRunner(*rig.pipeline, rig.store.get(), 2).screen(queue);
  int missed = 0;
  for (int p = 0; p < kPairs; ++p) {
    const auto first = find(verdicts[2 * p], "document.reused");
    const auto second = find(verdicts[2 * p + 1], "document.reused");
    CHECK(first.size() + second.size() <= 2);
    if (first.empty() && second.empty()) ++missed;
    for (const auto* s : {&first, &second})
      for (const auto& signal : *s) CHECK(signal.evidence["other_candidates"].size() == 1);
  }
  CHECK(missed == 0);
}

TEST_CASE("one document image from two candidates on two workers at once is still reuse",
          "[document]") {
  Rig rig({{"today", "2025-06-01"}, {"ocr", false}, {"forensics", false}});
  std::vector<std::filesystem::path> images;
  const auto folder = shared_dir() / "data" / "mrz" / "images";
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.path().extension() == ".jpg" || entry.path().extension() == ".png")
      images.push_back(entry.path());
  std::sort(images.begin(), images.end());
  images.resize(std::min<std::size_t>(images.size(), 24));
  std::vector<Candidate> queue;
  for (std::size_t p = 0; p < images.size(); ++p)
    for (const char* who : {"Emily Carter", "Grace Liu"}) {
      nlohmann::json c = candidate("img-" + std::to_string(p) + "-" + who, who, "", "", {});
      c["documents"][0]["image"] = images[p].string();
      queue.push_back(parse_candidate(c, "c.json", "/"));
    }
  const auto verdicts = app::BatchRunner(*rig.pipeline, rig.store.get(), 2).screen(queue);
  for (std::size_t p = 0; p < images.size(); ++p) {
    INFO(images[p].filename().string());
    const auto cites = [&](std::size_t from, std::size_t to) {
      for (const auto& s : find(verdicts[from], "document.reused"))
        for (const auto& m : s.evidence.value("matches", nlohmann::json::array()))
          if (m["candidate"] == queue[to].id) return true;
      return false;
    };
    CHECK((cites(2 * p, 2 * p + 1) || cites(2 * p + 1, 2 * p)));
  }
}

TEST_CASE("the same document image from two candidates is reuse", "[document]") {
  Rig rig({{"today", "2025-06-01"}, {"ocr", false}, {"forensics", false}});
  auto image = shared_dir() / "data" / "mrz" / "images" / "pe__100_pass-uto.jpg";
  nlohmann::json a = candidate("img-a", "Emily Carter", "1991-04-12", "US", kCarter);
  a["documents"][0]["image"] = image.string();
  CHECK(find(rig.screen(a), "document.reused").empty());
  nlohmann::json b = candidate("img-b", "Someone Else", "", "", {});
  b["documents"][0]["image"] = image.string();
  auto s = find(rig.screen(b), "document.reused");
  REQUIRE(s.size() == 1);
  CHECK(s[0].evidence["matches"][0]["candidate"] == "img-a");
}

TEST_CASE("a missing document image is a plugin error naming the field", "[document]") {
  Rig rig;
  nlohmann::json c = candidate("missing", "Emily Carter", "1991-04-12", "US", kCarter);
  test::write_text(rig.dir / "passport.jpg", "not an image");
  c["documents"][0]["image"] = (rig.dir / "passport.jpg").string();
  Verdict v = rig.screen(c);
  CHECK(run_of(v).status == "error");
  CHECK_THAT(run_of(v).reason, Catch::Contains("/documents/0/image"));
}

TEST_CASE("a document image over the policy's image limits is an error on that document",
          "[document]") {
  nlohmann::json c = candidate("limits", "Emily Carter", "1991-04-12", "US", kCarter);
  c["documents"][0]["image"] =
      (shared_dir() / "data" / "mrz" / "images" / "pe__100_pass-uto.jpg").string();
  Rig pixels({{"today", "2025-06-01"}, {"ocr", false}, {"max_image_pixels", 1024}});
  const Verdict few_pixels = pixels.screen(c);
  CHECK(run_of(few_pixels).status == "error");
  CHECK_THAT(run_of(few_pixels).reason, Catch::Contains("/documents/0/image") &&
                                            Catch::Contains("pe__100_pass-uto.jpg") &&
                                            Catch::Contains("pixels, over the limit of 1024"));
  Rig bytes({{"today", "2025-06-01"}, {"ocr", false}, {"max_image_bytes", 1024}});
  const Verdict few_bytes = bytes.screen(c);
  CHECK(run_of(few_bytes).status == "error");
  CHECK_THAT(run_of(few_bytes).reason, Catch::Contains("/documents/0/image") &&
                                           Catch::Contains("bytes, over the limit of 1024"));
  // The same image within the default limits goes through every check, forensics included.
  Rig defaults;
  CHECK(run_of(defaults.screen(c)).status == "ok");
  for (const auto& [key, value] :
       {std::pair{"max_image_pixels", 10.0}, std::pair{"max_image_bytes", 2e9}}) {
    const nlohmann::json section = {{key, value}};
    CHECK_THROWS_WITH(defaults.factory->configure(
                          section, PluginSetup{DataDir(defaults.dir.path()), nullptr, "p.json"}),
                      Catch::Contains(std::string("plugins.document.") + key));
  }
}

TEST_CASE("Tesseract starts on the first document image, never for MRZ lines given as text",
          "[document]") {
  // A model Tesseract cannot load: configure sees only that the file is there.
  TempDir tessdata;
  test::write_text(tessdata / "eng.traineddata", "not a Tesseract model");
  Rig rig({{"today", "2025-06-01"}, {"tessdata", tessdata.path().string()}, {"forensics", false}});
  CHECK(rig.factory->readiness().ready);
  Verdict text = rig.screen(candidate("text", "Emily Carter", "1991-04-12", "US", kCarter));
  CHECK(run_of(text).status == "ok");
  CHECK(text.signals.empty());
  nlohmann::json c = candidate("image", "Emily Carter", "1991-04-12", "US", {});
  c["documents"][0]["image"] =
      (shared_dir() / "data" / "mrz" / "images" / "pe__100_pass-uto.jpg").string();
  Verdict image = rig.screen(c);
  CHECK(run_of(image).status == "error");
  CHECK_THAT(run_of(image).reason, Catch::Contains("eng.traineddata"));
}

TEST_CASE("unknown option keys are rejected by name", "[document]") {
  std::shared_ptr<PluginFactory> factory;
  for (auto& f : app::make_all_plugins())
    if (f->name() == "document") factory = f;
  TempDir dir;
  CHECK_THROWS_WITH(factory->configure({{"ocr_engine", "x"}},
                                       PluginSetup{DataDir(dir.path()), nullptr, "p.json"}),
                    Catch::Contains("ocr_engine"));
}

TEST_CASE("a region cloned within a real photo is found, the photo itself is not", "[document]") {
  cv::Mat genuine = cv::imread(face("knn_examples/test/obama_and_biden.jpg").string());
  REQUIRE_FALSE(genuine.empty());
  TempDir dir;
  cv::Mat forged = genuine.clone();
  int side = std::min(genuine.cols, genuine.rows) / 4;
  cv::Rect from(genuine.cols / 10, genuine.rows / 10, side, side);
  cv::Rect to(genuine.cols - side - genuine.cols / 10, genuine.rows - side - genuine.rows / 10,
              side, side);
  genuine(from).copyTo(forged(to));
  cv::imwrite((dir / "genuine.png").string(), genuine);
  cv::imwrite((dir / "forged.png").string(), forged);
  Rig rig({{"today", "2025-06-01"}, {"ocr", false}}, false);
  nlohmann::json c = candidate("cm", "Emily Carter", "1991-04-12", "US", kCarter);
  c["documents"][0]["image"] = (dir / "forged.png").string();
  auto s = find(rig.screen(c), "document.tampered");
  REQUIRE(s.size() == 1);
  CHECK(s[0].evidence.contains("copy_move"));
  c["documents"][0]["image"] = (dir / "genuine.png").string();
  Verdict clean = rig.screen(c);
  for (const auto& t : find(clean, "document.tampered")) UNSCOPED_INFO(t.evidence.dump());
  CHECK(find(clean, "document.tampered").empty());
}

TEST_CASE("a PNG declaring 30000x30000 pixels as an ID document is refused from its header",
          "[document]") {
  Rig rig({{"today", "2025-06-01"}, {"ocr", false}});
  // Signature and IHDR only: the size is read from the header, nothing is decoded.
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\x0dIHDR", 8);
  for (std::uint32_t side : {30000u, 30000u})
    for (int shift = 24; shift >= 0; shift -= 8) png += static_cast<char>((side >> shift) & 0xff);
  png += std::string("\x08\x02\x00\x00\x00\0\0\0\0", 9);
  test::write_text(rig.dir / "huge.png", png);
  nlohmann::json c = candidate("huge", "Emily Carter", "1991-04-12", "US", kCarter);
  c["documents"][0]["image"] = (rig.dir / "huge.png").string();
  const Verdict v = rig.screen(c);
  CHECK(run_of(v).status == "error");
  CHECK_THAT(run_of(v).reason, Catch::Contains("/documents/0/image") &&
                                   Catch::Contains("30000x30000") &&
                                   Catch::Contains("over the limit"));
  CHECK(v.incomplete);
  CHECK(v.band >= Band::review);
}
