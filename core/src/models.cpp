#include "candor/models.hpp"

#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "candor/error.hpp"
#include "candor/fetch.hpp"

namespace candor {

namespace detail {
extern const std::string_view kEmbeddedManifest;
}

namespace {

std::vector<ModelEntry> parse_manifest(std::string_view text) {
  const auto manifest = nlohmann::json::parse(text);
  std::vector<ModelEntry> entries;
  for (const auto& model : manifest.at("models")) {
    ModelEntry entry;
    entry.name = model.at("name");
    entry.plugin = model.value("plugin", std::string());
    entry.file = model.at("file");
    entry.sha256 = model.at("sha256");
    entry.bytes = model.value("bytes", std::uint64_t{0});
    entry.description = model.value("description", std::string());
    entry.licence = model.value("licence", std::string());
    for (const auto& source : model.value("sources", nlohmann::json::array()))
      entry.sources.push_back(
          {source.value("kind", std::string()), source.value("package", std::string()),
           source.value("url", std::string()), source.value("command", std::string()),
           source.value("note", std::string())});
    entries.push_back(std::move(entry));
  }
  return entries;
}

// The manifest's commands for the model, `candor models fetch` first.
std::string how_to_install(const ModelEntry& model) {
  const std::string fetch = "candor models fetch --from DIR|URL";
  std::string text = "no default download is reachable from here: use `" + fetch + "`";
  for (const auto& source : model.sources)
    if (!source.command.empty() && source.command != fetch) text += " or `" + source.command + "`";
  return text;
}

}  // namespace

bool ModelEntry::in_data_dir() const { return !file.empty() && file.front() != '/'; }

std::string_view embedded_models_manifest() { return detail::kEmbeddedManifest; }

const std::vector<ModelEntry>& model_manifest() {
  static const std::vector<ModelEntry> entries = parse_manifest(detail::kEmbeddedManifest);
  return entries;
}

const ModelEntry& model_entry(std::string_view name) {
  for (const auto& entry : model_manifest())
    if (entry.name == name) return entry;
  throw std::logic_error("models/manifest.json has no model named " + std::string(name));
}

std::filesystem::path model_path(const ModelEntry& entry, const DataDir& data_dir) {
  return entry.in_data_dir() ? data_dir.sub("models") / entry.file
                             : std::filesystem::path(entry.file);
}

ModelState model_state(const ModelEntry& entry, const DataDir& data_dir) {
  const auto path = model_path(entry, data_dir);
  if (!std::filesystem::is_regular_file(path)) return ModelState::missing;
  return sha256_file(path) == entry.sha256 ? ModelState::installed : ModelState::mismatch;
}

std::string_view to_string(ModelState state) {
  switch (state) {
    case ModelState::installed:
      return "installed";
    case ModelState::missing:
      return "missing";
    case ModelState::mismatch:
      return "mismatch";
  }
  return "missing";
}

void install_models(const DataDir& data_dir, const std::string& from, std::ostream& out) {
  const auto models_dir = data_dir.sub("models");
  std::filesystem::create_directories(models_dir);
  for (const auto& model : model_manifest()) {
    if (!model.in_data_dir()) continue;  // system files (Debian packages)
    const auto destination = model_path(model, data_dir);
    if (model_state(model, data_dir) == ModelState::installed) {
      out << model.name << ": " << destination.string() << " verified\n";
      continue;
    }
    if (from.empty()) throw DataError(destination.string(), "missing; " + how_to_install(model));
    std::string url = from;
    if (url.find("://") == std::string::npos)
      url = "file://" + std::filesystem::absolute(from).lexically_normal().string();
    if (url.back() != '/') url += '/';
    url += model.file;
    const auto result = fetch_to_file(
        {url, destination, model.bytes ? model.bytes + 4096 : 512ull << 20, model.sha256, "", ""});
    out << model.name << ": installed " << destination.string() << " (" << result.bytes
        << " bytes, sha256 " << result.sha256 << ")\n";
  }
}

}  // namespace candor
