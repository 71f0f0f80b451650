// `candor audit`: contractors already hired, from a roster, Okta System Log events and osquery
// results. Parses arguments and prints; the audit itself is the application layer's.
#include <fstream>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "candor/app/audit.hpp"
#include "candor/app/report.hpp"
#include "candor/app/screener.hpp"
#include "candor/error.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

struct AuditCliOptions {
  app::ScreenerOptions screening;
  FileRules files;
  std::string roster, output, since, report, fail_on = "review";
  std::vector<std::string> okta, osquery;
};

// `HOST=FILE` names the host of `osqueryi --json` output; a plain path is a results log.
app::OsqueryInput osquery_input(const std::string& text) {
  const auto eq = text.find('=');
  if (eq != std::string::npos && eq > 0 && text.find('/') > eq)
    return {text.substr(eq + 1), text.substr(0, eq)};
  return {text, ""};
}

std::optional<std::int64_t> since_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto at = parse_rfc3339(text.size() == 10 ? text + "T00:00:00Z" : text);
  if (!at) throw InputError("--since", "", "expected a date YYYY-MM-DD or an RFC 3339 instant");
  return at;
}

int run_audit(const AuditCliOptions& o) {
  const auto fail_on = parse_band(o.fail_on);
  if (!fail_on || *fail_on == Band::clear)
    throw InputError("--fail-on", "",
                     "expected review, high or critical, got \"" + o.fail_on + "\"");
  app::AuditOptions options{o.roster, o.okta, {}, since_of(o.since)};
  for (const auto& s : o.osquery) options.osquery.push_back(osquery_input(s));
  const app::Screener screener(o.screening);
  options.files = o.files;
  options.files.limits = screener.policy().limits;

  std::ofstream file_out;
  if (!o.output.empty() && o.output != "-") {
    file_out.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file_out) throw InputError(o.output, "", "cannot write output file");
  }
  std::ostream& out = file_out.is_open() ? file_out : std::cout;
  std::optional<app::ReportWriter> report;
  if (!o.report.empty()) report.emplace(o.report, app::report_options_for(screener));
  const auto summary = app::run_audit(options, screener, [&](const nlohmann::json& line) {
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    // Skipped contractors (no telemetry) have no verdict and so no page.
    if (report && line.value("schema", "") == "candor.verdict/v1") report->add(line, nullptr);
  });
  out.flush();
  if (report) report->finish();
  if (!out) throw Error("cannot write output");

  const auto& t = summary.telemetry;
  for (const auto& m : t.malformed_lines)
    std::cerr << fmt::format("audit: {}{}: skipped: {}\n", m.file,
                             m.line ? ":" + std::to_string(m.line) : "", m.problem);
  if (t.malformed > t.malformed_lines.size())
    std::cerr << fmt::format("audit: … and {} more malformed lines\n",
                             t.malformed - t.malformed_lines.size());
  const auto& b = summary.bands;
  std::cerr << fmt::format(
      "audit: {} contractors: {} clear, {} review, {} high, {} critical, {} skipped, {} changed, "
      "{} incomplete; Okta {} events ({} sign-ins), osquery {} rows, {} malformed lines; read "
      "{:.2f} s, screened {:.2f} s\n",
      summary.contractors, b[0], b[1], b[2], b[3], summary.skipped, summary.changed,
      summary.incomplete, t.okta_events, t.okta_logins, t.osquery_rows, t.malformed,
      summary.read_seconds, summary.screen_seconds);
  for (int band = static_cast<int>(*fail_on); band < 4; ++band)
    if (b[band]) return kExitFlagged;
  return kExitClear;
}

}  // namespace

void add_audit_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<AuditCliOptions>();
  auto* cmd = app.add_subcommand(
      "audit", "Screen contractors already hired: roster + Okta System Log + osquery results");
  cmd->add_option("--roster", options->roster,
                  "ROSTER.jsonl: one candor.candidate/v1 per contractor, plus okta_ids and hosts")
      ->required();
  cmd->add_option("--okta", options->okta, "Okta System Log: JSON array pages or JSONL (FILE|DIR)");
  cmd->add_option("--osquery", options->osquery,
                  "osquery results log (FILE|DIR), or HOST=FILE for osqueryi --json output");
  cmd->add_option("--since", options->since, "Ignore telemetry before this date (YYYY-MM-DD)");
  cmd->add_option("-o,--output", options->output, "OUT.jsonl (default: standard output)");
  cmd->add_option("--report", options->report,
                  "DIR: one reviewer page per contractor plus index.html");
  cmd->add_option("--fail-on", options->fail_on, "Exit 1 if any verdict is at or above this band")
      ->capture_default_str();
  add_screening_options(*cmd, options->screening);
  add_file_options(*cmd, options->files);
  cmd->callback([options, &exit_code] { exit_code = run_audit(*options); });
}

}  // namespace candor::cli
