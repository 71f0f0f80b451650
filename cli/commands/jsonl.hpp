#pragma once
// Reading the JSONL files the eval commands take (generated applicants, batch verdicts).
#include <cstdint>
#include <fstream>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "candor/error.hpp"
#include "candor/limits.hpp"

namespace candor::cli {

/// Calls `each(object, line)` for every non-empty line of a JSONL file of JSON objects, each line
/// bounded like a candidate file; a bad line is an InputError naming `path:line`.
template <class Each>
void read_jsonl(const std::string& path, Each&& each) {
  if (const auto problem = unreadable_file(path, std::numeric_limits<std::uintmax_t>::max()))
    throw InputError(path, "", *problem);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open file");
  const std::size_t max_line = Limits().candidate_file_bytes;
  std::string line;
  nlohmann::json j;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(n);
    if (line.size() > max_line)
      throw InputError(where, "", "line longer than " + std::to_string(max_line) + " bytes");
    if (const auto bad = parse_json(line, j))
      throw InputError(where, "byte " + std::to_string(bad->byte), bad->problem);
    if (!j.is_object()) throw InputError(where, "/", "expected a JSON object");
    each(j, n);
  }
}

}  // namespace candor::cli
