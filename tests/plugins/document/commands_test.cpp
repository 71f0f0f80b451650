// `candor bench document` and `candor eval document`: the built CLI on tiny generated inputs.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "catch.hpp"
#include "fixtures.hpp"

using candor::test::run_cli;
using candor::test::TempDir;
using candor::test::write_text;

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// A small gray page with a darker band near the bottom, 120x80 px.
void write_page(const std::filesystem::path& path) {
  std::filesystem::create_directories(path.parent_path());
  cv::Mat page(80, 120, CV_8UC3, cv::Scalar(220, 220, 220));
  page(cv::Rect(10, 55, 100, 15)).setTo(cv::Scalar(40, 40, 40));
  REQUIRE(cv::imwrite(path.string(), page));
}

}  // namespace

TEST_CASE("bench document reports the MRZ parse rate, and OCR and forensics times of an image",
          "[document]") {
  TempDir dir;
  const std::string data = " --data-dir " + quoted(dir / "data");
  const auto parse = run_cli("bench document --seconds 0.05" + data);
  INFO(parse.err);
  CHECK(parse.exit_code == 0);
  CHECK_THAT(parse.out, Catch::StartsWith("mrz parse+validate: ") &&
                            Catch::Contains("/s on one core (") && Catch::Contains(" valid)"));
  CHECK_THAT(parse.out, !Catch::Contains("locate + OCR"));

  write_page(dir / "page.png");
  const auto image =
      run_cli("bench document --seconds 0.01 --image " + quoted(dir / "page.png") + data);
  INFO(image.err);
  CHECK(image.exit_code == 0);
  CHECK_THAT(image.out, Catch::Contains("locate + OCR of " + (dir / "page.png").string()) &&
                            Catch::Contains("copy-move ") && Catch::Contains("ELA+noise "));

  // The image limits are the policy's plugins.document ones, as in screening.
  write_text(dir / "policy.json", R"({"plugins": {"document": {"max_image_pixels": 1024}}})");
  const auto refused = run_cli("bench document --seconds 0.01 --image " + quoted(dir / "page.png") +
                               " --policy " + quoted(dir / "policy.json") + data);
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("--image") && Catch::Contains("over the limit of 1024"));
  CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
  // A duration that is no number is bad input.
  const auto bad = run_cli("bench document --seconds soon" + data);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--seconds"));
}

TEST_CASE("eval document scores a manifest and counts forensic alarms on genuine images",
          "[document]") {
  TempDir dir;
  const std::string data = " --data-dir " + quoted(dir / "data");
  // An image without an MRZ is not scored: the OCR totals are 0 of 0.
  write_page(dir / "images" / "blank.png");
  write_text(dir / "images.json",
             R"({"images": [{"file": "images/blank.png", "has_mrz": false}]})");
  write_page(dir / "genuine" / "page.png");
  write_text(dir / "genuine" / "notes.txt", "not an image");
  const auto r = run_cli("eval document --manifest " + quoted(dir / "images.json") + " --genuine " +
                         quoted(dir / "genuine") + data);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("OCR exact MRZ: 0/0 without correction, 0/0 with correction; "
                                    "0 valid after correction; mean 0 ms per image"));
  CHECK_THAT(r.out, Catch::Contains("false alarms on 1 genuine images: metadata "));

  const auto missing = run_cli("eval document --manifest " + quoted(dir / "missing.json") + data);
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.empty());
  CHECK_THAT(missing.err,
             Catch::Contains("missing.json") && Catch::Contains("cannot read manifest"));
  write_text(dir / "other.json", R"({"faces": []})");
  const auto other = run_cli("eval document --manifest " + quoted(dir / "other.json") + data);
  CHECK(other.exit_code == 2);
  CHECK_THAT(other.err, Catch::Contains("not an images manifest"));
}
