// `candor bench audit`: Okta events/s and osquery rows/s through the audit's readers, one core.
#include <iostream>

#include <fmt/format.h>

#include "candor/app/audit_bench.hpp"
#include "commands/commands.hpp"

namespace candor::cli {

namespace {

struct BenchAuditOptions {
  std::size_t events = 1000000, rows = 1000000, actors = 10000;
  std::string dir = "bench-audit";
  bool write_only = false;
};

int bench_audit(const BenchAuditOptions& o) {
  app::write_audit_bench_files(o.dir, o.events, o.rows, o.actors);
  if (o.write_only) {
    std::cout << fmt::format(
        "wrote {0}/okta.jsonl, {0}/osquery.log and {0}/roster.jsonl; audit them with\n"
        "  candor audit --roster {0}/roster.jsonl --okta {0}/okta.jsonl --osquery "
        "{0}/osquery.log --no-store -o /dev/null\n",
        o.dir);
    return kExitClear;
  }
  const auto r = app::bench_audit_readers(o.dir);
  const double eps = r.okta_events / r.okta_cpu_seconds;
  const double rps = r.osquery_rows / r.osquery_cpu_seconds;
  std::cout << fmt::format(
      "okta:    {} events ({:.0f} MiB): {:.2f} s processor time ({:.2f} s wall): {:.0f} events/s "
      "on one core\n"
      "osquery: {} rows ({:.0f} MiB): {:.2f} s processor time ({:.2f} s wall): {:.0f} rows/s on "
      "one core\n"
      "30 M Okta events: {:.0f} s on one core, {:.0f} s on 2 cores reading separate files\n",
      r.okta_events, r.okta_bytes / 1048576.0, r.okta_cpu_seconds, r.okta_seconds, eps,
      r.osquery_rows, r.osquery_bytes / 1048576.0, r.osquery_cpu_seconds, r.osquery_seconds, rps,
      30e6 / eps, 30e6 / eps / 2);
  return r.malformed ? kExitBadInput : kExitClear;
}

}  // namespace

void add_bench_audit_command(CLI::App& bench, int& exit_code) {
  auto options = std::make_shared<BenchAuditOptions>();
  auto* cmd = bench.add_subcommand(
      "audit", "Okta events/s and osquery rows/s through the audit's readers (one core)");
  cmd->add_option("--events", options->events, "Okta events to write and read")
      ->capture_default_str();
  cmd->add_option("--rows", options->rows, "osquery result lines to write and read")
      ->capture_default_str();
  cmd->add_option("--actors", options->actors, "People and hosts")->capture_default_str();
  cmd->add_option("--dir", options->dir, "Folder for the synthetic logs")->capture_default_str();
  cmd->add_flag("--write-only", options->write_only,
                "Only write the logs and their roster (to time a whole `candor audit` on them)");
  cmd->callback([options, &exit_code] { exit_code = bench_audit(*options); });
}

}  // namespace candor::cli
