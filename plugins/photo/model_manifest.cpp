#include "model_manifest.hpp"

#include "candor/error.hpp"

namespace candor::plugins::photo {

std::vector<ModelEntry> installable_models() {
  const auto manifest = nlohmann::json::parse(embedded_models_manifest());
  std::vector<ModelEntry> entries;
  for (const auto& model : manifest.at("models")) {
    const std::string file = model.at("file");
    if (file.empty() || file.front() == '/') continue;  // system files (Debian packages)
    entries.push_back({model.at("name"), file, model.at("sha256"), model.value("bytes", 0ull)});
  }
  return entries;
}

ModelEntry face_model_entry() {
  for (auto& entry : installable_models())
    if (entry.name == "face-recognition-resnet") return entry;
  throw DataError("models/manifest.json", "no face-recognition-resnet entry");
}

}  // namespace candor::plugins::photo
