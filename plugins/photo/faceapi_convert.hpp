#pragma once
// Rebuilds dlib_face_recognition_resnet_model_v1 in dlib's serialization from the TensorFlow.js
// weights in the npm package @vladmandic/face-api (uint8-quantised; conv64 filters float32).
#include <filesystem>
#include <map>
#include <string>

namespace candor::plugins::photo {

inline constexpr const char* kFaceApiTarballSha256 =
    "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031";

/// The regular files of a .tgz (gzip + ustar), by path; DataError naming it when unreadable.
std::map<std::string, std::string> read_tgz(const std::filesystem::path& tarball);

/// Converts the tarball's model/face_recognition_model* into dlib's serialised bytes. Checks
/// the tarball's and the two files' SHA-256 first (DataError on a mismatch).
std::string convert_faceapi_tarball(const std::filesystem::path& tarball);

/// Converts a weights manifest (JSON text) and its weights file (bytes).
std::string convert_faceapi_weights(const std::string& manifest_json, const std::string& weights);

}  // namespace candor::plugins::photo
