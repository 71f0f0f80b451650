#pragma once
// Webhook deliveries already accepted, by idempotency key (Greenhouse-Event-ID, Lever's token,
// a digest of an Ashby body): an ATS that retries a delivery gets the first answer again instead
// of a second screening. Bounded: the oldest keys are dropped first, and keys older than `ttl`
// are forgotten (a Lever token older than five minutes is refused by its age anyway).
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace candor::service {

class RecentEvents {
 public:
  using Clock = std::chrono::steady_clock;
  RecentEvents(std::size_t capacity, std::chrono::seconds ttl) : capacity_(capacity), ttl_(ttl) {}

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
  void expire(Clock::time_point now);
  struct Entry {
    std::string key;
    Clock::time_point at;
  };
  std::mutex mutex_;
  std::size_t capacity_;
  std::chrono::seconds ttl_;
  std::deque<Entry> order_;
  std::unordered_map<std::string, std::string> values_;
};

}  // namespace candor::service
