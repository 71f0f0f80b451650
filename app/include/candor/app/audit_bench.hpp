#pragma once
// `candor bench audit`: synthetic Okta System Log events and osquery results written to files,
// then read back by the audit's readers on one core.
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
/// for `actors` people and `rows` osquery result lines into `dir`, then times reading them.
AuditBenchResult bench_audit_readers(const std::filesystem::path& dir, std::size_t events,
                                     std::size_t rows, std::size_t actors);

}  // namespace candor::app
