// `candor report`: re-renders reviewer pages from stored verdicts (JSONL, as `batch` writes
// them) and the candidates they were screened from, without screening again.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>

#include "candor/app/record_source.hpp"
#include "candor/app/report.hpp"
#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

struct ReportCommandOptions {
  app::ScreenerOptions screening;  // --data-dir and --policy only: the bands and data files
  FileRules files;
  std::string verdicts;
  std::string candidates;
  std::string output;
};

using CandidateMap = std::map<std::string, Candidate>;

// A folder: every `candidate.json` or `*.candidate.json` in it or below. A file: JSONL or CSV.
CandidateMap load_candidates(const std::filesystem::path& from, const FileRules& files) {
  CandidateMap out;
  if (from.empty()) return out;
  if (std::filesystem::is_directory(from)) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(from, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (!it->is_regular_file() ||
          (name != "candidate.json" && !name.ends_with(".candidate.json")))
        continue;
      auto c = load_candidate_file(it->path(), files);
      out.insert_or_assign(c.id, std::move(c));
    }
    if (ec) throw InputError(from.string(), "", "cannot read folder: " + ec.message());
    return out;
  }
  app::RecordSource source(from, files);
  std::vector<app::RawRecord> block;
  while (source.read_block(block, 256)) {
    for (auto& r : block) {
      const std::string where = source.path() + ":" + std::to_string(r.line);
      if (!r.error.empty()) throw InputError(where, "", r.error);
      nlohmann::json json = std::move(r.json);
      if (!r.text.empty())
        if (const auto bad = parse_json(r.text, json, source.files().limits.json_depth))
          throw InputError(source.path(), "line " + std::to_string(r.line), bad->problem);
      auto c = parse_candidate(json, where, source.base(), source.files());
      out.insert_or_assign(c.id, std::move(c));
    }
  }
  return out;
}

int run_report(const ReportCommandOptions& o) {
  if (const auto why = unreadable_file(o.verdicts, std::uintmax_t(1) << 40))
    throw InputError(o.verdicts, "", *why);
  const auto environment = app::load_environment(o.screening);
  FileRules rules = o.files;
  rules.limits = environment.policy.limits;
  const CandidateMap candidates = load_candidates(o.candidates, rules);
  app::ReportOptions options;
  options.bands = environment.policy.bands;
  std::ifstream in(o.verdicts, std::ios::binary);
  app::ReportWriter writer(o.output, options);
  std::size_t line_number = 0, without_candidate = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = "line " + std::to_string(line_number);
    if (line.size() > kMaxCandidateFileBytes)
      throw InputError(o.verdicts, where, "line longer than the candidate file limit");
    nlohmann::json verdict;
    if (const auto bad = parse_json(line, verdict))
      throw InputError(o.verdicts, where, bad->problem);
    const std::string schema = verdict.is_object() ? verdict.value("schema", "") : "";
    if (schema == "candor.error/v1") {
      writer.add_error();
      continue;
    }
    if (schema != "candor.verdict/v1" || !verdict.contains("candidate") ||
        !verdict["candidate"].is_string())
      throw InputError(o.verdicts, where + " /schema",
                       "expected a candor.verdict/v1 or candor.error/v1 record");
    const auto it = candidates.find(verdict["candidate"].get<std::string>());
    if (it == candidates.end()) ++without_candidate;
    writer.add(verdict, it == candidates.end() ? nullptr : &it->second);
  }
  const std::size_t files = writer.finish();
  std::cerr << fmt::format("report: {} files in {}", files, o.output);
  if (without_candidate)
    std::cerr << fmt::format(
        " ({} verdicts without their candidate: no photos, activity or "
        "documents on those pages)",
        without_candidate);
  std::cerr << "\n";
  return kExitClear;
}

// Reads every verdict line of `path` that is a verdict.
std::vector<nlohmann::json> read_verdicts(const std::string& path) {
  if (const auto why = unreadable_file(path, std::uintmax_t(1) << 40))
    throw InputError(path, "", *why);
  std::ifstream in(path, std::ios::binary);
  std::vector<nlohmann::json> out;
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    nlohmann::json v;
    if (line.size() > kMaxCandidateFileBytes || parse_json(line, v))
      throw InputError(path, "line " + std::to_string(n), "not a JSON line within the limits");
    if (v.is_object() && v.value("schema", "") == "candor.verdict/v1") out.push_back(std::move(v));
  }
  return out;
}

// `candor bench report`: what rendering costs per page, apart from screening and writing.
int run_bench_report(const ReportCommandOptions& o) {
  const auto verdicts = read_verdicts(o.verdicts);
  const auto environment = app::load_environment(o.screening);
  FileRules rules = o.files;
  rules.limits = environment.policy.limits;
  const CandidateMap candidates = load_candidates(o.candidates, rules);
  app::ReportOptions options;
  options.bands = environment.policy.bands;
  std::size_t bytes = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& v : verdicts) {
    const auto it = candidates.find(v["candidate"].get<std::string>());
    bytes +=
        app::render_report_page(v, it == candidates.end() ? nullptr : &it->second, options).size();
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double pages = static_cast<double>(std::max<std::size_t>(verdicts.size(), 1));
  std::cout << fmt::format(
      "report: {} pages in {:.2f} s on one thread: {:.3f} ms per page, {:.0f} pages/s, "
      "{:.1f} KB per page\n",
      verdicts.size(), s, 1000.0 * s / pages, pages / std::max(s, 1e-9), bytes / pages / 1024.0);
  return kExitClear;
}

}  // namespace

void add_bench_report_command(CLI::App& bench, int& exit_code) {
  auto options = std::make_shared<ReportCommandOptions>();
  auto* cmd = bench.add_subcommand(
      "report", "Time rendering reviewer pages from verdicts (in memory, one thread)");
  cmd->add_option("verdicts", options->verdicts, "VERDICTS.jsonl")->required();
  cmd->add_option("--candidates", options->candidates, "IN.jsonl, IN.csv or a folder");
  add_environment_options(*cmd, options->screening);
  add_file_options(*cmd, options->files);
  cmd->callback([options, &exit_code] { exit_code = run_bench_report(*options); });
}

void add_report_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReportCommandOptions>();
  auto* cmd = app.add_subcommand(
      "report", "Render reviewer pages (HTML) from stored verdicts, without screening again");
  cmd->add_option("verdicts", options->verdicts, "VERDICTS.jsonl (candor.verdict/v1 lines)")
      ->required();
  cmd->add_option("--candidates", options->candidates,
                  "The candidates: IN.jsonl, IN.csv, or a folder of candidate.json files");
  cmd->add_option("-o,--output", options->output, "Folder for the pages and index.html")
      ->required();
  add_environment_options(*cmd, options->screening);
  add_file_options(*cmd, options->files);
  cmd->callback([options, &exit_code] { exit_code = run_report(*options); });
}

}  // namespace candor::cli
