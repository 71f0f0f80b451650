#pragma once
// The models plugins use, as models/manifest.json (compiled in) pins them: file, size and
// SHA-256, where each is installed and how to install the ones that live in the data directory.
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "candor/data_dir.hpp"

namespace candor {

/// One way to obtain a model, as the manifest describes it.
struct ModelSource {
  std::string kind;     ///< npm, mirror, original, debian …
  std::string package;  ///< the package holding it (npm, Debian); empty otherwise
  std::string url;      ///< a download; empty when the source is not one
  std::string command;  ///< the command that installs it; empty when none
  std::string note;
};

/// One model of the manifest.
struct ModelEntry {
  std::string name;         ///< e.g. face-recognition-resnet
  std::string plugin;       ///< the plugin that uses it
  std::string file;         ///< file name under <data dir>/models/, or an absolute system path
  std::string sha256;       ///< lower-case hex
  std::uint64_t bytes = 0;  ///< its size; 0 when the manifest gives none
  std::string description;
  std::string licence;
  std::vector<ModelSource> sources;

  /// Whether it lives in the data directory (`candor models fetch` installs it), not at a
  /// system path another package installs.
  bool in_data_dir() const;
};

/// The compiled-in models/manifest.json text.
std::string_view embedded_models_manifest();

/// Every entry of the compiled-in manifest, in its order.
const std::vector<ModelEntry>& model_manifest();

/// The entry named `name`; std::logic_error when the manifest has none (a programming error).
const ModelEntry& model_entry(std::string_view name);

/// Where the model is installed: <data dir>/models/<file>, or its system path.
std::filesystem::path model_path(const ModelEntry& entry, const DataDir& data_dir);

/// Whether a model is at its path and is the file the manifest pins.
enum class ModelState {
  installed,  ///< present, SHA-256 verified
  missing,    ///< no file at its path
  mismatch,   ///< a file whose SHA-256 is not the pinned one
};

/// The model's state; reads the whole file to verify it.
ModelState model_state(const ModelEntry& entry, const DataDir& data_dir);

/// "installed", "missing" or "mismatch".
std::string_view to_string(ModelState state);

/// Installs each data-directory model that is not installed from `from`, a folder or an
/// https:// or file:// base URL holding the files under their manifest names, verified by
/// SHA-256; one line per model on `out`. DataError when a model is not installed and `from` is
/// empty, or when a download fails or does not match.
void install_models(const DataDir& data_dir, const std::string& from, std::ostream& out);

}  // namespace candor
