#pragma once
// `candor bench audit`: synthetic Okta System Log events, osquery results and their roster
// written to files, then read back by the audit's readers on one core (or audited whole by
// `candor audit`).
#include <cstddef>
#include <filesystem>

namespace candor::app {

/// What one benchmark run measured.
struct AuditBenchResult {
  std::size_t okta_events = 0, osquery_rows = 0, malformed = 0;
  double okta_seconds = 0, osquery_seconds = 0;          ///< wall clock
  double okta_cpu_seconds = 0, osquery_cpu_seconds = 0;  ///< processor time of the reading thread
  std::uintmax_t okta_bytes = 0, osquery_bytes = 0;
};

/// Writes `events` Okta events (JSONL, about 1.3 KiB each, as the System Log API returns them)
/// for `actors` people, `rows` osquery result lines and the roster of those people
/// (`okta.jsonl`, `osquery.log`, `roster.jsonl`) into `dir`, spread over one month.
void write_audit_bench_files(const std::filesystem::path& dir, std::size_t events, std::size_t rows,
                             std::size_t actors);

/// Times reading the files write_audit_bench_files wrote in `dir`, on one core.
AuditBenchResult bench_audit_readers(const std::filesystem::path& dir);

}  // namespace candor::app
