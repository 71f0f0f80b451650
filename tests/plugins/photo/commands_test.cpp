// The photo plugin's commands run through the built `candor`, and its signal table through the
// policy's signal_llr overrides.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "candor/signal_spec.hpp"
#include "catch.hpp"
#include "photo_support.hpp"

using namespace candor;
using namespace candor::test;

namespace {

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

}  // namespace

TEST_CASE("a policy's signal_llr for a photo signal changes the verdict", "[photo]") {
  const Policy policy = parse_policy(
      {{"signal_llr", {{"photo.no_face", 5.0}, {"photo.duplicate_image:same_name", 4.0}}}},
      "test-policy.json");
  PhotoRig rig(policy);
  // Both keys name a signal (and a level) of the photo plugin's table.
  check_signal_overrides(policy, {{"photo", rig.factory->signals()}});

  const auto logo = rig.dir / "logo.jpg";
  save_faceless_picture(logo);
  const Verdict none = rig.screen("logo", "No Face", {logo});
  const auto no_face = signals_of(none, "photo.no_face");
  REQUIRE(no_face.size() == 1);
  CHECK(no_face.front().llr == Approx(5.0));
  CHECK(none.band == Band::review);  // clear at the default 0.7

  // The same picture again under a new id with the same name: only that level is overridden.
  const Verdict again = rig.screen("logo-2", "No Face", {logo});
  const auto duplicate = signals_of(again, "photo.duplicate_image");
  REQUIRE(duplicate.size() == 1);
  CHECK(duplicate.front().level == "same_name");
  CHECK(duplicate.front().llr == Approx(4.0));  // 0.5 by default
  const Verdict renamed = rig.screen("logo-3", "Other Person", {logo});
  const auto other = signals_of(renamed, "photo.duplicate_image");
  REQUIRE_FALSE(other.empty());
  CHECK(other.front().level == "other_name");
  CHECK(other.front().llr == Approx(5.0));
}

TEST_CASE("candor photo crop-face writes the face and refuses an index with no face", "[photo]") {
  TempDir dir;
  const auto photo = face_image("test_images/obama.jpg");
  const auto r = run_cli("photo crop-face " + quoted(photo) + " " + quoted(dir / "face.jpg") +
                         " --size 200 --data-dir " + quoted(dir / "data"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("face 0 of 1 at [") && Catch::Contains("(200x"));
  const cv::Mat face = cv::imread((dir / "face.jpg").string());
  REQUIRE_FALSE(face.empty());
  CHECK(std::max(face.cols, face.rows) == 200);

  const auto wrong = run_cli("photo crop-face " + quoted(photo) + " " + quoted(dir / "x.jpg") +
                             " --index 3 --data-dir " + quoted(dir / "data"));
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.out.empty());
  CHECK_THAT(wrong.err, Catch::Contains("--index: 1 faces found"));
  const auto quality = run_cli("photo crop-face " + quoted(photo) + " " + quoted(dir / "x.jpg") +
                               " --quality 0 --data-dir " + quoted(dir / "data"));
  CHECK(quality.exit_code == 2);
  CHECK_THAT(quality.err, Catch::Contains("--quality"));
}

TEST_CASE("candor bench photo times photos and each ef of the face search", "[photo]") {
  TempDir dir;
  std::filesystem::create_directories(dir / "photos");
  std::filesystem::copy_file(face_image("test_images/obama.jpg"), dir / "photos" / "obama.jpg");
  const auto r = run_cli("bench photo --photos " + quoted(dir / "photos") +
                         " --count 300 --queries 5 --ef 16,32 --data-dir " + quoted(dir / "data"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("photos: 1 (") && Catch::Contains("face model missing"));
  CHECK_THAT(r.out, Catch::Contains("random x 300") && Catch::Contains("clustered x 300"));
  CHECK_THAT(r.out, Catch::Contains("  ef 16: ") && Catch::Contains("  ef 32: "));
  // Benchmarks never open the store.
  CHECK_FALSE(std::filesystem::exists(dir / "data" / "candor.db"));
}

TEST_CASE("candor models convert-faceapi refuses a tarball that is not the pinned one", "[photo]") {
  TempDir dir;
  write_text(dir / "fake.tgz", "not a tarball");
  const auto r = run_cli("models convert-faceapi --tarball " + quoted(dir / "fake.tgz") +
                         " --data-dir " + quoted(dir / "data"));
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, Catch::Contains("fake.tgz") && Catch::Contains("SHA-256"));
  CHECK_FALSE(std::filesystem::exists(dir / "data" / "models"));
}

TEST_CASE("a known identity's pictures are indexed and its face found in a later candidate",
          "[photo]") {
  PhotoRig rig;
  cv::Mat blank(400, 300, CV_8UC3, cv::Scalar(40, 120, 200));
  const auto logo = rig.dir / "logo.jpg";
  save_image(logo, blank);
  const KnownIdentity known{"known-persona:jane-roe",
                            "known-persona",
                            "Jane Roe",
                            {face_image("test_images/obama.jpg"), logo},
                            "--photo"};
  const KnownIndexed indexed = rig.factory->index_known(known, *rig.store);
  // Both pictures' hashes, and the one face's chip hashes and descriptor.
  CHECK(indexed.items.size() == 4);
  CHECK(indexed.summary == "2 photos, 1 faces");
  REQUIRE(indexed.warnings.size() == 1);
  CHECK_THAT(indexed.warnings.front(), Catch::StartsWith("no face in ") &&
                                           Catch::Contains("logo.jpg") &&
                                           Catch::EndsWith("(image hash kept)"));
  rig.store->record({known.id, known.name, "", 1, "", 0.0}, indexed.items);

  PhotoRig later;
  later.store = open_sqlite_store(rig.dir / "candor.db");
  PluginSetup setup{DataDir(rig.dir.path()), later.store.get(), "p"};
  later.factory->configure({{"face_model", shared_face_model().string()}}, setup);
  Pipeline pipeline(default_policy(), {later.factory}, later.store.get());
  nlohmann::json json = {{"id", "c1"},
                         {"name", "Barack"},
                         {"photos", {{{"path", face_image("test_images/obama2.jpg").string()}}}}};
  const Verdict v = pipeline.make_worker()->screen(
      parse_candidate(json, "c.json", "/", test::shared_files_rules()));
  const auto reuse = signals_of(v, "photo.face_reuse");
  REQUIRE(reuse.size() == 1);
  CHECK(reuse.front().level == "known_strong");
  CHECK(reuse.front().llr == Approx(6.0));
  CHECK(reuse.front().evidence["other"]["candidate"] == known.id);
}

TEST_CASE(
    "indexing a known identity without the face model is a DataError saying how to "
    "install it",
    "[photo]") {
  PhotoRig rig(false);
  const KnownIdentity known{
      "known-persona:x", "known-persona", "X", {face_image("test_images/obama.jpg")}, "--photo"};
  CHECK_THROWS_WITH(
      rig.factory->index_known(known, *rig.store),
      Catch::Contains("face model missing") && Catch::Contains("candor models fetch"));
}
