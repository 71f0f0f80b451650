// `candor batch`: JSONL or CSV in, JSONL out, both cores. Records are read in blocks; each block
// is screened by all workers and written in input order, so output order equals input order and
// memory stays bounded. A bad record becomes an error record and the batch goes on.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "candor/candidate.hpp"
#include "candor/csv.hpp"
#include "candor/error.hpp"
#include "commands/commands.hpp"
#include "screening.hpp"
#include "terminal.hpp"

namespace candor::cli {

namespace {

struct BatchOptions {
  ScreeningOptions screening;
  std::string input;
  std::string output;
  std::string fail_on = "review";
  unsigned jobs = 0;
};

/// One input record: where it came from and its JSON (or why it could not be read).
struct RawRecord {
  std::size_t line = 0;
  std::string text;             // JSONL: the line
  nlohmann::json json;          // CSV: already mapped
  std::string error;            // CSV: mapping failed
};

/// Reads JSONL lines or CSV rows in blocks.
class RecordSource {
 public:
  explicit RecordSource(const std::string& path) : path_(path), in_(path, std::ios::binary) {
    if (!in_) throw InputError(path, "", "cannot open file");
    const auto ext = std::filesystem::path(path).extension().string();
    csv_ = ext == ".csv" || ext == ".CSV";
    if (csv_) {
      csv_reader_.emplace(in_);
      if (!csv_reader_->next(header_)) throw InputError(path, "line 1", "empty CSV, no header");
      bool has_id = false;
      for (const auto& h : header_) has_id = has_id || h == "id";
      if (!has_id) throw InputError(path, "line 1", "CSV header has no id column");
    }
  }

  bool read_block(std::vector<RawRecord>& block, std::size_t max) {
    block.clear();
    while (block.size() < max) {
      RawRecord r;
      if (csv_) {
        std::vector<std::string> row;
        try {
          if (!csv_reader_->next(row)) break;
        } catch (const Error& e) {
          r.line = csv_reader_->line();
          r.error = e.what();
          block.push_back(std::move(r));
          break;
        }
        r.line = csv_reader_->line();
        if (row.size() == 1 && row[0].empty()) continue;
        try {
          r.json = candidate_json_from_csv(header_, row, path_, r.line);
        } catch (const InputError& e) {
          r.error = e.what();
        }
      } else {
        if (!std::getline(in_, r.text)) break;
        r.line = ++line_;
        if (r.text.find_first_not_of(" \t\r") == std::string::npos) continue;
      }
      block.push_back(std::move(r));
    }
    return !block.empty();
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::ifstream in_;
  bool csv_ = false;
  std::optional<CsvReader> csv_reader_;
  std::vector<std::string> header_;
  std::size_t line_ = 0;
};

struct Outcome {
  std::string json_line;
  int band = -1;  // -1: error record
};

Outcome screen_record(const RawRecord& r, const std::string& file,
                      const std::filesystem::path& base, Pipeline::Worker& worker) {
  auto error_record = [&](const std::string& message, const std::string& field) {
    nlohmann::json e = {{"schema", "candor.error/v1"}, {"file", file}, {"line", r.line},
                        {"error", message}};
    if (!field.empty()) e["field"] = field;
    return Outcome{e.dump(), -1};
  };
  if (!r.error.empty()) return error_record(r.error, "");
  try {
    nlohmann::json json;
    if (r.text.empty()) {
      json = r.json;
    } else {
      try {
        json = nlohmann::json::parse(r.text);
      } catch (const nlohmann::json::parse_error& e) {
        throw InputError(file, "line " + std::to_string(r.line) + ", byte " +
                                   std::to_string(e.byte), "malformed JSON");
      }
    }
    const Candidate c = parse_candidate(json, file + ":" + std::to_string(r.line), base);
    const Verdict v = worker.screen(c);
    return {to_json(v).dump(), static_cast<int>(v.band)};
  } catch (const InputError& e) {
    return error_record(e.what(), e.field());
  } catch (const std::exception& e) {
    return error_record(e.what(), "");
  }
}

int run_batch(const BatchOptions& o) {
  const auto fail_on = parse_band(o.fail_on);
  if (!fail_on || *fail_on == Band::clear)
    throw InputError("--fail-on", "", "expected review, high or critical, got \"" + o.fail_on + "\"");
  RecordSource source(o.input);
  auto screening = build_screening(o.screening);
  const unsigned jobs = o.jobs ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::unique_ptr<Pipeline::Worker>> workers;
  for (unsigned i = 0; i < jobs; ++i) workers.push_back(screening->pipeline->make_worker());

  std::ofstream file_out;
  if (!o.output.empty()) {
    file_out.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file_out) throw InputError(o.output, "", "cannot write output file");
  }
  std::ostream& out = o.output.empty() ? std::cout : file_out;
  const auto base = std::filesystem::absolute(o.input).parent_path();
  const bool progress = is_terminal(stderr);

  std::size_t counts[4] = {0, 0, 0, 0}, errors = 0, total = 0;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::vector<RawRecord> block;
  std::vector<Outcome> outcomes;
  // Big blocks commit less often: each commit rewrites every index page the block touched, and
  // the workers wait while it runs (2,048 -> 8,192: batch with the store 15,200 -> 17,100/s).
  // The store still commits a group that has been open for a second.
  const std::size_t block_size = jobs == 1 ? 256 : 8192;
  while (source.read_block(block, block_size)) {
    outcomes.assign(block.size(), {});
    // One transaction per block; committed before the block's verdicts are written, so every
    // verdict reported is already stored.
    WriteGroup group(screening->store.get());
    std::atomic<std::size_t> next{0};
    auto work = [&](Pipeline::Worker& worker) {
      for (std::size_t i; (i = next.fetch_add(1)) < block.size();)
        outcomes[i] = screen_record(block[i], source.path(), base, worker);
    };
    if (jobs == 1) {
      work(*workers[0]);
    } else {
      std::vector<std::thread> threads;
      for (unsigned t = 0; t < jobs; ++t) threads.emplace_back(work, std::ref(*workers[t]));
      for (auto& t : threads) t.join();
    }
    group.commit();
    for (const auto& outcome : outcomes) {
      out << outcome.json_line << '\n';
      if (outcome.band < 0) ++errors;
      else ++counts[outcome.band];
    }
    total += outcomes.size();
    if (progress)
      std::cerr << fmt::format("\r{} screened, {} errors, {:.0f} candidates/s ", total, errors,
                               total / std::max(elapsed(), 1e-9))
                << std::flush;
  }
  out.flush();
  if (!out) throw Error("cannot write output");
  if (progress) std::cerr << "\n";
  std::cerr << fmt::format(
      "batch: {} records: {} clear, {} review, {} high, {} critical, {} errors; {:.1f} s, "
      "{:.0f} candidates/s on {} workers\n",
      total, counts[0], counts[1], counts[2], counts[3], errors, elapsed(),
      total / std::max(elapsed(), 1e-9), jobs);
  if (errors) return kExitBadInput;
  for (int b = static_cast<int>(*fail_on); b < 4; ++b)
    if (counts[b]) return kExitFlagged;
  return kExitClear;
}

}  // namespace

void add_batch_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BatchOptions>();
  auto* cmd = app.add_subcommand("batch", "Screen many candidates: JSONL or CSV in, JSONL out");
  cmd->add_option("input", options->input, "IN.jsonl or IN.csv")->required();
  cmd->add_option("-o,--output", options->output, "OUT.jsonl (default: standard output)");
  cmd->add_option("-j,--jobs", options->jobs, "Worker threads (default: all cores)");
  cmd->add_option("--fail-on", options->fail_on, "Exit 1 if any verdict is at or above this band")
      ->capture_default_str();
  add_screening_options(*cmd, options->screening);
  cmd->callback([options, &exit_code] { exit_code = run_batch(*options); });
}

}  // namespace candor::cli
