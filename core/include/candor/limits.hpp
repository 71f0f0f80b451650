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

/// Largest Okta System Log page or osquery `--json` array read whole (line-per-event logs are
/// streamed and bounded per line instead).
inline constexpr std::uintmax_t kMaxLogFileBytes = 512ull << 20;
/// Longest line of a line-per-event log (an osquery snapshot of a few hundred rows fits).
inline constexpr std::size_t kMaxLogLineBytes = 4u << 20;
/// Largest audit roster (one hiring record a line).
inline constexpr std::uintmax_t kMaxRosterFileBytes = 1ull << 30;
/// Largest file of OFAC's delimited lists (sdn.csv, alt.csv, add.csv, sdn_comments.csv and the
/// consolidated list's cons_*.csv); the published ones are a few megabytes.
inline constexpr std::uintmax_t kMaxSdnFileBytes = 64u << 20;

/// What a policy may set under `limits` (README, "Limits"); the defaults hold without one. Every
/// bound on outside input that a deployment may want to move is here; the policy file itself
/// is read under the defaults (kMaxPolicyFileBytes, kMaxJsonDepth).
struct Limits {
  std::uintmax_t candidate_file_bytes = kMaxCandidateFileBytes;  ///< `candidate_file_bytes`
  std::uintmax_t activity_file_bytes = kMaxActivityFileBytes;    ///< `activity_file_bytes`
  std::size_t sessions = 10'000;                                 ///< `sessions` per candidate
  std::size_t photos = 100;                                      ///< `photos` per candidate
  std::size_t documents = 100;                                   ///< `documents` per candidate
  /// `list_items`: entries of every other list of a candidate (e-mails, phones, aliases,
  /// addresses, employers, profiles, device ids, inline activity instants).
  std::size_t list_items = 10'000;
  /// `string_chars`: bytes of any one text field of a candidate (inline base64 images are
  /// bounded by their decoded size instead).
  std::size_t string_chars = 10'000;
  /// `json_depth`: nesting of candidate JSON (files, batch lines, request bodies, rosters).
  int json_depth = kMaxJsonDepth;
  std::size_t phone_chars = kMaxPhoneChars;           ///< `phone_chars`
  std::size_t sdn_wallet_chars = kMaxSdnWalletChars;  ///< `sdn_wallet_chars`
  std::uintmax_t sdn_file_bytes = kMaxSdnFileBytes;   ///< `sdn_file_bytes`
  std::uintmax_t un_list_bytes = kMaxUnListBytes;     ///< `un_list_bytes`
  std::uintmax_t opensanctions_list_bytes =
      kMaxOpenSanctionsListBytes;                          ///< `opensanctions_list_bytes`
  std::uintmax_t log_file_bytes = kMaxLogFileBytes;        ///< `log_file_bytes` (audit)
  std::size_t log_line_bytes = kMaxLogLineBytes;           ///< `log_line_bytes` (audit)
  std::uintmax_t roster_file_bytes = kMaxRosterFileBytes;  ///< `roster_file_bytes` (audit)
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

/// Parses `text` into `out`, refusing nesting deeper than `max_depth`; the problem, or nullopt
/// when `out` holds the document. Every JSON read from outside goes through here.
std::optional<JsonProblem> parse_json(std::string_view text, nlohmann::json& out,
                                      int max_depth = kMaxJsonDepth);

/// Why `path` cannot be read as a regular file of at most `max_bytes` ("not a regular file",
/// "larger than N bytes", "cannot open file"), or nullopt when it can. FIFOs, devices and
/// folders are refused without being opened.
std::optional<std::string> unreadable_file(const std::filesystem::path& path,
                                           std::uintmax_t max_bytes);

/// The file's bytes; call after unreadable_file() said it is fine (empty when it vanished).
std::string read_whole_file(const std::filesystem::path& path);

}  // namespace candor
