// models/manifest.json compiled into core: its entries, where each model is installed, and
// installing the data-directory ones from a folder or a file:// base.
#include "candor/models.hpp"

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using namespace candor::test;

namespace {

// The folder of the shared data holding the converted face model under its manifest name.
std::filesystem::path shared_models() {
  const auto dir = shared_dir() / "models" / "dlib";
  if (!std::filesystem::exists(dir / model_entry("face-recognition-resnet").file))
    FAIL("missing the shared face model in " << dir);
  return dir;
}

}  // namespace

TEST_CASE("the compiled-in manifest is models/manifest.json, entry by entry", "[core]") {
  const std::string text = read_text(source_dir() / "models" / "manifest.json");
  CHECK(std::string(embedded_models_manifest()) == text);
  const auto json = nlohmann::json::parse(text);
  const auto& entries = model_manifest();
  REQUIRE(entries.size() == json["models"].size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& model = json["models"][i];
    INFO(entries[i].name);
    CHECK(entries[i].name == model["name"]);
    CHECK(entries[i].plugin == model["plugin"]);
    CHECK(entries[i].file == model["file"]);
    CHECK(entries[i].sha256 == model["sha256"]);
    CHECK(entries[i].bytes == model.value("bytes", 0ull));
    CHECK(entries[i].sources.size() == model["sources"].size());
  }
  const ModelEntry& face = model_entry("face-recognition-resnet");
  CHECK(face.plugin == "photo");
  CHECK(face.in_data_dir());
  CHECK(face.sha256.size() == 64);
  bool original = false;
  for (const auto& source : face.sources)
    original = original || source.url.starts_with("http://dlib.net/");
  CHECK(original);
  CHECK(model_path(face, DataDir("data")) == std::filesystem::path("data") / "models" / face.file);
  // A model another package installs stays at its system path.
  const ModelEntry& landmarks = model_entry("face-landmarks-68");
  CHECK_FALSE(landmarks.in_data_dir());
  CHECK(model_path(landmarks, DataDir("data")) == landmarks.file);
  CHECK_THROWS_AS(model_entry("no-such-model"), std::logic_error);
}

TEST_CASE("models install from a folder, verified, and are left alone once installed", "[core]") {
  TempDir dir;
  const DataDir data(dir / "data");
  const ModelEntry& face = model_entry("face-recognition-resnet");
  CHECK(model_state(face, data) == ModelState::missing);
  // Without a source a missing model is an error naming it and how to install it.
  std::ostringstream none;
  CHECK_THROWS_WITH(
      install_models(data, "", none),
      Catch::Contains(face.file) && Catch::Contains("candor models fetch --from DIR|URL"));

  std::ostringstream first;
  install_models(data, shared_models().string(), first);
  CHECK_THAT(first.str(), Catch::StartsWith(face.name + ": installed ") &&
                              Catch::Contains("(22466154 bytes, sha256 " + face.sha256 + ")"));
  CHECK(model_state(face, data) == ModelState::installed);
  std::ostringstream again;
  install_models(data, "", again);
  CHECK(again.str() == face.name + ": " + model_path(face, data).string() + " verified\n");

  // A changed file is a mismatch, replaced by the next install from a file:// base.
  write_text(model_path(face, data), "not the model");
  CHECK(model_state(face, data) == ModelState::mismatch);
  std::ostringstream replaced;
  install_models(data, "file://" + shared_models().string(), replaced);
  CHECK_THAT(replaced.str(), Catch::Contains(": installed "));
  CHECK(model_state(face, data) == ModelState::installed);
}

TEST_CASE("a source whose file is not the pinned one installs nothing", "[core]") {
  TempDir dir;
  const DataDir data(dir / "data");
  const ModelEntry& face = model_entry("face-recognition-resnet");
  write_text(dir / "mirror" / face.file, "some other bytes");
  std::ostringstream out;
  CHECK_THROWS_AS(install_models(data, (dir / "mirror").string(), out), DataError);
  CHECK(model_state(face, data) == ModelState::missing);
}
