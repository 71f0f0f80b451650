#pragma once
// Webhook deliveries already accepted, by idempotency key (Greenhouse-Event-ID, Lever's token,
// a digest of an Ashby body): an ATS that retries a delivery gets the first answer again instead
// of a second screening. Bounded: the oldest keys are dropped first, and keys older than `ttl`
// are forgotten (a Lever token older than five minutes is refused by its age anyway).
// With a journal file the keys outlive a restart: every change is appended as one line before
// the answer goes out, the file is read back at start and rewritten when it has grown.
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace candor::service {

class RecentEvents {
 public:
  using Clock = std::chrono::system_clock;  // wall time: the journal's times outlive the process
  /// Keys only in memory, or also in `journal` (created when missing; DataError when it cannot
  /// be written).
  RecentEvents(std::size_t capacity, std::chrono::seconds ttl, std::filesystem::path journal = {});
  ~RecentEvents();
  RecentEvents(const RecentEvents&) = delete;
  RecentEvents& operator=(const RecentEvents&) = delete;

  /// What was recorded for `key`, if it was seen within the ttl.
  std::optional<std::string> find(const std::string& key);
  /// Records `key` with `value` (a job id); false when it was already there (another delivery
  /// of the same event got in first).
  bool insert(const std::string& key, const std::string& value);
  /// Replaces the value of a recorded key (the job id, once known).
  void update(const std::string& key, const std::string& value);
  /// Forgets `key` (its delivery was refused after all, so a retry must be taken).
  void erase(const std::string& key);

 private:
  struct Entry {
    std::string key;
    Clock::time_point at;
  };
  void expire(Clock::time_point now);
  bool drop(const std::string& key);
  void load();
  void append(char op, const std::string& key, const std::string& value, Clock::time_point at);
  void rewrite();

  std::mutex mutex_;
  std::size_t capacity_;
  std::chrono::seconds ttl_;
  std::deque<Entry> order_;
  std::unordered_map<std::string, std::string> values_;
  std::filesystem::path journal_;
  int fd_ = -1;
  std::size_t journal_lines_ = 0;
};

}  // namespace candor::service
