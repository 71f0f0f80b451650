#include "metrics.hpp"

#include <fmt/format.h>

namespace candor::service {

Metrics::Metrics() = default;

void Metrics::count_request(const std::string& route, int status) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
}

void Metrics::observe_screening(double seconds) {
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  screenings_.fetch_add(1, std::memory_order_relaxed);
  screening_micros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::count_verdict(Band band) {
  bands_[static_cast<std::size_t>(band)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::count_signature_failure(const std::string& source) {
  std::lock_guard lock(mutex_);
  ++signature_failures_[source];
}

std::string Metrics::render(std::size_t queue_depth, std::size_t queue_capacity) const {
  std::string out;
  out += "# HELP candor_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE candor_http_requests_total counter\n";
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, n] : requests_)
      out += fmt::format("candor_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first,
                         key.second, n);
    out +=
        "# HELP candor_webhook_signature_failures_total Webhook deliveries refused for a "
        "bad signature.\n";
    out += "# TYPE candor_webhook_signature_failures_total counter\n";
    for (const char* source : {"greenhouse", "lever", "ashby"}) {
      const auto it = signature_failures_.find(source);
      out += fmt::format("candor_webhook_signature_failures_total{{source=\"{}\"}} {}\n", source,
                         it == signature_failures_.end() ? 0 : it->second);
    }
  }
  out +=
      "# HELP candor_screening_seconds Time to screen and store the block a job was screened in.\n";
  out += "# TYPE candor_screening_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    out +=
        fmt::format("candor_screening_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i], cumulative);
  }
  cumulative += buckets_[kBuckets.size()].load(std::memory_order_relaxed);
  out += fmt::format("candor_screening_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  out += fmt::format("candor_screening_seconds_sum {:.6f}\n",
                     double(screening_micros_.load(std::memory_order_relaxed)) / 1e6);
  out += fmt::format("candor_screening_seconds_count {}\n",
                     screenings_.load(std::memory_order_relaxed));
  out += "# HELP candor_queue_depth Screening jobs waiting for a worker.\n";
  out += "# TYPE candor_queue_depth gauge\n";
  out += fmt::format("candor_queue_depth {}\n", queue_depth);
  out += "# HELP candor_queue_capacity Most jobs the queue holds before answering 503.\n";
  out += "# TYPE candor_queue_capacity gauge\n";
  out += fmt::format("candor_queue_capacity {}\n", queue_capacity);
  out += "# HELP candor_verdicts_total Verdicts by band.\n";
  out += "# TYPE candor_verdicts_total counter\n";
  for (int b = 0; b < 4; ++b)
    out += fmt::format("candor_verdicts_total{{band=\"{}\"}} {}\n", band_name(Band(b)),
                       bands_[std::size_t(b)].load(std::memory_order_relaxed));
  out += "# HELP candor_job_failures_total Screening jobs that failed (store or internal error).\n";
  out += "# TYPE candor_job_failures_total counter\n";
  out +=
      fmt::format("candor_job_failures_total {}\n", job_failures_.load(std::memory_order_relaxed));
  return out;
}

}  // namespace candor::service
