// Unreadable is not invalid: document images with no MRZ on them are skipped, never reported as
// an invalid MRZ; a specimen page with an MRZ still reads as before.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>

#include "candor/app/registry.hpp"
#include "candor/pipeline.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "image.hpp"
#include "mrz.hpp"
#include "mrz_located.hpp"

using namespace candor;
using namespace candor::plugins::document;
using candor::test::shared_dir;
using candor::test::TempDir;

namespace {

Verdict screen_image(const TempDir& dir, const std::filesystem::path& image) {
  std::shared_ptr<PluginFactory> factory;
  for (auto& f : app::make_all_plugins())
    if (f->name() == "document") factory = f;
  REQUIRE(factory);
  factory->configure({{"today", "2025-06-01"}, {"forensics", false}},
                     PluginSetup{DataDir(dir.path()), nullptr, "policy.json"});
  Pipeline pipeline(default_policy(), {factory}, nullptr);
  nlohmann::json c{{"id", "no-mrz"},
                   {"name", "Emily Carter"},
                   {"documents", {{{"kind", "passport"}, {"image", image.string()}}}}};
  return pipeline.make_worker()->screen(
      parse_candidate(c, (dir / "c.json").string(), dir.path(), test::shared_files_rules()));
}

bool has(const Verdict& v, const std::string& id) {
  for (const auto& s : v.signals)
    if (s.signal.id == id) return true;
  return false;
}

// Skipped with "no MRZ found", or at most the low-weight unreadable note; never invalid.
void check_not_invalid(const Verdict& v) {
  REQUIRE(v.plugins.size() == 1);
  INFO(v.plugins[0].status << " " << v.plugins[0].reason);
  CHECK_FALSE(has(v, "document.mrz_invalid"));
  CHECK_FALSE(has(v, "document.mrz_mismatch"));
  if (v.plugins[0].status == "skipped")
    CHECK(v.plugins[0].reason == "no MRZ found");
  else
    CHECK(v.plugins[0].status == "ok");
  for (const auto& s : v.signals) {
    CHECK(s.signal.id == "document.mrz_unreadable");
    CHECK(s.signal.llr <= 0.1);
  }
  CHECK(v.band == Band::clear);
}

}  // namespace

TEST_CASE("a face photo uploaded as an ID document has no MRZ: skipped, not invalid",
          "[document]") {
  TempDir dir;
  const auto photo = shared_dir() / "data" / "faces" / "test_images" / "obama.jpg";
  REQUIRE(std::filesystem::exists(photo));
  check_not_invalid(screen_image(dir, photo));
}

TEST_CASE("noise and random capital text where an MRZ would be are not an invalid MRZ",
          "[document]") {
  TempDir dir;
  std::mt19937 rng(7);
  cv::Mat noise(600, 900, CV_8UC3);
  cv::randu(noise, cv::Scalar::all(0), cv::Scalar::all(255));
  cv::imwrite((dir / "noise.png").string(), noise);
  check_not_invalid(screen_image(dir, dir / "noise.png"));

  // Two lines of random capitals, digits and fillers in an OCR-B-like font where a TD3 MRZ sits:
  // MRZ-shaped text that is no MRZ (no layout, no fillers where the format puts them).
  cv::Mat page(620, 880, CV_8UC3, cv::Scalar::all(235));
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
  for (int line = 0; line < 2; ++line) {
    std::string text;
    for (int i = 0; i < 44; ++i) text += alphabet[rng() % alphabet.size()];
    cv::putText(page, text, {20, 520 + 50 * line}, cv::FONT_HERSHEY_PLAIN, 1.5, cv::Scalar::all(20),
                2);
  }
  cv::imwrite((dir / "text.png").string(), page);
  check_not_invalid(screen_image(dir, dir / "text.png"));
}

TEST_CASE("a specimen passport's MRZ is located with confidence", "[document]") {
  const auto dir = shared_dir() / "data" / "mrz" / "images";
  MrzOcr ocr("");
  cv::Mat bgr = cv::imread((dir / "pe__100_pass-uto.jpg").string());
  REQUIRE_FALSE(bgr.empty());
  const ImageMrz found = read_mrz(bgr, ocr);
  const CorrectedMrz parsed = parse_mrz_corrected(found.lines, Date{2025, 1, 1});
  const MrzLocation where = assess_mrz_read(found.raw, found.lines, found.confidence, parsed.mrz);
  INFO(where.reason << " lines " << nlohmann::json(found.raw).dump());
  CHECK(where.located);
  CHECK(where.check_digit_share >= kMinCheckDigitShare);

  // Nothing read is no MRZ.
  const MrzLocation none = assess_mrz_read({}, {}, 99, parsed.mrz);
  CHECK_FALSE(none.found);
  CHECK(none.reason == "no MRZ found");
}
