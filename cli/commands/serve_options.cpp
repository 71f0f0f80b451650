#include "commands/serve_options.hpp"

#include <cstdlib>

#include "candor/error.hpp"
#include "candor/limits.hpp"

namespace candor::cli {

namespace {

// The number at the front of `text` and the unit after it; false when there is no number.
bool split_number(const std::string& text, double& number, std::string& unit) {
  std::size_t used = 0;
  try {
    number = std::stod(text, &used);
  } catch (const std::exception&) {
    return false;
  }
  unit = text.substr(used);
  return number >= 0;
}

}  // namespace

std::uint64_t parse_size(const std::string& text, const std::string& flag) {
  double n = 0;
  std::string unit;
  if (split_number(text, n, unit)) {
    static const std::pair<const char*, double> kUnits[] = {
        {"", 1},        {"B", 1},    {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1 << 30},
        {"KB", 1000.0}, {"MB", 1e6}, {"GB", 1e9},     {"k", 1024.0},      {"M", 1048576.0}};
    for (const auto& [name, factor] : kUnits)
      if (unit == name) return static_cast<std::uint64_t>(n * factor);
  }
  throw InputError(flag, "", "expected a size such as 1MiB, 512KiB or 65536, got \"" + text + "\"");
}

std::chrono::milliseconds parse_duration(const std::string& text, const std::string& flag) {
  double n = 0;
  std::string unit;
  if (split_number(text, n, unit)) {
    if (unit == "ms") return std::chrono::milliseconds(static_cast<long long>(n));
    if (unit == "s" || unit.empty())
      return std::chrono::milliseconds(static_cast<long long>(n * 1000));
    if (unit == "m") return std::chrono::milliseconds(static_cast<long long>(n * 60000));
  }
  throw InputError(flag, "", "expected a duration such as 30s, 500ms or 2m, got \"" + text + "\"");
}

std::pair<std::string, int> parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon != std::string::npos && colon > 0) {
    const std::string host = text.substr(0, colon), port = text.substr(colon + 1);
    if (!port.empty() && port.size() <= 5 &&
        port.find_first_not_of("0123456789") == std::string::npos && std::stoi(port) <= 65535)
      return {host, std::stoi(port)};
  }
  throw InputError("--listen", "",
                   "expected HOST:PORT such as 127.0.0.1:8470, got \"" + text + "\"");
}

std::string read_secret(const std::string& file, const char* variable, const std::string& flag) {
  std::string secret;
  if (!file.empty()) {
    if (const auto problem = unreadable_file(file, 64u << 10))
      throw InputError(file, flag, *problem);
    secret = read_whole_file(file);
  } else if (const char* value = std::getenv(variable)) {
    secret = value;
  }
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

}  // namespace candor::cli
