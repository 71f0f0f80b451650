#pragma once
// Screening many candidates on every core: records are read in blocks; each block is screened
// by all workers inside one store write group, committed, then handed on in input order. So
// output order equals input order, memory stays bounded, and every verdict handed on is already
// stored. A bad record becomes an error record (candor.error/v1) and the batch goes on.
#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
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

/// Runs a pipeline over many candidates on several workers.
class BatchRunner {
 public:
  /// `jobs` workers (0: one per core). `store` is the pipeline's store or null.
  BatchRunner(const Pipeline& pipeline, Store* store, unsigned jobs = 0);
  ~BatchRunner();

  unsigned jobs() const { return static_cast<unsigned>(workers_.size()); }

  using Sink = std::function<void(RecordResult&&)>;
  using Progress = std::function<void(const BatchSummary&)>;
  /// Screens every record of `source`; `sink` gets each in input order once its block is
  /// stored; `progress` is called after each block.
  BatchSummary run(RecordSource& source, const Sink& sink, const Progress& progress = {});

  /// Screens parsed candidates as one block (one write group): verdicts in input order.
  std::vector<Verdict> screen(const std::vector<Candidate>& candidates);

 private:
  // Runs fn(worker, i) for i in [0, n) on every worker inside one committed write group.
  void for_each_in_block(std::size_t n,
                         const std::function<void(Pipeline::Worker&, std::size_t)>& fn);

  Store* store_;
  std::vector<std::unique_ptr<Pipeline::Worker>> workers_;
};

}  // namespace candor::app
