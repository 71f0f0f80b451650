// The portrait finder's OpenCV cascade is a runtime file: missing, the plugin says `not ready`
// with the fix; damaged, screening a document image is a plugin error naming the file.
#include "candor/app/registry.hpp"
#include "candor/candidate.hpp"
#include "candor/pipeline.hpp"
#include "catch.hpp"
#include "document_plugin.hpp"
#include "fixtures.hpp"
#include "image.hpp"

using namespace candor;
using test::TempDir;

namespace {

std::shared_ptr<PluginFactory> configured(const nlohmann::json& section, const TempDir& dir) {
  std::shared_ptr<PluginFactory> factory;
  for (auto& f : app::make_all_plugins())
    if (f->name() == "document") factory = f;
  REQUIRE(factory);
  factory->configure(section, PluginSetup{DataDir(dir.path()), nullptr, "policy.json"});
  return factory;
}

}  // namespace

TEST_CASE("the installed face cascade makes the document plugin ready", "[document]") {
  REQUIRE(std::filesystem::is_regular_file(plugins::document::default_face_cascade()));
  TempDir dir;
  const auto factory = configured({{"ocr", false}}, dir);
  CHECK(factory->readiness().ready);
}

TEST_CASE("a missing face cascade makes the document plugin not ready, with the fix",
          "[document]") {
  TempDir dir;
  const auto factory =
      configured({{"ocr", false}, {"face_cascade", (dir / "missing.xml").string()}}, dir);
  const Readiness r = factory->readiness();
  CHECK_FALSE(r.ready);
  CHECK_THAT(r.detail, Catch::Contains("no face cascade") && Catch::Contains("missing.xml"));
  CHECK_THAT(r.fix, Catch::Contains("apt-get install -y opencv-data") &&
                        Catch::Contains("plugins.document.face_cascade"));
}

TEST_CASE("a damaged face cascade is a plugin error naming the file", "[document]") {
  TempDir dir;
  test::write_text(dir / "damaged.xml", "<?xml version=\"1.0\"?><opencv_storage></opencv_storage>");
  const auto factory = configured(
      {{"ocr", false}, {"forensics", false}, {"face_cascade", (dir / "damaged.xml").string()}},
      dir);
  CHECK(factory->readiness().ready);  // the file is there; only loading it tells
  Pipeline pipeline(default_policy(), {factory}, nullptr);
  FileRules files;
  files.files_root = test::shared_dir();
  const auto image = test::shared_dir() / "data" / "mrz" / "images" / "pe__100_pass-uto.jpg";
  const Candidate c = parse_candidate(
      {{"id", "d"}, {"documents", {{{"kind", "passport"}, {"image", image.string()}}}}}, "c.json",
      dir.path(), files);
  const Verdict v = pipeline.make_worker()->screen(c);
  REQUIRE(v.plugins.size() == 1);
  CHECK(v.plugins[0].status == "error");
  CHECK_THAT(v.plugins[0].reason, Catch::Contains("damaged.xml"));
  CHECK(v.incomplete);
}
