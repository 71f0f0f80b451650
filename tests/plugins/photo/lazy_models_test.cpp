// The face models load on the first picture, once for all workers; configure only checks them.
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "catch.hpp"
#include "photo_options.hpp"
#include "photo_support.hpp"

using namespace candor;
using namespace candor::test;
namespace photo = candor::plugins::photo;

namespace {

// The first `bytes` of a real model: what an interrupted copy leaves.
std::filesystem::path truncated_copy(const std::filesystem::path& model, const TempDir& dir,
                                     const std::string& name, std::size_t bytes) {
  std::ifstream in(model, std::ios::binary);
  std::string head(bytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(bytes));
  REQUIRE(in.gcount() == static_cast<std::streamsize>(bytes));
  write_text(dir / name, head);
  return dir / name;
}

}  // namespace

TEST_CASE("a corrupt face model fails the first photo, not configure or text-only candidates",
          "[photo]") {
  TempDir models;
  const auto model = truncated_copy(shared_face_model(), models, "half-copied.dat", 1 << 20);
  PhotoRig rig(nlohmann::json{{"face_model", model.string()}});

  const Verdict text_only = rig.screen("text-only", "Jane Doe", {});
  CHECK(photo_run(text_only).status == "skipped");
  CHECK(photo_run(text_only).reason == "no photos");

  const Verdict first = rig.screen("first", "Joe One", {face_image("test_images/obama.jpg")});
  CHECK(photo_run(first).status == "error");
  CHECK_THAT(photo_run(first).reason,
             Catch::Contains("half-copied.dat") && Catch::Contains("corrupt or not a dlib model"));

  // A failed load is not tried again for each candidate: the same error comes back at once,
  // even once the file is repaired (until candor starts again).
  std::filesystem::copy_file(shared_face_model(), model,
                             std::filesystem::copy_options::overwrite_existing);
  const Verdict second = rig.screen("second", "Joe Two", {face_image("test_images/obama2.jpg")});
  CHECK(photo_run(second).status == "error");
  CHECK(photo_run(second).reason == photo_run(first).reason);

  const Readiness r = rig.factory->readiness();
  CHECK_FALSE(r.ready);
  CHECK_THAT(r.detail, Catch::Contains("half-copied.dat"));
  CHECK_THAT(r.fix, Catch::Contains("face_model"));
}

TEST_CASE("a face model replaced after configure is an error, never mixed into the index",
          "[photo]") {
  TempDir models;
  const auto model = models / "face.dat";
  std::filesystem::copy_file(shared_face_model(), model);
  PhotoRig rig(nlohmann::json{{"face_model", model.string()}});
  // Still a loadable model (dlib reads only its first object), but another file.
  std::ofstream(model, std::ios::app) << "appended";
  const Verdict v = rig.screen("late", "Joe Late", {face_image("test_images/obama.jpg")});
  CHECK(photo_run(v).status == "error");
  CHECK_THAT(photo_run(v).reason, Catch::Contains("changed since candor started"));
}

TEST_CASE("readiness reports a corrupt landmark model with its fix", "[photo]") {
  if (!std::filesystem::exists(photo::kDefaultLandmarks))
    FAIL("missing landmark model " << photo::kDefaultLandmarks
                                   << " (apt-get install libdlib-data)");
  TempDir models;
  const auto landmarks = truncated_copy(photo::kDefaultLandmarks, models, "landmarks.dat", 1 << 20);
  PhotoRig rig(nlohmann::json{{"landmarks", landmarks.string()}});
  const Readiness r = rig.factory->readiness();
  CHECK_FALSE(r.ready);
  CHECK_THAT(r.detail,
             Catch::Contains("landmarks.dat") && Catch::Contains("corrupt or not a dlib model"));
  CHECK_THAT(r.fix, Catch::Contains("shape_predictor_68_face_landmarks.dat"));
}

TEST_CASE("without the landmark model no model loads and picture hashes still work", "[photo]") {
  TempDir nowhere;
  PhotoRig rig(nlohmann::json{{"landmarks", (nowhere / "no-such-landmarks.dat").string()}});
  const Readiness r = rig.factory->readiness();
  CHECK_FALSE(r.ready);
  CHECK_THAT(r.detail, Catch::Contains("landmark model"));
  const auto original = face_image("knn_examples/train/biden/biden2.jpg");
  CHECK(photo_run(rig.screen("a", "Joe One", {original})).status == "ok");
  const auto copy = rig.dir / "q30.jpg";
  save_image(copy, cv::imread(original.string()), 30);
  const Verdict v = rig.screen("b", "Joe Two", {copy});
  CHECK(photo_run(v).status == "ok");
  CHECK(signals_of(v, "photo.duplicate_image").size() == 1);
  CHECK(signals_of(v, "photo.no_face").empty());  // no face was looked for
}

TEST_CASE("workers starting together share one load of the face models", "[photo][slow]") {
  PhotoRig rig;
  const auto other = rig.make_worker();
  const auto obama = face_image("test_images/obama.jpg"),
             biden = face_image("test_images/biden.jpg");
  Verdict a, b;
  std::thread first([&] { a = rig.screen("a", "Barack Real", {obama}); });
  std::thread second([&] { b = rig.screen_on(*other, "b", "Joe Real", {biden}); });
  first.join();
  second.join();
  CHECK(photo_run(a).status == "ok");
  CHECK(photo_run(b).status == "ok");
  CHECK(signals_of(a, "photo.no_face").empty());
  CHECK(signals_of(b, "photo.no_face").empty());
  // Descriptors from either worker land in the one index under the one model digest.
  const Verdict c =
      rig.screen_on(*other, "c", "Someone Else", {face_image("test_images/obama2.jpg")});
  const auto reuse = signals_of(c, "photo.face_reuse");
  REQUIRE(reuse.size() == 1);
  CHECK(reuse.front().evidence["other"]["candidate"] == "a");
}
