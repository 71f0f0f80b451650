#pragma once
// Shared helpers for tests: the shared data folder, temporary folders, running the CLI.
#include <filesystem>
#include <string>
#include <vector>

#include "candor/candidate.hpp"
#include "candor/pipeline.hpp"
#include "candor/store.hpp"

namespace candor::test {

/// ../shared as set by CTest in CANDOR_SHARED_DIR; fails the test when it is missing.
std::filesystem::path shared_dir();

/// The source tree's root (for samples/ and models/).
std::filesystem::path source_dir();

/// A fresh, empty folder removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

/// Writes text to a file (creating parent folders).
void write_text(const std::filesystem::path& path, const std::string& text);

/// A file's bytes ("" when it cannot be read).
std::string read_text(const std::filesystem::path& path);

/// What a finished command printed and returned.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs the built `candor` with `arguments` (already shell-quoted as needed).
CommandResult run_cli(const std::string& arguments);

/// The rules of a trusted operator (`--allow-any-path`): fixtures name the shared test pictures
/// beside the checkout, outside the folder of the candidate file a test writes.
inline FileRules shared_files_rules() {
  FileRules rules;
  rules.allow_any_path = true;
  return rules;
}

}  // namespace candor::test
