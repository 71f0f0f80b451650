#include "job_queue.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/service/signature.hpp"

namespace candor::service {

namespace {

// Finished jobs kept for GET /v1/jobs/{id}; older ones are found through their stored verdict.
constexpr std::size_t kKeptJobs = 10000;

void fsync_path(const std::filesystem::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) throw Error("spool: cannot open " + path.string());
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw Error("spool: cannot sync " + path.string());
}

}  // namespace

bool JobState::wait_for(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return done_.wait_for(lock, timeout,
                        [&] { return status_ == Status::done || status_ == Status::failed; });
}

JobState::Status JobState::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

std::string JobState::verdict_json() const {
  std::lock_guard lock(mutex_);
  return status_ == Status::done ? result_ : std::string();
}

nlohmann::json JobState::to_json() const {
  std::lock_guard lock(mutex_);
  static constexpr const char* kNames[] = {"queued", "running", "done", "failed"};
  nlohmann::json j = {{"id", id_},
                      {"status", kNames[static_cast<int>(status_)]},
                      {"candidate", candidate_id_},
                      {"source", source_},
                      {"signed", signed_data_}};
  if (status_ == Status::done) j["verdict"] = nlohmann::json::parse(result_);
  if (status_ == Status::failed) j["error"] = result_;
  return j;
}

void JobState::finish(Status status, std::string result) {
  {
    std::lock_guard lock(mutex_);
    status_ = status;
    result_ = std::move(result);
  }
  done_.notify_all();
}

JobQueue::JobQueue(const app::Screener& screener, unsigned workers, std::size_t capacity,
                   std::filesystem::path spool, Metrics& metrics)
    : screener_(screener),
      capacity_(capacity),
      spool_(std::move(spool)),
      metrics_(metrics),
      store_(screener.store()),
      // The runner opens no write group: the queue keeps one open across blocks (commit_loop).
      runner_(screener.pipeline(), nullptr, workers) {
  if (!spool_.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(spool_, ec);
    if (ec) throw Error("spool: cannot create " + spool_.string() + ": " + ec.message());
  }
  dispatcher_ = std::thread([this] { dispatch(); });
  committer_ = std::thread([this] { commit_loop(); });
}

JobQueue::~JobQueue() { drain(std::chrono::steady_clock::now()); }

std::filesystem::path JobQueue::spool_write(const std::string& id, const JobRequest& request) {
  const nlohmann::json record = {{"id", id},
                                 {"source", request.source},
                                 {"signed", request.signed_data},
                                 {"candidate", request.candidate_json}};
  const auto final_path = spool_ / (id + ".json");
  const auto temporary = spool_ / (id + ".tmp");
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << record.dump();
    if (!out.flush()) throw Error("spool: cannot write " + temporary.string());
  }
  fsync_path(temporary, O_RDONLY);
  std::filesystem::rename(temporary, final_path);
  fsync_path(spool_, O_RDONLY | O_DIRECTORY);
  return final_path;
}

std::shared_ptr<JobState> JobQueue::submit(JobRequest request) {
  {
    std::lock_guard lock(mutex_);
    if (draining_ || queue_.size() >= capacity_) return nullptr;
  }
  auto state = std::make_shared<JobState>(random_id(), request.candidate.id, request.source,
                                          request.signed_data);
  std::filesystem::path spooled;
  if (request.durable && !spool_.empty()) spooled = spool_write(state->id(), request);
  {
    std::lock_guard lock(mutex_);
    // Checked again: others may have filled the queue while this one was being spooled.
    if (draining_ || queue_.size() >= capacity_) {
      if (!spooled.empty()) std::filesystem::remove(spooled);
      return nullptr;
    }
    queue_.push_back({state, std::move(request.candidate), std::move(spooled)});
    remember(state);
  }
  wake_.notify_one();
  return state;
}

void JobQueue::remember(const std::shared_ptr<JobState>& state) {
  jobs_[state->id()] = state;
  job_order_.push_back(state->id());
  while (job_order_.size() > kKeptJobs) {
    jobs_.erase(job_order_.front());
    job_order_.pop_front();
  }
}

std::shared_ptr<JobState> JobQueue::find(const std::string& id) const {
  std::lock_guard lock(mutex_);
  const auto it = jobs_.find(id);
  return it == jobs_.end() ? nullptr : it->second;
}

std::size_t JobQueue::depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

std::size_t JobQueue::recover() {
  if (spool_.empty()) return 0;
  std::size_t recovered = 0;
  for (const auto& entry : std::filesystem::directory_iterator(spool_)) {
    const auto& path = entry.path();
    if (path.extension() == ".tmp") {  // never acknowledged
      std::filesystem::remove(path);
      continue;
    }
    if (path.extension() != ".json") continue;
    nlohmann::json record;
    if (unreadable_file(path, 64u << 20) || parse_json(read_whole_file(path), record) ||
        !record.is_object() || !record.contains("candidate") || !record.contains("id"))
      throw Error("spool: unreadable job " + path.string());
    FileRules rules;
    rules.allow_paths = false;
    rules.limits = screener_.policy().limits;  // as when it was accepted
    auto state =
        std::make_shared<JobState>(record["id"].get<std::string>(), "",
                                   record.value("source", "api"), record.value("signed", true));
    Candidate candidate = parse_candidate(record["candidate"], path.string(), {}, rules);
    state->candidate_id_ = candidate.id;
    {
      std::lock_guard lock(mutex_);
      queue_.push_back({state, std::move(candidate), path});
      remember(state);
    }
    wake_.notify_one();
    ++recovered;
  }
  return recovered;
}

void JobQueue::dispatch() {
  // A block as large as the batch command's small one: commits stay rare under load while a
  // block's answers are not held back long.
  constexpr std::size_t kMaxBlock = 256;
  for (;;) {
    Screened block;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      while (!queue_.empty() && block.jobs.size() < kMaxBlock) {
        block.jobs.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      active_ += block.jobs.size();
    }
    std::vector<Candidate> candidates;
    candidates.reserve(block.jobs.size());
    for (auto& job : block.jobs) {
      std::lock_guard state_lock(job.state->mutex_);
      job.state->status_ = JobState::Status::running;
      candidates.push_back(std::move(job.candidate));
    }
    block.started = std::chrono::steady_clock::now();
    try {
      open_group_for_block();
      // Each answer is the text the worker that screened it made for the store, not serialised
      // again here while the workers wait.
      block.answers.resize(candidates.size());
      block.verdicts =
          runner_.screen(candidates, [&](std::size_t i, const Verdict&, std::string verdict_json) {
            block.answers[i] = std::move(verdict_json);
          });
    } catch (const std::exception& e) {
      // The catch of the "batch loop": this block fails, the service goes on; durable jobs stay
      // in the spool and are screened at the next start.
      block.error = e.what();
    }
    {
      std::lock_guard lock(group_mutex_);
      screening_ = false;
      screened_.push_back(std::move(block));
    }
    commit_wake_.notify_one();
  }
}

void JobQueue::open_group_for_block() {
  if (!store_) return;
  std::lock_guard lock(group_mutex_);
  screening_ = true;
  // Open already, or being committed: the committer reopens it after its commit (records in
  // between commit one by one, as without a group).
  if (group_open_ || committing_) return;
  store_->begin_group();
  group_open_ = true;
}

void JobQueue::commit_loop() {
  for (;;) {
    std::deque<Screened> blocks;
    bool commit = false;
    {
      std::unique_lock lock(group_mutex_);
      commit_wake_.wait(lock, [&] { return commit_stop_ || !screened_.empty(); });
      if (screened_.empty()) {
        if (group_open_) {
          group_open_ = false;
          try {
            store_->commit_group();
          } catch (const std::exception&) {  // nothing is waiting for it: every block is answered
          }
        }
        return;
      }
      blocks.swap(screened_);
      commit = committing_ = group_open_;
    }
    // Every block taken here recorded its verdicts before it was handed over, so this commit
    // stores them; the dispatcher screens the next block meanwhile.
    std::string error;
    if (commit) {
      try {
        store_->commit_group();
      } catch (const std::exception& e) {
        error = e.what();
      }
      std::lock_guard lock(group_mutex_);
      committing_ = group_open_ = false;
      if (screening_) {
        try {
          store_->begin_group();
          group_open_ = true;
        } catch (const std::exception&) {  // the block's records commit one by one instead
        }
      }
    }
    for (auto& block : blocks) finish(block, error);
  }
}

void JobQueue::finish(Screened& block, const std::string& commit_error) {
  const std::string& error = block.error.empty() ? commit_error : block.error;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - block.started).count();
  for (std::size_t i = 0; i < block.jobs.size(); ++i) {
    Queued& job = block.jobs[i];
    if (!error.empty()) {
      metrics_.count_job_failure();
      job.state->finish(JobState::Status::failed, error);
      continue;
    }
    metrics_.observe_screening(seconds);
    metrics_.count_verdict(block.verdicts[i].band);
    if (!job.spooled.empty()) std::filesystem::remove(job.spooled);
    job.state->finish(JobState::Status::done, std::move(block.answers[i]));
  }
  {
    std::lock_guard lock(mutex_);
    active_ -= block.jobs.size();
  }
  idle_.notify_all();
}

std::size_t JobQueue::drain(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  draining_ = true;
  idle_.wait_until(lock, deadline, [&] { return queue_.empty() && active_ == 0; });
  // Jobs still running finish (a screening is short); queued ones stay for the next start.
  idle_.wait(lock, [&] { return active_ == 0; });
  const std::size_t left = queue_.size();
  stopping_ = true;
  lock.unlock();
  wake_.notify_all();
  if (dispatcher_.joinable()) dispatcher_.join();
  {
    std::lock_guard group_lock(group_mutex_);
    commit_stop_ = true;
  }
  commit_wake_.notify_all();
  if (committer_.joinable()) committer_.join();
  return left;
}

}  // namespace candor::service
