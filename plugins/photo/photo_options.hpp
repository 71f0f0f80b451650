#pragma once
// The photo plugin's typed options (policy section `plugins.photo` plus CLI flags).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "candor/data_dir.hpp"
#include "candor/image/decode.hpp"
#include "face_index.hpp"

namespace candor::plugins::photo {

/// The face-recognition model's name in models/manifest.json.
inline constexpr const char* kFaceModelName = "face-recognition-resnet";

inline constexpr const char* kDefaultLandmarks =
    "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

struct PhotoOptions {
  image::DecodeLimits limits;
  std::filesystem::path landmarks = kDefaultLandmarks;
  std::filesystem::path face_model;  ///< default: the manifest's file in <data dir>/models/
  bool face_model_given = false;     ///< set explicitly (then a missing file is an error)
  double face_reuse_strong = 0.50;   ///< descriptor distance for the strong flag
  double face_reuse_review = 0.60;   ///< … and for the review-level flag
  double face_mismatch = 0.68;       ///< own photos further apart than this are two people
  int image_phash_bits = 8;          ///< of 64
  int image_block_bits = 32;         ///< of 256
  int chip_phash_bits = 6;           ///< of 64, on the aligned face chip
  HnswSettings hnsw;
};

/// Parses the section; ConfigError naming the key for unknown keys or bad values.
PhotoOptions parse_photo_options(const nlohmann::json& section, const std::string& file,
                                 const DataDir& data_dir);

/// The default face model path: <data dir>/models/<manifest file name>.
std::filesystem::path default_face_model(const DataDir& data_dir);

}  // namespace candor::plugins::photo
