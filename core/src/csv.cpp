#include "candor/csv.hpp"

#include "candor/error.hpp"

namespace candor {

bool CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  int c = in_.get();
  if (c == EOF) return false;
  record_line_ = next_line_;
  std::string field;
  bool quoted = false;
  bool field_started_quoted = false;
  for (;; c = in_.get()) {
    if (quoted) {
      if (c == EOF) throw Error("line " + std::to_string(record_line_) + ": unclosed quote");
      if (c == '"') {
        if (in_.peek() == '"') {
          field.push_back('"');
          in_.get();
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++next_line_;
        field.push_back(static_cast<char>(c));
      }
      continue;
    }
    if (c == EOF || c == '\n') {
      if (!field.empty() && field.back() == '\r' && !field_started_quoted) field.pop_back();
      fields.push_back(std::move(field));
      ++next_line_;
      return true;
    }
    if (c == '\r' && in_.peek() == '\n') continue;
    if (c == delimiter_) {
      fields.push_back(std::move(field));
      field.clear();
      field_started_quoted = false;
    } else if (c == '"' && field.empty() && !field_started_quoted) {
      quoted = true;
      field_started_quoted = true;
    } else {
      field.push_back(static_cast<char>(c));
    }
  }
}

}  // namespace candor
