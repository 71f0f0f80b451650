#pragma once
// RFC 4180 CSV: quoted fields, doubled quotes, embedded newlines, CRLF or LF.
#include <istream>
#include <string>
#include <vector>

namespace candor {

/// Reads records one at a time from a stream.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in, char delimiter = ',') : in_(in), delimiter_(delimiter) {}
  /// Reads the next record into `fields`; false at end of input. Throws Error on an unclosed
  /// quote (the caller adds the file name).
  bool next(std::vector<std::string>& fields);
  /// The 1-based line on which the last record returned started.
  std::size_t line() const { return record_line_; }

 private:
  std::istream& in_;
  char delimiter_;
  std::size_t next_line_ = 1;
  std::size_t record_line_ = 0;
};

}  // namespace candor
