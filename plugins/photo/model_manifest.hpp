#pragma once
// models/manifest.json (compiled in): which model files the plugins use and their SHA-256.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace candor::plugins::photo {

/// The manifest text compiled in from models/manifest.json.
std::string_view embedded_models_manifest();

/// One model installed into <data dir>/models/.
struct ModelEntry {
  std::string name;
  std::string file;    ///< file name under models/
  std::string sha256;
  std::uint64_t bytes = 0;
};

/// The entries whose file lives in the data directory (not system paths).
std::vector<ModelEntry> installable_models();

/// The face-recognition model's entry.
ModelEntry face_model_entry();

}  // namespace candor::plugins::photo
