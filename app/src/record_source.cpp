#include "candor/app/record_source.hpp"

#include "candor/candidate.hpp"
#include "candor/error.hpp"

namespace candor::app {

RecordSource::RecordSource(const std::filesystem::path& path, FileRules files)
    : path_(path.string()),
      // As given, so paths in evidence and errors are built only from what the user passed.
      base_(path.parent_path().empty() ? "." : path.parent_path()),
      files_(std::move(files)),
      in_(path, std::ios::binary) {
  if (!in_) throw InputError(path_, "", "cannot open file");
  const auto ext = path.extension().string();
  csv_ = ext == ".csv" || ext == ".CSV";
  if (!csv_) return;
  csv_reader_.emplace(in_);
  if (!csv_reader_->next(header_)) throw InputError(path_, "line 1", "empty CSV, no header");
  bool has_id = false;
  for (const auto& h : header_) has_id = has_id || h == "id";
  if (!has_id) throw InputError(path_, "line 1", "CSV header has no id column");
}

bool RecordSource::read_block(std::vector<RawRecord>& block, std::size_t max) {
  block.clear();
  while (block.size() < max) {
    RawRecord r;
    if (csv_) {
      std::vector<std::string> row;
      try {
        if (!csv_reader_->next(row)) break;
      } catch (const Error& e) {
        // A broken quote ends the file's readable part: report it and stop.
        r.line = csv_reader_->line();
        r.error = e.what();
        block.push_back(std::move(r));
        break;
      }
      r.line = csv_reader_->line();
      if (row.size() == 1 && row[0].empty()) continue;
      try {
        r.json = candidate_json_from_csv(header_, row, path_, r.line);
      } catch (const InputError& e) {
        r.error = e.what();
      }
    } else {
      if (!std::getline(in_, r.text)) break;
      r.line = ++line_;
      if (r.text.find_first_not_of(" \t\r") == std::string::npos) continue;
    }
    block.push_back(std::move(r));
  }
  return !block.empty();
}

}  // namespace candor::app
