// `candor batch`: JSONL or CSV in, JSONL out, on every core, through the application layer's
// BatchRunner (output order equals input order; a bad record becomes an error record).
#include <fstream>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "candor/app/batch_runner.hpp"
#include "candor/app/report.hpp"
#include "candor/app/screener.hpp"
#include "candor/error.hpp"
#include "commands/commands.hpp"
#include "options.hpp"
#include "terminal.hpp"

namespace candor::cli {

namespace {

struct BatchOptions {
  app::ScreenerOptions screening;
  FileRules files;
  std::string input;
  std::string output;
  std::string report;  // folder for the reviewer report (a page per candidate + index.html)
  std::string fail_on = "review";
  unsigned jobs = 0;
};

int run_batch(const BatchOptions& o) {
  const auto fail_on = parse_band(o.fail_on);
  if (!fail_on || *fail_on == Band::clear)
    throw InputError("--fail-on", "",
                     "expected review, high or critical, got \"" + o.fail_on + "\"");
  const app::Screener screener(o.screening);
  FileRules files = o.files;
  files.limits = screener.policy().limits;
  app::RecordSource source(o.input, files);
  app::BatchRunner runner(screener.pipeline(), screener.store(), o.jobs);

  std::ofstream file_out;
  if (!o.output.empty()) {
    file_out.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file_out) throw InputError(o.output, "", "cannot write output file");
  }
  std::ostream& out = o.output.empty() ? std::cout : file_out;
  std::optional<app::ReportWriter> report;
  if (!o.report.empty()) report.emplace(o.report, app::report_options_for(screener));
  const bool progress = is_terminal(stderr);
  const auto summary = runner.run(
      source,
      [&](app::RecordResult&& result) {
        out << result.json_line() << '\n';
        if (!report) return;
        if (result.verdict)
          report->add(to_json(*result.verdict), result.candidate ? &*result.candidate : nullptr);
        else
          report->add_error();
      },
      [&](const app::BatchSummary& s) {
        if (progress)
          std::cerr << fmt::format("\r{} screened, {} errors, {:.0f} candidates/s ", s.records,
                                   s.errors, s.per_second())
                    << std::flush;
      });
  out.flush();
  if (!out) throw Error("cannot write output");
  if (progress) std::cerr << "\n";
  if (report)
    std::cerr << fmt::format("batch: report: {} files in {}\n", report->finish(), o.report);
  const auto& b = summary.bands;
  std::cerr << fmt::format(
      "batch: {} records: {} clear, {} review, {} high, {} critical, {} errors, {} incomplete; "
      "{:.1f} s, {:.0f} candidates/s on {} workers\n",
      summary.records, b[0], b[1], b[2], b[3], summary.errors, summary.incomplete, summary.seconds,
      summary.per_second(), summary.workers);
  if (summary.errors) return kExitBadInput;
  for (int band = static_cast<int>(*fail_on); band < 4; ++band)
    if (b[band]) return kExitFlagged;
  return kExitClear;
}

}  // namespace

void add_batch_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BatchOptions>();
  auto* cmd = app.add_subcommand("batch", "Screen many candidates: JSONL or CSV in, JSONL out");
  cmd->add_option("input", options->input, "IN.jsonl or IN.csv")->required();
  cmd->add_option("-o,--output", options->output, "OUT.jsonl (default: standard output)");
  cmd->add_option("--report", options->report,
                  "Write the HTML reviewer report here: a page per candidate and index.html");
  cmd->add_option("-j,--jobs", options->jobs, "Worker threads (default: all cores)");
  cmd->add_option("--fail-on", options->fail_on, "Exit 1 if any verdict is at or above this band")
      ->capture_default_str();
  add_screening_options(*cmd, options->screening);
  add_file_options(*cmd, options->files);
  cmd->callback([options, &exit_code] { exit_code = run_batch(*options); });
}

}  // namespace candor::cli
