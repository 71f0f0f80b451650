#pragma once
// Bounds on what candor reads from outside: a hostile file must get a clear error, never a
// crash or an unbounded read.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace candor {

/// Deepest JSON nesting accepted (a deeper document would exhaust the stack in recursive copies).
inline constexpr int kMaxJsonDepth = 64;
/// Largest candidate file (`candor check FILE`).
inline constexpr std::uintmax_t kMaxCandidateFileBytes = 16u << 20;
/// Largest activity export a candidate names (`activity.file`): a year of minute-level events.
inline constexpr std::uintmax_t kMaxActivityFileBytes = 64u << 20;
/// Largest policy file.
inline constexpr std::uintmax_t kMaxPolicyFileBytes = 1u << 20;

/// The byte at which `text` nests JSON arrays or objects deeper than `max_depth`, or nullopt.
/// Linear, allocation-free; strings and escapes are skipped.
std::optional<std::size_t> excessive_nesting(std::string_view text, int max_depth = kMaxJsonDepth);

/// What is wrong with a JSON text, and the byte it concerns.
struct JsonProblem {
  std::size_t byte = 0;
  std::string problem;  ///< "malformed JSON" or "JSON nested deeper than 64 levels"
};

/// Parses `text` into `out`, refusing nesting deeper than kMaxJsonDepth; the problem, or nullopt
/// when `out` holds the document. Every JSON read from outside goes through here.
std::optional<JsonProblem> parse_json(std::string_view text, nlohmann::json& out);

/// Why `path` cannot be read as a regular file of at most `max_bytes` ("not a regular file",
/// "larger than N bytes", "cannot open file"), or nullopt when it can. FIFOs, devices and
/// folders are refused without being opened.
std::optional<std::string> unreadable_file(const std::filesystem::path& path,
                                           std::uintmax_t max_bytes);

/// The file's bytes; call after unreadable_file() said it is fine (empty when it vanished).
std::string read_whole_file(const std::filesystem::path& path);

}  // namespace candor
