#pragma once
#include <filesystem>
#include <string>

namespace candor {

/// The data directory: models, feeds, databases and the store. Chosen by --data-dir, else
/// CANDOR_DATA_DIR, else $XDG_DATA_HOME/candor, else ~/.local/share/candor.
class DataDir {
 public:
  explicit DataDir(std::filesystem::path root) : root_(std::move(root)) {}
  /// Resolves the directory from an explicit choice (may be empty) and the environment.
  static DataDir resolve(const std::filesystem::path& explicit_root);
  const std::filesystem::path& root() const { return root_; }
  /// A sub-folder (e.g. "geoip", "models", "sanctions"); not created.
  std::filesystem::path sub(const std::string& name) const { return root_ / name; }
  /// The SQLite store's path.
  std::filesystem::path store_path() const { return root_ / "candor.db"; }

 private:
  std::filesystem::path root_;
};

/// Writes `bytes` to `path` through a temporary file and an atomic rename.
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

/// Reads a whole file; DataError naming it when unreadable.
std::string read_file(const std::filesystem::path& path);

/// SHA-256 of a file as lower-case hex; DataError when unreadable.
std::string sha256_file(const std::filesystem::path& path);

/// SHA-256 of bytes as lower-case hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace candor
