// The audit roster: one hiring record per line, plus the keys that map telemetry to the person.
#include <fstream>

#include "candor/app/audit.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/text/text.hpp"

namespace candor::app {

namespace {

std::vector<std::string> strings(nlohmann::json& record, const char* key,
                                 const std::string& where) {
  std::vector<std::string> out;
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return out;
  if (!it->is_array())
    throw InputError(where, std::string("/") + key, "expected an array of strings");
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string())
      throw InputError(where, std::string("/") + key + "/" + std::to_string(i),
                       "expected a string");
    out.push_back((*it)[i].get<std::string>());
  }
  record.erase(it);
  return out;
}

}  // namespace

std::vector<RosterEntry> read_roster(const std::string& path, const Limits& limits) {
  if (const auto problem = unreadable_file(path, limits.roster_file_bytes))
    throw InputError(path, "", *problem);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", "cannot open roster");
  std::vector<RosterEntry> out;
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (text::trim(line).empty()) continue;
    const std::string where = path + ":" + std::to_string(n);
    RosterEntry entry;
    entry.line = n;
    if (const auto bad = parse_json(line, entry.record, limits.json_depth))
      throw InputError(where, "byte " + std::to_string(bad->byte), bad->problem);
    if (!entry.record.is_object()) throw InputError(where, "/", "expected a JSON object");
    entry.okta_ids = strings(entry.record, "okta_ids", where);
    entry.hosts = strings(entry.record, "hosts", where);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace candor::app
