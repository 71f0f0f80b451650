#pragma once
// candor's own bounded queue of screening jobs: HTTP handlers only parse and enqueue; one
// dispatcher takes every job waiting (up to a block) and screens them on the BatchRunner's
// workers, each owning a Pipeline::Worker, inside a store write group; a committer thread
// commits the group and answers the blocks it holds while the next block is being screened, so
// the cores screen instead of waiting for commits. Under load blocks grow and commits get rarer;
// alone, a job is a block of one. Answers go out only after the commit that stored them. A full
// queue refuses (the handler answers 503). An asynchronous job is written to a spool folder (fsync)
// before it is acknowledged and removed once its verdict is stored, so a crash loses no
// acknowledged job: the next start screens what the spool still holds.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/app/batch_runner.hpp"
#include "candor/app/screener.hpp"
#include "candor/candidate.hpp"
#include "metrics.hpp"

namespace candor::service {

/// One screening job and, once done, its verdict.
class JobState {
 public:
  enum class Status { queued, running, done, failed };
  JobState(std::string id, std::string candidate_id, std::string source, bool signed_data)
      : id_(std::move(id)),
        candidate_id_(std::move(candidate_id)),
        source_(std::move(source)),
        signed_data_(signed_data) {}
  const std::string& id() const { return id_; }
  const std::string& candidate_id() const { return candidate_id_; }
  /// Waits until the job finished or `timeout` passed; whether it finished.
  bool wait_for(std::chrono::milliseconds timeout) const;
  Status status() const;
  /// The verdict (`candor.verdict/v1` text) once done.
  std::string verdict_json() const;
  /// `{"id", "status", "candidate", "source", "signed", "verdict"|"error"}`.
  nlohmann::json to_json() const;

 private:
  friend class JobQueue;
  void finish(Status status, std::string result);
  std::string id_, candidate_id_, source_;
  bool signed_data_;
  mutable std::mutex mutex_;
  mutable std::condition_variable done_;
  Status status_ = Status::queued;
  std::string result_;  // verdict JSON when done, the error when failed
};

/// What to screen.
struct JobRequest {
  Candidate candidate;
  std::string source = "api";     ///< api, greenhouse, lever, ashby
  bool signed_data = true;        ///< false when the data was not covered by a signature (Lever)
  bool durable = false;           ///< spool it before acknowledging (asynchronous jobs)
  nlohmann::json candidate_json;  ///< what is spooled: the candidate as parsed from
};

class JobQueue {
 public:
  /// `spool` empty: nothing is spooled (no store, so nothing would be durable anyway).
  JobQueue(const app::Screener& screener, unsigned workers, std::size_t capacity,
           std::filesystem::path spool, Metrics& metrics);
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  /// Queues a job; null when the queue is full or draining. A durable job is on disk when this
  /// returns. Throws Error when the spool cannot be written.
  std::shared_ptr<JobState> submit(JobRequest request);
  /// A job by id (the most recent jobs are kept), or null.
  std::shared_ptr<JobState> find(const std::string& id) const;
  std::size_t depth() const;
  std::size_t capacity() const { return capacity_; }
  unsigned workers() const { return runner_.jobs(); }
  /// Queues the jobs an earlier run left in the spool; how many.
  std::size_t recover();
  /// Stops taking jobs, lets the workers finish the queue until `deadline`, stops them; how
  /// many jobs were left (still in the spool when durable).
  std::size_t drain(std::chrono::steady_clock::time_point deadline);

 private:
  struct Queued {
    std::shared_ptr<JobState> state;
    Candidate candidate;
    std::filesystem::path spooled;  // empty when not durable
  };
  // A screened block waiting for the commit that stores it.
  struct Screened {
    std::vector<Queued> jobs;
    std::vector<Verdict> verdicts;
    std::vector<std::string> answers;  // verdict JSON; empty verdicts when the block failed
    std::string error;
    std::chrono::steady_clock::time_point started;
  };
  void dispatch();
  void commit_loop();
  void open_group_for_block();
  void finish(Screened& block, const std::string& commit_error);
  std::filesystem::path spool_write(const std::string& id, const JobRequest& request);
  void remember(const std::shared_ptr<JobState>& state);

  const app::Screener& screener_;
  std::size_t capacity_;
  std::filesystem::path spool_;
  Metrics& metrics_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<Queued> queue_;
  std::size_t active_ = 0;  // jobs taken from the queue and not yet answered
  bool draining_ = false, stopping_ = false;
  Store* store_;
  // Write-group state, shared by the dispatcher (opens a group for a block) and the committer.
  std::mutex group_mutex_;
  std::condition_variable commit_wake_;
  std::deque<Screened> screened_;
  bool group_open_ = false, screening_ = false, committing_ = false, commit_stop_ = false;
  std::unordered_map<std::string, std::shared_ptr<JobState>> jobs_;
  std::deque<std::string> job_order_;
  app::BatchRunner runner_;
  std::thread dispatcher_, committer_;
};

}  // namespace candor::service
