#include "candor/app/batch_runner.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>

#include "candor/error.hpp"
#include "candor/limits.hpp"

namespace candor::app {

namespace {

// Applicants' text may hold bytes that are not UTF-8: replaced, never a throw mid-batch.
std::string serialise(const RecordResult& r) {
  constexpr auto kReplace = nlohmann::json::error_handler_t::replace;
  return r.verdict ? to_json(*r.verdict).dump(-1, ' ', false, kReplace)
                   : r.error.dump(-1, ' ', false, kReplace);
}

// `verdict_json` receives the verdict's text when there is one.
RecordResult screen_record(RawRecord& r, const RecordSource& source, Pipeline::Worker& worker,
                           std::string* verdict_json) {
  const std::string& file = source.path();
  RecordResult result;
  result.line = r.line;
  auto fail = [&](const std::string& message, const std::string& field) {
    result.error = {
        {"schema", "candor.error/v1"}, {"file", file}, {"line", r.line}, {"error", message}};
    if (!field.empty()) result.error["field"] = field;
    return std::move(result);
  };
  if (!r.error.empty()) return fail(r.error, "");
  try {
    nlohmann::json json;
    if (r.text.empty()) {
      json = std::move(r.json);
    } else if (const auto bad = parse_json(r.text, json, source.files().limits.json_depth)) {
      throw InputError(file,
                       "line " + std::to_string(r.line) + ", byte " + std::to_string(bad->byte),
                       bad->problem);
    }
    result.candidate =
        parse_candidate(json, file + ":" + std::to_string(r.line), source.base(), source.files());
    result.verdict = worker.screen(*result.candidate, verdict_json);
    return result;
  } catch (const InputError& e) {
    return fail(e.what(), e.field());
  } catch (const std::exception& e) {
    return fail(e.what(), "");
  }
}

}  // namespace

double BatchSummary::per_second() const {
  return static_cast<double>(records) / std::max(seconds, 1e-9);
}

BatchRunner::BatchRunner(const Pipeline& pipeline, Store* store, unsigned jobs) : store_(store) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < jobs; ++i) workers_.push_back(pipeline.make_worker());
  for (unsigned i = 1; i < jobs; ++i)
    helpers_.emplace_back([this, i] { helper_loop(*workers_[i]); });
}

BatchRunner::~BatchRunner() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  start_.notify_all();
  for (auto& t : helpers_) t.join();
}

void BatchRunner::take_indices(Pipeline::Worker& worker) {
  try {
    for (std::size_t i; (i = next_index_.fetch_add(1)) < block_size_;) (*block_fn_)(worker, i);
  } catch (...) {
    next_index_ = block_size_;  // the others stop too
    std::lock_guard lock(mutex_);
    if (!failure_) failure_ = std::current_exception();
  }
}

void BatchRunner::helper_loop(Pipeline::Worker& worker) {
  std::uint64_t seen = 0;
  std::unique_lock lock(mutex_);
  for (;;) {
    start_.wait(lock, [&] { return stopping_ || generation_ != seen; });
    if (stopping_) return;
    seen = generation_;
    lock.unlock();
    take_indices(worker);
    lock.lock();
    if (--busy_helpers_ == 0) finished_.notify_one();
  }
}

void BatchRunner::for_each_in_block(std::size_t n, const BlockFn& fn) {
  // One transaction per block, committed before the block's results are handed on.
  WriteGroup group(store_);
  block_fn_ = &fn;
  block_size_ = n;
  next_index_ = 0;
  failure_ = nullptr;
  if (helpers_.empty() || n <= 1) {
    take_indices(*workers_[0]);
  } else {
    {
      std::lock_guard lock(mutex_);
      busy_helpers_ = static_cast<unsigned>(helpers_.size());
      ++generation_;
    }
    start_.notify_all();
    take_indices(*workers_[0]);
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return busy_helpers_ == 0; });
  }
  if (failure_) std::rethrow_exception(failure_);
  group.commit();
}

BatchSummary BatchRunner::run(RecordSource& source, const Sink& sink, const Progress& progress) {
  BatchSummary summary;
  summary.workers = jobs();
  const auto start = std::chrono::steady_clock::now();
  std::vector<RawRecord> block;
  std::vector<RecordResult> results;
  // Big blocks commit less often: each commit rewrites every index page the block touched, and
  // the workers wait while it runs (2,048 -> 8,192: batch with the store 15,200 -> 17,100/s).
  // The store still commits a group that has been open for a second.
  const std::size_t block_size = jobs() == 1 ? 256 : 8192;
  while (source.read_block(block, block_size)) {
    results.assign(block.size(), {});
    for_each_in_block(block.size(), [&](Pipeline::Worker& worker, std::size_t i) {
      std::string verdict_json;
      results[i] = screen_record(block[i], source, worker, &verdict_json);
      results[i].json_line_ = results[i].verdict ? std::move(verdict_json) : serialise(results[i]);
    });
    for (auto& result : results) {
      if (result.verdict) {
        ++summary.bands[static_cast<std::size_t>(result.verdict->band)];
        if (result.verdict->incomplete) ++summary.incomplete;
      } else {
        ++summary.errors;
      }
      ++summary.records;
      sink(std::move(result));
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) progress(summary);
  }
  return summary;
}

std::vector<Verdict> BatchRunner::screen(const std::vector<Candidate>& candidates,
                                         const VerdictFn& each) {
  std::vector<Verdict> verdicts(candidates.size());
  for_each_in_block(candidates.size(), [&](Pipeline::Worker& worker, std::size_t i) {
    std::string json;
    verdicts[i] = worker.screen(candidates[i], each ? &json : nullptr);
    if (each) each(i, verdicts[i], std::move(json));
  });
  return verdicts;
}

}  // namespace candor::app
