#pragma once
// Reading a candidate's activity: inline RFC 3339 instants, session times and export files
// (plain lines, git log, Okta System Log JSON, CSV). Malformed lines are counted and named
// (file and line) and reading goes on; an unreadable file is an InputError. Shared by the
// timezone plugin and the reviewer report, which draws the same events.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "candor/activity/instant.hpp"
#include "candor/candidate.hpp"
#include "candor/limits.hpp"

namespace candor::activity {

/// Events read from one source, with what could not be read.
struct ParsedActivity {
  std::vector<Instant> events;
  std::size_t malformed = 0;          ///< lines or records that could not be read
  std::vector<std::string> warnings;  ///< the first few, as "file:line: problem"
  std::size_t other_authors = 0;      ///< records left out by an author/actor filter

  void warn(const std::string& where, const std::string& problem);
};

/// Parses an export already in memory; `name` names it in warnings (same rules as a file).
ParsedActivity parse_activity_text(std::string_view text, const std::string& format,
                                   const nlohmann::json& options, const std::filesystem::path& name,
                                   const std::string& source_file);

/// Reads an export file (a regular file of at most `max_bytes`, the policy's
/// `limits.activity_file_bytes`). `format` is lines | git | okta | csv | slack | teams;
/// `options` its options (git: author; okta: actor; csv: column, user_column, user; slack and
/// teams: user). `source_file` names the candidate in errors.
ParsedActivity read_activity_file(const std::filesystem::path& file, const std::string& format,
                                  const nlohmann::json& options, const std::string& source_file,
                                  std::uintmax_t max_bytes = kMaxActivityFileBytes);

/// Every event of the candidate: activity (inline or file) and session `at` instants.
ParsedActivity candidate_activity(const Candidate& candidate);

/// One line of `git log --format='%an|%aI'`.
struct AuthoredInstant {
  std::string author;
  Instant instant;
};

/// All lines of a git log (for evaluation), every author; malformed lines go to `warnings`.
std::vector<AuthoredInstant> read_git_log(const std::filesystem::path& file,
                                          ParsedActivity& warnings);

}  // namespace candor::activity
