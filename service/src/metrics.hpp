#pragma once
// The service's counters in Prometheus text format: requests by route and status, screening
// latency, queue depth, verdicts by band, webhook signature failures.
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "candor/verdict.hpp"

namespace candor::service {

class Metrics {
 public:
  Metrics();
  void count_request(const std::string& route, int status);
  void observe_screening(double seconds);
  void count_verdict(Band band);
  void count_job_failure() { job_failures_.fetch_add(1, std::memory_order_relaxed); }
  void count_signature_failure(const std::string& source);
  /// The exposition text; `depth` and `capacity` are read from the queue when rendering.
  std::string render(std::size_t queue_depth, std::size_t queue_capacity) const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, std::uint64_t> signature_failures_;
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> buckets_{};
  std::atomic<std::uint64_t> screenings_{0};
  std::atomic<std::uint64_t> screening_micros_{0};
  std::array<std::atomic<std::uint64_t>, 4> bands_{};
  std::atomic<std::uint64_t> job_failures_{0};
};

}  // namespace candor::service
