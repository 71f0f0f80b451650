// The photo plugin: the same picture or the same face under different identities.
#include "candor/plugin.hpp"

#include <fmt/format.h>

#include <map>
#include <stdexcept>

#include "candor/data_dir.hpp"
#include "candor/error.hpp"
#include "candor/models.hpp"
#include "lazy_face_models.hpp"
#include "model_file.hpp"
#include "photo_factory.hpp"
#include "photo_options.hpp"
#include "photo_records.hpp"
#include "photo_screen.hpp"

namespace candor::plugins::photo {

std::filesystem::path default_face_model(const DataDir& data_dir) {
  return model_path(model_entry(kFaceModelName), data_dir);
}

PhotoOptions parse_photo_options(const nlohmann::json& section, const std::string& file,
                                 const DataDir& data_dir) {
  const std::string prefix = "plugins.photo.";
  reject_unknown_keys(
      section,
      {"face_model", "landmarks", "max_image_bytes", "max_image_pixels", "face_reuse_strong",
       "face_reuse_review", "face_mismatch", "image_phash_bits", "image_block_bits",
       "chip_phash_bits", "exact_search_below", "hnsw_ef_search"},
      file, "plugins.photo");
  PhotoOptions options;
  options.face_model = default_face_model(data_dir);
  const auto text = [&](const char* key, std::filesystem::path& into, bool* given = nullptr) {
    if (!section.contains(key)) return;
    if (!section[key].is_string() || section[key].get<std::string>().empty())
      throw ConfigError(file, prefix + key, "must be a non-empty path");
    into = section[key].get<std::string>();
    if (given) *given = true;
  };
  const auto number = [&](const char* key, auto& into, double low, double high) {
    if (!section.contains(key)) return;
    if (!section[key].is_number() || section[key].get<double>() < low ||
        section[key].get<double>() > high)
      throw ConfigError(file, prefix + key, fmt::format("must be a number in [{}, {}]", low, high));
    into = static_cast<std::remove_reference_t<decltype(into)>>(section[key].get<double>());
  };
  text("face_model", options.face_model, &options.face_model_given);
  text("landmarks", options.landmarks);
  number("max_image_bytes", options.limits.max_bytes, 1024, 1e9);
  number("max_image_pixels", options.limits.max_pixels, 1024, 1e9);
  number("face_reuse_strong", options.face_reuse_strong, 0.0, 2.0);
  number("face_reuse_review", options.face_reuse_review, 0.0, 2.0);
  number("face_mismatch", options.face_mismatch, 0.0, 2.0);
  number("image_phash_bits", options.image_phash_bits, 0, 64);
  number("image_block_bits", options.image_block_bits, 0, 256);
  number("chip_phash_bits", options.chip_phash_bits, 0, 64);
  number("exact_search_below", options.hnsw.exact_below, 1, 1e9);
  number("hnsw_ef_search", options.hnsw.ef_search, 1, 1e5);
  if (options.face_reuse_strong > options.face_reuse_review)
    throw ConfigError(file, prefix + "face_reuse_strong", "must not exceed face_reuse_review");
  return options;
}

namespace {

constexpr const char* kFaceModelFix =
    "scripts/setup.sh (or: npm pack @vladmandic/face-api@1.7.15 && candor models "
    "convert-faceapi --tarball vladmandic-face-api-1.7.15.tgz; or candor models fetch "
    "--from DIR|URL)";

class PhotoPlugin : public Plugin {
 public:
  PhotoPlugin(const PhotoOptions& options, std::shared_ptr<const LazyFaceModels> models,
              std::shared_ptr<LazyFaceIndex> index)
      : options_(options), models_(std::move(models)), index_(std::move(index)) {}

  PluginOutcome run(RunContext& context) override {
    const auto* portraits = context.fact(facts::kDocumentPortraits);
    if (context.candidate().photos.empty() && !(portraits && !portraits->empty()))
      return PluginOutcome::skip("no photos");
    AnalyzerSource analyzer;
    if (models_) analyzer = [this]() -> FaceAnalyzer& { return own_analyzer(); };
    const auto pictures = look_at_pictures(context, options_, analyzer);
    FaceIndex* index = context.store() ? &index_->get() : nullptr;
    // The pictures are analysed in parallel; searching the index and adding to it is one step.
    std::unique_lock order(index_->search_then_add(), std::defer_lock);
    if (index) order.lock();
    if (index) index_pictures_claimed_elsewhere(context, pictures, *index);
    auto signals = photo_signals(context.candidate(), pictures, options_, index);
    remember_pictures(context, pictures, models_ ? models_->recognition_sha256() : "", index);
    if (index) index_->indexed_here(context.candidate().id);
    return {std::move(signals), std::nullopt};
  }

 private:
  // The same picture screened at this moment by another process sharing the store is in no
  // index yet: the store's key claims find it, and it joins this index like a stored one.
  static void index_pictures_claimed_elsewhere(const RunContext& context,
                                               const std::vector<SeenPicture>& pictures,
                                               FaceIndex& index) {
    const Candidate& c = context.candidate();
    std::vector<std::string> keys;
    std::map<std::string, const SeenPicture*> by_key;
    for (const auto& picture : pictures) {
      if (!picture.whole_image) continue;
      keys.push_back("photo.image\n" + to_hex(picture.hashes.phash) + "/" +
                     to_hex(picture.hashes.block_mean));
      by_key[keys.back()] = &picture;
    }
    if (keys.empty()) return;
    for (const auto& other :
         context.store()->claim_keys({c.id, c.name, c.date_of_birth, 0, "", 0}, keys))
      index.add_image({other.candidate_id, other.candidate_name, {"candidate", ""}},
                      by_key.at(other.key)->hashes);
  }

  // This worker's copy of the detector and network, made on its first picture.
  FaceAnalyzer& own_analyzer() {
    if (!analyzer_) analyzer_ = std::make_unique<FaceAnalyzer>(models_->get());
    return *analyzer_;
  }

  const PhotoOptions& options_;
  std::shared_ptr<const LazyFaceModels> models_;
  std::shared_ptr<LazyFaceIndex> index_;
  std::unique_ptr<FaceAnalyzer> analyzer_;
};

}  // namespace

std::string PhotoFactory::description() const {
  return "Reused pictures and faces across identities, mismatched and AI-made faces";
}

std::vector<std::string_view> PhotoFactory::uses() const {
  return {facts::kDocumentPortraits.name};
}

std::vector<SignalSpec> PhotoFactory::signals() const { return signal_table(); }

std::vector<PluginOption> PhotoFactory::options() const {
  return {{"--face-model", "face_model",
           "dlib face-recognition ResNet (.dat, or dlib.net's .dat.bz2)", false},
          {"--landmarks", "landmarks", "dlib 68-point shape predictor (.dat or .dat.bz2)", false}};
}

void PhotoFactory::configure(const nlohmann::json& section, const PluginSetup& setup) {
  disable_opencl();
  options_ = parse_photo_options(section, setup.policy_file, setup.data_dir);
  readiness_ = {};
  models_.reset();
  known_analyzer_.reset();
  if (!std::filesystem::exists(options_.landmarks)) {
    readiness_.ready = false;
    readiness_.detail =
        fmt::format("landmark model {} missing: face signals off; image-hash signals still on",
                    options_.landmarks.string());
    readiness_.fix = "apt-get install libdlib-data";
  } else {
    std::filesystem::path recognition = options_.face_model;
    if (!std::filesystem::exists(recognition)) {
      if (options_.face_model_given) throw DataError(recognition.string(), "face model not found");
      readiness_.ready = false;
      readiness_.detail = fmt::format(
          "face model {} missing: face_reuse and face_mismatch off; image-hash, chip-hash, "
          "no_face and synthetic_face signals still on",
          recognition.string());
      readiness_.fix = kFaceModelFix;
      recognition.clear();
    }
    // Only the digest now (the index keeps descriptors per model); the models themselves
    // load on the first picture, as most candidates have none. A .bz2 is decompressed for its
    // digest, so a broken one given on purpose is an error here already.
    models_ = std::make_shared<LazyFaceModels>(
        options_.landmarks, recognition, recognition.empty() ? "" : model_fingerprint(recognition));
  }
  const std::string model_sha256 = models_ ? models_->recognition_sha256() : "";
  // The face graph of this model's descriptors, kept beside the store between runs.
  std::filesystem::path graph_file;
  if (setup.store && !model_sha256.empty())
    graph_file = setup.data_dir.root() / ("faces-" + model_sha256.substr(0, 16) + ".hnsw");
  index_ = std::make_shared<LazyFaceIndex>(options_.hnsw, setup.store, model_sha256, graph_file);
  if (models_)
    readiness_.notes.push_back(
        "the 68-point landmark model is trained on iBUG 300-W, whose licence excludes "
        "commercial use");
}

// Screening never asks for readiness: `candor plugins` does, and there a corrupt model
// should show, so this loads the models (once, shared with the workers).
Readiness PhotoFactory::readiness() const {
  const std::string error = models_ ? models_->load_error() : "";
  if (error.empty()) {
    Readiness ready = readiness_;
    if (ready.ready) {
      const FaceIndex& index = index_->get();
      ready.detail = fmt::format("face model {} ({}…); index: {} pictures, {} faces",
                                 options_.face_model.filename().string(),
                                 models_->recognition_sha256().substr(0, 12), index.image_count(),
                                 index.face_count());
    }
    return ready;
  }
  Readiness broken = readiness_;
  broken.ready = false;
  broken.detail = error + "; candidates with a photo get a photo error";
  // A DataError's text starts with its file.
  if (error.starts_with(options_.landmarks.string() + ":"))
    broken.fix = options_.landmarks == kDefaultLandmarks
                     ? "apt-get install --reinstall libdlib-data"
                     : "replace it with dlib's shape_predictor_68_face_landmarks.dat";
  else
    broken.fix = options_.face_model_given
                     ? "replace it, or leave face_model unset for the installed model"
                     : kFaceModelFix;
  return broken;
}

void PhotoFactory::forget(std::string_view candidate_id) {
  if (index_) index_->forget(std::string(candidate_id));
}

void PhotoFactory::merge(std::string_view from, std::string_view into) {
  if (index_) index_->merge(std::string(from), std::string(into));
}

std::unique_ptr<Plugin> PhotoFactory::make() const {
  return std::make_unique<PhotoPlugin>(options_, models_, index_);
}

KnownIndexed PhotoFactory::index_known(const KnownIdentity& identity, const Store& store) {
  (void)store;
  if (!std::filesystem::exists(options_.face_model))
    throw DataError(options_.face_model.string(),
                    "face model missing; install it with `candor models convert-faceapi` or "
                    "`candor models fetch --from DIR|URL`");
  if (!models_) throw DataError(options_.landmarks.string(), "not found");
  const auto models = models_->get();
  if (!known_analyzer_) known_analyzer_ = std::make_unique<FaceAnalyzer>(models);
  KnownIndexed indexed;
  int faces_found = 0;
  for (const auto& photo : identity.photos) {
    const cv::Mat image = image::decode_image(photo, options_.limits, {identity.source, "photo"});
    const ItemSource source{identity.label, photo.filename().string()};
    indexed.items.push_back(image_hash_item(hash_image(image), source));
    auto faces = known_analyzer_->analyze(image);
    if (faces.empty()) {
      indexed.warnings.push_back("no face in " + photo.string() + " (image hash kept)");
      continue;
    }
    ++faces_found;
    const Face& face = faces.front();
    indexed.items.push_back(chip_hash_item(face.chip_hash, face.mirror_hash, source));
    indexed.items.push_back(embedding_item(*face.embedding, models->recognition_sha256(), source));
  }
  indexed.summary = fmt::format("{} photos, {} faces", identity.photos.size(), faces_found);
  return indexed;
}

PhotoFactory& photo_factory(PluginFactory& factory) {
  auto* photo = dynamic_cast<PhotoFactory*>(&factory);
  if (!photo) throw std::logic_error("the photo plugin's factory is not a PhotoFactory");
  return *photo;
}

std::shared_ptr<PluginFactory> make_factory() { return std::make_shared<PhotoFactory>(); }

}  // namespace candor::plugins::photo
