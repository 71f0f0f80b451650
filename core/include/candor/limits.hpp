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
/// Longest phone number handed to libphonenumber (its regexes are superlinear).
inline constexpr std::size_t kMaxPhoneChars = 64;
/// Longest wallet code or address in an SDN remark: longer than any real one, so a remark past
/// it is damaged or hostile.
inline constexpr std::size_t kMaxSdnWalletChars = 256;
/// Largest UN Security Council Consolidated List (consolidated.xml) read; the published one is
/// about 2 MB.
inline constexpr std::uintmax_t kMaxUnListBytes = 64u << 20;
/// Largest OpenSanctions targets.simple.csv read: the `sanctions` collection is a few hundred
/// megabytes at most, and every row is kept in memory.
inline constexpr std::uintmax_t kMaxOpenSanctionsListBytes = 1ull << 30;
/// Default bounds on one image (photo or document scan) before it is decoded; per plugin in the
/// policy (`plugins.photo.max_image_bytes` …).
inline constexpr std::uint64_t kDefaultMaxImageBytes = 25ull << 20;
inline constexpr std::uint64_t kDefaultMaxImagePixels = 50'000'000;

/// What a policy may set under `limits` (README, "Limits"); the defaults hold without one.
struct Limits {
  std::uintmax_t candidate_file_bytes = kMaxCandidateFileBytes;  ///< `candidate_file_bytes`
  std::uintmax_t activity_file_bytes = kMaxActivityFileBytes;    ///< `activity_file_bytes`
  std::size_t sessions = 10'000;                                 ///< `sessions` per candidate
  std::size_t photos = 100;                                      ///< `photos` per candidate
  std::size_t documents = 100;                                   ///< `documents` per candidate
  /// `list_items`: entries of every other list of a candidate (e-mails, phones, aliases,
  /// addresses, employers, profiles, device ids, inline activity instants).
  std::size_t list_items = 10'000;
};

/// Reads the policy's `limits` object over `out`; ConfigError naming `limits.KEY` for an
/// unknown key or a value that is not a whole number in the key's range.
void parse_limits(const nlohmann::json& section, const std::string& file, Limits& out);

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
