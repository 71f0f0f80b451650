#pragma once
// Each subcommand adds itself to the app; its callback runs it and sets the exit code.
#include <CLI/CLI.hpp>

#include <iosfwd>
#include <string>

namespace candor::app {
struct ScreenerOptions;
}

namespace candor::cli {

/// Exit codes: below --fail-on, at or above it, bad input or usage, internal error.
enum ExitCode : int { kExitClear = 0, kExitFlagged = 1, kExitBadInput = 2, kExitInternal = 3 };

void add_check_command(CLI::App& app, int& exit_code);
void add_batch_command(CLI::App& app, int& exit_code);
/// `audit`: contractors from a roster, Okta and osquery telemetry.
void add_audit_command(CLI::App& app, int& exit_code);
/// `bench audit`: Okta events/s and osquery rows/s on one core.
void add_bench_audit_command(CLI::App& bench, int& exit_code);
void add_plugins_command(CLI::App& app, int& exit_code);
void add_feeds_command(CLI::App& app, int& exit_code);
/// `models list` and `models fetch`.
void add_models_command(CLI::App& app, int& exit_code);
/// `index add` and `index import`: known identities into the store, through every plugin.
void add_index_command(CLI::App& app, int& exit_code);
/// `report` (pages from stored verdicts) and `bench report` (what rendering costs).
void add_report_command(CLI::App& app, int& exit_code);
void add_bench_report_command(CLI::App& bench, int& exit_code);
void add_generate_command(CLI::App& bench, int& exit_code);
/// `eval scenarios`: the persona suite against its expected band ranges.
void add_eval_scenarios_command(CLI::App& eval, int& exit_code);
/// `eval population`: verdicts of generated applicants by the groups the generator gave them.
void add_eval_population_command(CLI::App& eval, int& exit_code);
/// `eval budget`: the policy against the false-alarm budget and the best rule on its evidence.
void add_eval_budget_command(CLI::App& eval, int& exit_code);
/// `serve`: the REST service and ATS webhooks.
void add_serve_command(CLI::App& app, int& exit_code);
/// `bench serve`: requests/s and latency of the service on 127.0.0.1.
void add_bench_serve_command(CLI::App& bench, int& exit_code);
/// `store migrate` and `forget`.
void add_store_commands(CLI::App& app, int& exit_code);
/// `bench store`: batch throughput with several processes on one store, store round-trips.
void add_store_bench_command(CLI::App& bench, int& exit_code);
/// `rescreen`: everyone in the store against the sanctions lists again; who changed.
void add_rescreen_command(CLI::App& app, int& exit_code);
/// What `rescreen` and `feeds update --rescreen` run; prints changed candidates to `out`.
int run_rescreen(const app::ScreenerOptions& options, const std::string& since, std::ostream& out);

/// Every plugin's own subcommands, each in its group.
void add_plugin_commands(CLI::App& app, int& exit_code);

/// The subcommand group `name` (bench, eval, models …) several commands add to, created on first
/// use with its description; a group needs one of its subcommands.
CLI::App& subcommand_group(CLI::App& app, const std::string& name);

}  // namespace candor::cli
