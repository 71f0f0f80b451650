#pragma once
// `candor audit`: screening contractors already hired. A roster maps each contractor's hiring
// record to their telemetry (Okta actor ids or e-mails, osquery hosts); the telemetry is
// summarised into the candidate's `idp` and `endpoint` sections, login times and addresses into
// `activity` and `sessions`, and every contractor goes through the one pipeline. Each verdict
// says what changed since the contractor's previous audit in the store.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/app/audit_telemetry.hpp"
#include "candor/app/screener.hpp"
#include "candor/candidate.hpp"

namespace candor::app {

/// One osquery input: a file or folder, and the host of bare `osqueryi --json` rows.
struct OsqueryInput {
  std::string path;
  std::string host;
};

/// What to audit.
struct AuditOptions {
  std::string roster;             ///< JSONL, one candor.candidate/v1 per contractor
  std::vector<std::string> okta;  ///< files or folders
  std::vector<OsqueryInput> osquery;
  std::optional<std::int64_t> since;  ///< ignore telemetry before (Unix seconds)
  /// One-event-a-line Okta exports larger than this are read in byte ranges on every core.
  std::uint64_t okta_range_bytes = 64ull << 20;
  FileRules files;  ///< where the roster's files may be read from
};

/// A roster line: the hiring record and what maps telemetry to the person.
struct RosterEntry {
  std::size_t line = 0;
  nlohmann::json record;              ///< the candidate JSON, audit keys removed
  std::vector<std::string> okta_ids;  ///< Okta actor ids or alternateIds (plus the e-mails)
  std::vector<std::string> hosts;     ///< osquery hostIdentifiers or hardware serials
};

/// Reads the roster (a regular file of at most `limits.roster_file_bytes`, lines nested at most
/// `limits.json_depth`); InputError naming file:line and field on a malformed line.
std::vector<RosterEntry> read_roster(const std::string& path, const Limits& limits = {});

/// The `changes` of a verdict against the previous one (`candor.verdict/v1` JSON): new and
/// cleared signals (by id, level and the tool, host or value of their evidence) and a band move.
nlohmann::json verdict_changes(const nlohmann::json& previous, const nlohmann::json& current);

/// The outcome of one audit.
struct AuditSummary {
  std::size_t contractors = 0, skipped = 0, changed = 0, incomplete = 0;
  std::array<std::size_t, 4> bands{};  ///< per band
  TelemetryStats telemetry;
  double read_seconds = 0, screen_seconds = 0;
};

/// Reads every file of `options.okta` and `options.osquery` into `okta` and `osquery` on every
/// core (whole files, or byte ranges of a large Okta line export); the first InputError of any
/// thread is rethrown.
void read_telemetry(const AuditOptions& options, OktaReader& okta, OsqueryReader& osquery,
                    TelemetryStats& stats);

/// Runs an audit with `screener`, writing one JSON line per contractor (verdict with `subject`,
/// `telemetry` and `changes`, or a `candor.audit_skip/v1` record) through `write`, in roster
/// order.
AuditSummary run_audit(const AuditOptions& options, const Screener& screener,
                       const std::function<void(const nlohmann::json&)>& write);

}  // namespace candor::app
