#pragma once
// The one error rule: failures are exceptions derived from candor::Error; outcomes (signals,
// skips, per-plugin status, lookups that find nothing) are values. Exceptions are caught in
// three places only: the pipeline (per plugin), the batch loop (per record) and main.
#include <stdexcept>
#include <string>

namespace candor {

/// Base of every failure candor reports; what() is one line fit for stderr.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad input: names the file, the field (JSON pointer, CSV column, line) and the problem.
class InputError : public Error {
 public:
  InputError(std::string file, std::string field, std::string problem);
  const std::string& file() const { return file_; }
  const std::string& field() const { return field_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_, field_, problem_;
};

/// Bad configuration (policy file, plugin options): names the file, the key and the problem.
class ConfigError : public Error {
 public:
  ConfigError(std::string file, std::string key, std::string problem);
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

/// Missing or corrupt model, feed or database.
class DataError : public Error {
 public:
  DataError(std::string file, std::string problem);
};

/// The store failed (open, migrate, read, write).
class StoreError : public Error {
 public:
  using Error::Error;
};

}  // namespace candor
