#include "candor/error.hpp"

namespace candor {

namespace {
std::string describe(const std::string& file, const std::string& where, const std::string& what) {
  std::string line = file.empty() ? std::string("<input>") : file;
  if (!where.empty()) line += ": " + where;
  return line + ": " + what;
}
}  // namespace

InputError::InputError(std::string file, std::string field, std::string problem)
    : Error(describe(file, field, problem)),
      file_(std::move(file)),
      field_(std::move(field)),
      problem_(std::move(problem)) {}

ConfigError::ConfigError(std::string file, std::string key, std::string problem)
    : Error(describe(file, key, problem)), key_(std::move(key)) {}

DataError::DataError(std::string file, std::string problem) : Error(describe(file, "", problem)) {}

}  // namespace candor
