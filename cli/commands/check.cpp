// `candor check`: one candidate from a candidate.json or from flags.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "candor/app/report.hpp"
#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "commands/commands.hpp"
#include "options.hpp"
#include "output/text.hpp"

namespace candor::cli {

namespace {

struct CheckOptions {
  app::ScreenerOptions screening;
  FileRules files;
  std::string file;
  std::string format = "text";
  std::string output;  // -o: the output (text, JSON or the HTML page) to a file
  std::string report;  // --report: the HTML page to a file, beside the normal output
  std::string fail_on = "review";
  // The flags form, for a recruiter without a candidate.json.
  std::string id, name, date_of_birth, nationality, claimed_country, claimed_region, claimed_city,
      claimed_timezone, browser_timezone, activity;
  std::vector<std::string> emails, phones, ips, photos, documents;
};

nlohmann::json candidate_from_flags(const CheckOptions& o) {
  nlohmann::json c = {
      {"id", o.id.empty() ? "cli:" + (o.name.empty() ? std::string("candidate") : o.name) : o.id}};
  auto put = [&](const char* key, const std::string& value) {
    if (!value.empty()) c[key] = value;
  };
  put("name", o.name);
  put("date_of_birth", o.date_of_birth);
  put("nationality", o.nationality);
  if (!o.emails.empty()) c["emails"] = o.emails;
  if (!o.phones.empty()) c["phones"] = o.phones;
  nlohmann::json location = nlohmann::json::object();
  if (!o.claimed_country.empty()) location["country"] = o.claimed_country;
  if (!o.claimed_region.empty()) location["region"] = o.claimed_region;
  if (!o.claimed_city.empty()) location["city"] = o.claimed_city;
  if (!o.claimed_timezone.empty()) location["timezone"] = o.claimed_timezone;
  if (!location.empty()) c["claimed_location"] = location;
  for (const auto& ip : o.ips) {
    nlohmann::json session = {{"ip", ip}};
    if (!o.browser_timezone.empty()) session["browser_timezone"] = o.browser_timezone;
    c["sessions"].push_back(session);
  }
  for (const auto& p : o.photos) c["photos"].push_back({{"path", p}, {"kind", "profile"}});
  for (const auto& d : o.documents) c["documents"].push_back({{"kind", "passport"}, {"image", d}});
  if (!o.activity.empty()) c["activity"] = {{"file", o.activity}, {"format", "lines"}};
  return c;
}

void write_output(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw InputError(path, "", "cannot write output file");
}

int run_check(const CheckOptions& o) {
  const auto fail_on = parse_band(o.fail_on);
  if (!fail_on || *fail_on == Band::clear)
    throw InputError("--fail-on", "",
                     "expected review, high or critical, got \"" + o.fail_on + "\"");
  if (o.format != "text" && o.format != "json" && o.format != "html")
    throw InputError("--format", "", "expected text, json or html, got \"" + o.format + "\"");
  const app::Screener screener(o.screening);
  FileRules files = o.files;
  files.limits = screener.policy().limits;
  // Paths typed as flags are the operator's own, read wherever they are; a candidate file's
  // paths are the applicant's and stay inside its folder (or --files-root).
  FileRules operator_files = files;
  operator_files.allow_any_path = true;
  const Candidate candidate =
      o.file.empty() ? parse_candidate(candidate_from_flags(o), "<flags>", ".", operator_files)
                     : load_candidate_file(o.file, files);
  const std::string screened_at =
      format_rfc3339(std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
  const Verdict verdict = screener.make_worker()->screen(candidate);
  const auto page = [&] {
    auto options = app::report_options_for(screener);
    options.screened_at = screened_at;
    return app::render_report_page(to_json(verdict), &candidate, options);
  };
  if (!o.report.empty()) write_output(o.report, page());
  std::string text;
  if (o.format == "json")
    text = to_json(verdict).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  else if (o.format == "html")
    text = page();
  else
    text = format_verdict_text(verdict, Style(o.output.empty() && use_colour(stdout)));
  if (o.output.empty())
    std::cout << text;
  else
    write_output(o.output, text);
  return verdict.band >= *fail_on ? kExitFlagged : kExitClear;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand("check", "Screen one candidate");
  cmd->add_option("file", options->file, "candidate.json (candor.candidate/v1)");
  cmd->add_option("--format", options->format, "text, json or html (the reviewer report)")
      ->capture_default_str();
  cmd->add_option("-o,--output", options->output, "Write the output to this file");
  cmd->add_option("--report", options->report, "Also write the HTML reviewer report here");
  cmd->add_option("--fail-on", options->fail_on, "Exit 1 at or above this band")
      ->capture_default_str();
  cmd->add_option("--id", options->id, "Candidate id (flags form)");
  cmd->add_option("--name", options->name, "Full name");
  cmd->add_option("--date-of-birth", options->date_of_birth, "YYYY-MM-DD");
  cmd->add_option("--nationality", options->nationality, "Claimed nationality");
  cmd->add_option("--email", options->emails, "E-mail address (repeatable)");
  cmd->add_option("--phone", options->phones, "Phone number (repeatable)");
  cmd->add_option("--ip", options->ips, "IP address seen (repeatable)");
  cmd->add_option("--claimed-country", options->claimed_country, "ISO 3166-1 alpha-2");
  cmd->add_option("--claimed-region", options->claimed_region, "Claimed region or state");
  cmd->add_option("--claimed-city", options->claimed_city, "Claimed city");
  cmd->add_option("--claimed-timezone", options->claimed_timezone, "IANA timezone");
  cmd->add_option("--browser-timezone", options->browser_timezone, "Browser's IANA timezone");
  cmd->add_option("--photo", options->photos, "Photo file (repeatable)");
  cmd->add_option("--document", options->documents, "ID document image (repeatable)");
  cmd->add_option("--activity", options->activity, "File of activity timestamps, one a line");
  add_screening_options(*cmd, options->screening);
  add_file_options(*cmd, options->files);
  cmd->callback([options, &exit_code, cmd] {
    if (options->file.empty() && options->name.empty() && options->emails.empty() &&
        options->ips.empty() && options->id.empty())
      throw CLI::RequiredError("check needs a candidate.json or candidate flags (--name, --ip …)");
    exit_code = run_check(*options);
    (void)cmd;
  });
}

}  // namespace candor::cli
