#pragma once
// Helpers for the photo tests: a real pipeline with the photo plugin and a real store.
#include <filesystem>
#include <memory>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "candor/pipeline.hpp"
#include "candor/store.hpp"
#include "fixtures.hpp"

namespace candor::test {

/// shared/data/faces/<relative>.
std::filesystem::path face_image(const std::string& relative);
/// The shared converted face model (shared/models/dlib/…faceapi-uint8.dat).
std::filesystem::path shared_face_model();

/// The photo plugin configured over a store in a temporary data directory.
class PhotoRig {
 public:
  /// `with_model`: use the shared face model; otherwise the plugin finds none.
  explicit PhotoRig(bool with_model = true, bool with_store = true);
  /// The plugin configured with this `plugins.photo` section, over a store.
  explicit PhotoRig(const nlohmann::json& section);
  /// With the shared face model, over a store, screening under `policy`.
  explicit PhotoRig(Policy policy);
  /// A store named by its URL (e.g. PostgreSQL, shared by several rigs).
  struct OnStore {
    std::string url;
  };
  /// With the shared face model, over the store at that URL.
  explicit PhotoRig(const OnStore& on);
  /// Screens a candidate with these photos (paths) under `id` and `name`.
  Verdict screen(const std::string& id, const std::string& name,
                 const std::vector<std::filesystem::path>& photos,
                 const std::string& kind = "profile");
  std::shared_ptr<PluginFactory> factory;
  std::unique_ptr<Store> store;
  TempDir dir;
  /// Another worker of the same pipeline (as `candor batch -j` makes them).
  std::unique_ptr<Pipeline::Worker> make_worker() const;
  /// The pipeline the workers come from.
  const Pipeline& pipeline() const { return *pipeline_; }
  /// Screens a candidate on `worker`.
  Verdict screen_on(Pipeline::Worker& worker, const std::string& id, const std::string& name,
                    const std::vector<std::filesystem::path>& photos);

 private:
  void configure(const nlohmann::json& section);

  Policy policy_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<Pipeline::Worker> worker_;
};

/// The signals of `id` in a verdict.
std::vector<Signal> signals_of(const Verdict& verdict, const std::string& id);
/// The status of the photo plugin in a verdict.
const PluginRun& photo_run(const Verdict& verdict);
/// Writes a 300x400 picture of the word "logo": a photo in which no face can be found.
void save_faceless_picture(const std::filesystem::path& path);
/// Writes an image (JPEG quality `quality` for .jpg).
void save_image(const std::filesystem::path& path, const cv::Mat& image, int quality = 95);

}  // namespace candor::test
