#pragma once
// Screening many candidates on every core: records are read in blocks; each block is screened
// by all workers inside one store write group, committed, then handed on in input order. So
// output order equals input order, memory stays bounded, and every verdict handed on is already
// stored. A bad record becomes an error record (candor.error/v1) and the batch goes on.
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/app/record_source.hpp"
#include "candor/candidate.hpp"
#include "candor/pipeline.hpp"
#include "candor/store.hpp"
#include "candor/verdict.hpp"

namespace candor::app {

/// What became of one record.
struct RecordResult {
  std::size_t line = 0;
  std::optional<Candidate> candidate;  ///< set when the record parsed
  std::optional<Verdict> verdict;      ///< set when it was screened
  nlohmann::json error;                ///< candor.error/v1 when it could not be screened
  /// The record's output line: the verdict's JSON or the error record, serialised by the
  /// worker that screened it (serialising on the thread that writes would idle the others).
  const std::string& json_line() const { return json_line_; }

 private:
  friend class BatchRunner;
  std::string json_line_;
};

/// Counts over a whole run.
struct BatchSummary {
  std::size_t records = 0;
  std::array<std::size_t, 4> bands{};  ///< clear, review, high, critical
  std::size_t errors = 0;
  std::size_t incomplete = 0;  ///< verdicts with a failed plugin (counted in their band too)
  double seconds = 0.0;
  unsigned workers = 1;
  double per_second() const;
};

/// Runs a pipeline over many candidates on several workers, one block at a time: run() and
/// screen() are called from one thread (the batch command's, the service's dispatcher).
class BatchRunner {
 public:
  /// `jobs` workers (0: one per core). `store` is the pipeline's store or null.
  BatchRunner(const Pipeline& pipeline, Store* store, unsigned jobs = 0);
  ~BatchRunner();
  BatchRunner(const BatchRunner&) = delete;
  BatchRunner& operator=(const BatchRunner&) = delete;

  unsigned jobs() const { return static_cast<unsigned>(workers_.size()); }

  using Sink = std::function<void(RecordResult&&)>;
  using Progress = std::function<void(const BatchSummary&)>;
  /// Screens every record of `source`; `sink` gets each in input order once its block is
  /// stored; `progress` is called after each block.
  BatchSummary run(RecordSource& source, const Sink& sink, const Progress& progress = {});

  /// Called on the screening worker with each verdict and its `candor.verdict/v1` text as soon
  /// as it is made (before the block commits), to do per-verdict work on every core.
  using VerdictFn =
      std::function<void(std::size_t index, const Verdict& verdict, std::string verdict_json)>;
  /// Screens parsed candidates as one block (one write group): verdicts in input order.
  std::vector<Verdict> screen(const std::vector<Candidate>& candidates, const VerdictFn& each = {});

 private:
  using BlockFn = std::function<void(Pipeline::Worker&, std::size_t)>;
  // Runs fn(worker, i) for i in [0, n) on every worker inside one committed write group.
  void for_each_in_block(std::size_t n, const BlockFn& fn);
  // Takes indices of the current block until none is left; the first exception is kept.
  void take_indices(Pipeline::Worker& worker);
  void helper_loop(Pipeline::Worker& worker);

  Store* store_;
  std::vector<std::unique_ptr<Pipeline::Worker>> workers_;
  // Workers past the first run on threads that live as long as the runner: the service screens
  // blocks of a few jobs hundreds of times a second, and a thread started per block cost more
  // than the screening (stacks and allocator caches made and unmapped, on every core).
  std::vector<std::thread> helpers_;
  std::mutex mutex_;
  std::condition_variable start_, finished_;
  std::uint64_t generation_ = 0;  // one per block handed to the helpers
  unsigned busy_helpers_ = 0;
  bool stopping_ = false;
  const BlockFn* block_fn_ = nullptr;
  std::size_t block_size_ = 0;
  std::atomic<std::size_t> next_index_{0};
  std::exception_ptr failure_;
};

}  // namespace candor::app
