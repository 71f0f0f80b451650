#pragma once
// Candidate records read from a JSONL or CSV file in blocks, so memory stays bounded however
// large the file.
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/candidate.hpp"
#include "candor/csv.hpp"

namespace candor::app {

/// One input record: where it came from and its JSON (or why it could not be read).
struct RawRecord {
  std::size_t line = 0;
  std::string text;     ///< JSONL: the line, parsed when screened
  nlohmann::json json;  ///< CSV: already mapped to candor.candidate/v1
  std::string error;    ///< set when the record could not be read
};

/// Reads JSONL lines or CSV rows (by extension) in blocks; blank lines are skipped.
class RecordSource {
 public:
  /// InputError when the file cannot be opened or a CSV has no header with an `id` column.
  /// `files` says where the records' files (photos, documents, activity) may be read from.
  explicit RecordSource(const std::filesystem::path& path, FileRules files = {});
  /// Fills `block` with up to `max` records; false at the end of the file.
  bool read_block(std::vector<RawRecord>& block, std::size_t max);
  const std::string& path() const { return path_; }
  /// The folder relative paths in records are resolved against.
  const std::filesystem::path& base() const { return base_; }
  const FileRules& files() const { return files_; }

 private:
  std::string path_;
  std::filesystem::path base_;
  FileRules files_;
  std::ifstream in_;
  bool csv_ = false;
  std::optional<CsvReader> csv_reader_;
  std::vector<std::string> header_;
  std::size_t line_ = 0;
};

}  // namespace candor::app
