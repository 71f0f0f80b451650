#pragma once
// What `candor serve` and `candor bench serve` read from the command line and the environment:
// sizes (1MiB), durations (30s), the listen address and secrets from files or variables.
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

namespace candor::cli {

/// "1MiB", "512KiB", "2MB", "4096" → bytes; InputError naming `flag` otherwise.
std::uint64_t parse_size(const std::string& text, const std::string& flag);
/// "30s", "500ms", "2m" → duration; InputError naming `flag` otherwise.
std::chrono::milliseconds parse_duration(const std::string& text, const std::string& flag);
/// "127.0.0.1:8470" → host and port (0 for any free port); InputError otherwise.
std::pair<std::string, int> parse_listen(const std::string& text);
/// A secret: the file's text when `file` is given (trailing newline dropped), else the
/// environment variable `variable`, else empty. InputError when the file cannot be read.
std::string read_secret(const std::string& file, const char* variable, const std::string& flag);

}  // namespace candor::cli
