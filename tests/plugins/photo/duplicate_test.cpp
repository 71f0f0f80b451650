// The same picture under another identity: recompressed, resized, cropped, bordered, mirrored.
#include <algorithm>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "candor/app/batch_runner.hpp"
#include "candor/error.hpp"
#include "candor/image/decode.hpp"
#include "catch.hpp"
#include "image_hash.hpp"
#include "photo_support.hpp"

using namespace candor;
using namespace candor::test;
namespace photo = candor::plugins::photo;

namespace {

// The near-duplicates a persona operator makes of one stolen photo.
std::vector<std::pair<std::string, cv::Mat>> variants(const cv::Mat& original,
                                                      std::vector<int>& quality) {
  std::vector<std::pair<std::string, cv::Mat>> out;
  out.push_back({"jpeg_q30", original.clone()});
  quality.push_back(30);
  cv::Mat half;
  cv::resize(original, half, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
  out.push_back({"half_size", half});
  quality.push_back(90);
  const int cw = int(original.cols * 0.7), ch = int(original.rows * 0.7);
  out.push_back(
      {"crop_30",
       original(cv::Rect((original.cols - cw) / 2, (original.rows - ch) / 3, cw, ch)).clone()});
  quality.push_back(90);
  cv::Mat bordered;
  const int b = original.cols / 10;
  cv::copyMakeBorder(original, bordered, b, b, b, b, cv::BORDER_CONSTANT,
                     cv::Scalar(255, 255, 255));
  out.push_back({"border_10", bordered});
  quality.push_back(90);
  cv::Mat mirror;
  cv::flip(original, mirror, 1);
  out.push_back({"mirror", mirror});
  quality.push_back(90);
  return out;
}

}  // namespace

TEST_CASE("one photo from two candidates on two workers at once is still a duplicate",
          "[photo][slow]") {
  PhotoRig rig;
  const std::vector<std::string> photos = {"test_images/obama.jpg",
                                           "test_images/biden.jpg",
                                           "knn_examples/train/rose_leslie/img1.jpg",
                                           "knn_examples/train/kit_harington/john1.jpeg",
                                           "knn_examples/train/alex_lacamoire/img1.jpg",
                                           "test_images/obama3.jpg"};
  std::vector<Candidate> queue;
  for (std::size_t p = 0; p < photos.size(); ++p)
    for (const char* who : {"Emily Carter", "Grace Liu"}) {
      const nlohmann::json c = {
          {"id", "dup-" + std::to_string(p) + "-" + who},
          {"name", who},
          {"photos", {{{"path", face_image(photos[p]).string()}, {"kind", "profile"}}}}};
      queue.push_back(parse_candidate(c, "c.json", "/", test::shared_files_rules()));
    }
  const auto verdicts = app::BatchRunner(rig.pipeline(), rig.store.get(), 2).screen(queue);
  for (std::size_t p = 0; p < photos.size(); ++p) {
    INFO(photos[p]);
    const auto cites = [&](std::size_t from, std::size_t to) {
      for (const auto& s : signals_of(verdicts[from], "photo.duplicate_image"))
        if (s.evidence["other"]["candidate"] == queue[to].id) return true;
      return false;
    };
    CHECK((cites(2 * p, 2 * p + 1) || cites(2 * p + 1, 2 * p)));
  }
}

TEST_CASE("near-duplicates of a real photo are photo.duplicate_image across ids", "[photo]") {
  PhotoRig rig;
  const auto original_path = face_image("test_images/obama.jpg");
  const cv::Mat original = cv::imread(original_path.string(), cv::IMREAD_COLOR);
  REQUIRE(!original.empty());
  const Verdict first = rig.screen("cand-original", "Barack Real", {original_path});
  CHECK(photo_run(first).status == "ok");
  CHECK(signals_of(first, "photo.duplicate_image").empty());

  std::vector<int> quality;
  const auto copies = variants(original, quality);
  for (std::size_t i = 0; i < copies.size(); ++i) {
    const auto& [what, image] = copies[i];
    INFO(what);
    const auto path = rig.dir / (what + ".jpg");
    save_image(path, image, quality[i]);
    const Verdict v = rig.screen("cand-" + what, "Persona " + what, {path});
    REQUIRE(photo_run(v).status == "ok");
    const auto dups = signals_of(v, "photo.duplicate_image");
    // Earlier copies are the same picture too: find the match with the original.
    const auto it = std::find_if(dups.begin(), dups.end(), [](const Signal& s) {
      return s.evidence["other"]["candidate"] == "cand-original";
    });
    REQUIRE(it != dups.end());
    CHECK(it->llr >= 4.0);
    CHECK(it->group == "photo");
    if (what == "jpeg_q30" || what == "half_size") CHECK(it->evidence["hash"] == "image");
    if (what == "mirror") CHECK(it->evidence["hash"] == "chip_mirror");
  }
  // A different photo of the same man is not the same picture (but is the same face).
  const Verdict other =
      rig.screen("cand-other", "Someone Else", {face_image("test_images/obama2.jpg")});
  for (const auto& s : signals_of(other, "photo.duplicate_image"))
    CHECK(s.evidence["other"]["candidate"] != "cand-original");
  const auto reuse = signals_of(other, "photo.face_reuse");
  REQUIRE(reuse.size() == 1);
  CHECK(reuse.front().evidence["distance"].get<double>() < 0.5);
}

TEST_CASE("whole-image hashes separate different photos and survive re-encoding", "[photo]") {
  const auto decode = [](const std::string& rel) {
    return image::decode_image(face_image(rel), {}, {"test", "/photos/0/path"});
  };
  const auto obama = photo::hash_image(decode("test_images/obama2.jpg"));
  const auto png = photo::hash_image(decode("test_images/32bit.png"));
  CHECK(photo::hamming(obama.phash, png.phash) == 0);
  CHECK(photo::hamming(obama.block_mean, png.block_mean) == 0);
  const auto p240 = photo::hash_image(decode("examples/obama-240p.jpg"));
  const auto p1080 = photo::hash_image(decode("examples/obama-1080p.jpg"));
  CHECK(photo::hamming(p240.phash, p1080.phash) <= 2);
  // Different photos stay far apart (thresholds: 8 and 32 bits).
  const std::vector<std::string> distinct = {"test_images/obama.jpg",
                                             "test_images/obama3.jpg",
                                             "test_images/biden.jpg",
                                             "knn_examples/train/biden/biden2.jpg",
                                             "knn_examples/train/rose_leslie/img1.jpg",
                                             "knn_examples/train/kit_harington/john1.jpeg",
                                             "examples/obama-720p.jpg"};
  std::vector<photo::ImageHashes> hashes;
  for (const auto& rel : distinct) hashes.push_back(photo::hash_image(decode(rel)));
  for (std::size_t i = 0; i < hashes.size(); ++i)
    for (std::size_t j = i + 1; j < hashes.size(); ++j) {
      INFO(distinct[i] << " vs " << distinct[j]);
      const bool both = photo::hamming(hashes[i].phash, hashes[j].phash) <= 8 &&
                        photo::hamming(hashes[i].block_mean, hashes[j].block_mean) <= 32;
      CHECK_FALSE(both);
    }
}

TEST_CASE("corrupt, oversized and missing images are input errors naming the file", "[photo]") {
  TempDir dir;
  const auto corrupt = dir / "corrupt.jpg";
  std::string bytes = "\xFF\xD8\xFF\xE0 this is not really a JPEG";
  write_text(corrupt, bytes);
  const image::ImageOrigin origin{"cand.json", "/photos/0/path"};
  try {
    image::decode_image(corrupt, {}, origin);
    FAIL("decoded a corrupt image");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("corrupt.jpg") != std::string::npos);
    CHECK(e.field() == "/photos/0/path");
  }
  image::DecodeLimits tight;
  tight.max_pixels = 100'000;  // obama.jpg is 910×1137, read from its header
  CHECK_THROWS_AS(image::decode_image(face_image("test_images/obama.jpg"), tight, origin),
                  InputError);
  tight = {};
  tight.max_bytes = 1000;
  CHECK_THROWS_WITH(image::decode_image(face_image("test_images/obama.jpg"), tight, origin),
                    Catch::Contains("obama.jpg") && Catch::Contains("over the limit"));
  CHECK_THROWS_AS(image::decode_image(dir / "missing.jpg", {}, origin), InputError);

  // Through the pipeline: the plugin reports an error, nothing crashes.
  PhotoRig rig(false);
  const Verdict v = rig.screen("cand-corrupt", "Corrupt", {corrupt});
  CHECK(photo_run(v).status == "error");
  CHECK(photo_run(v).reason.find("corrupt.jpg") != std::string::npos);
}

TEST_CASE("without the face model: readiness says how to install it, hashes still work",
          "[photo]") {
  PhotoRig rig(false);
  const Readiness r = rig.factory->readiness();
  CHECK_FALSE(r.ready);
  CHECK(r.detail.find("face model") != std::string::npos);
  CHECK(r.fix.find("convert-faceapi") != std::string::npos);
  const auto original = face_image("knn_examples/train/biden/biden2.jpg");
  rig.screen("a", "Joe One", {original});
  const cv::Mat image = cv::imread(original.string());
  const auto copy = rig.dir / "q30.jpg";
  save_image(copy, image, 30);
  const Verdict v = rig.screen("b", "Joe Two", {copy});
  CHECK(signals_of(v, "photo.duplicate_image").size() == 1);
  CHECK(signals_of(v, "photo.face_reuse").empty());
}
