#include "photo_support.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "candor/app/registry.hpp"
#include "catch.hpp"

namespace candor::test {

std::filesystem::path face_image(const std::string& relative) {
  const auto path = shared_dir() / "data" / "faces" / relative;
  if (!std::filesystem::exists(path)) FAIL("missing shared face image " << path);
  return path;
}

std::filesystem::path shared_face_model() {
  const auto path =
      shared_dir() / "models" / "dlib" / "dlib_face_recognition_resnet_model_v1.faceapi-uint8.dat";
  if (!std::filesystem::exists(path)) FAIL("missing shared face model " << path);
  return path;
}

PhotoRig::PhotoRig(bool with_model, bool with_store) : policy_(default_policy()) {
  nlohmann::json section = nlohmann::json::object();
  if (with_model) section["face_model"] = shared_face_model().string();
  if (with_store) store = open_sqlite_store(dir / "candor.db");
  configure(section);
}

PhotoRig::PhotoRig(const nlohmann::json& section) : policy_(default_policy()) {
  store = open_sqlite_store(dir / "candor.db");
  configure(section);
}

PhotoRig::PhotoRig(Policy policy) : policy_(std::move(policy)) {
  store = open_sqlite_store(dir / "candor.db");
  configure({{"face_model", shared_face_model().string()}});
}

PhotoRig::PhotoRig(const OnStore& on) : policy_(default_policy()) {
  store = open_store(on.url);
  configure({{"face_model", shared_face_model().string()}});
}

void PhotoRig::configure(const nlohmann::json& section) {
  for (auto& f : app::make_all_plugins())
    if (f->name() == "photo") factory = f;
  REQUIRE(factory);
  PluginSetup setup{DataDir(dir.path()), store.get(), "test-policy.json"};
  factory->configure(section, setup);
  pipeline_ = std::make_unique<Pipeline>(policy_, std::vector{factory}, store.get());
  worker_ = pipeline_->make_worker();
}

std::unique_ptr<Pipeline::Worker> PhotoRig::make_worker() const { return pipeline_->make_worker(); }

namespace {
Candidate photo_candidate(const TempDir& dir, const std::string& id, const std::string& name,
                          const std::vector<std::filesystem::path>& photos,
                          const std::string& kind) {
  nlohmann::json json = {{"id", id}, {"name", name}, {"photos", nlohmann::json::array()}};
  for (const auto& photo : photos)
    json["photos"].push_back({{"path", photo.string()}, {"kind", kind}});
  return parse_candidate(json, (dir / (id + ".json")).string(), dir.path(),
                         test::shared_files_rules());
}
}  // namespace

Verdict PhotoRig::screen(const std::string& id, const std::string& name,
                         const std::vector<std::filesystem::path>& photos,
                         const std::string& kind) {
  return worker_->screen(photo_candidate(dir, id, name, photos, kind));
}

Verdict PhotoRig::screen_on(Pipeline::Worker& worker, const std::string& id,
                            const std::string& name,
                            const std::vector<std::filesystem::path>& photos) {
  return worker.screen(photo_candidate(dir, id, name, photos, "profile"));
}

std::vector<Signal> signals_of(const Verdict& verdict, const std::string& id) {
  std::vector<Signal> out;
  for (const auto& scored : verdict.signals)
    if (scored.signal.id == id) out.push_back(scored.signal);
  return out;
}

const PluginRun& photo_run(const Verdict& verdict) {
  for (const auto& run : verdict.plugins)
    if (run.name == "photo") return run;
  FAIL("the photo plugin did not run");
  throw;  // unreachable
}

void save_faceless_picture(const std::filesystem::path& path) {
  cv::Mat blank(400, 300, CV_8UC3, cv::Scalar(40, 120, 200));
  cv::putText(blank, "logo", {60, 200}, cv::FONT_HERSHEY_SIMPLEX, 2.0, {255, 255, 255}, 3);
  save_image(path, blank);
}

void save_image(const std::filesystem::path& path, const cv::Mat& image, int quality) {
  REQUIRE(cv::imwrite(path.string(), image, {cv::IMWRITE_JPEG_QUALITY, quality}));
}

}  // namespace candor::test
