// The audit's log files read on every core: each thread reads whole files into its own readers,
// merged afterwards, so a folder of daily exports is read in parallel.
#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "audit_read.hpp"

namespace candor::app {

namespace {

struct Task {
  bool okta = false;
  std::filesystem::path path;
  std::string host;
};

struct Part {
  OktaReader okta;
  OsqueryReader osquery;
  TelemetryStats stats;
  std::exception_ptr error;
};

}  // namespace

std::vector<std::filesystem::path> files_of(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) return {path};
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(path, ec))
    if (e.is_regular_file()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

void read_telemetry(const AuditOptions& options, OktaReader& okta, OsqueryReader& osquery,
                    TelemetryStats& stats) {
  std::vector<Task> tasks;
  for (const auto& p : options.okta)
    for (auto& f : files_of(p)) tasks.push_back({true, std::move(f), ""});
  for (const auto& in : options.osquery)
    for (auto& f : files_of(in.path)) tasks.push_back({false, std::move(f), in.host});
  const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1,
                                                      std::max<std::size_t>(1, tasks.size()));
  std::vector<Part> parts(threads);
  std::atomic<std::size_t> next{0};
  const auto work = [&](Part& part) {
    try {
      for (std::size_t i; (i = next++) < tasks.size();) {
        if (tasks[i].okta)
          part.okta.read(tasks[i].path, part.stats);
        else
          part.osquery.read(tasks[i].path, tasks[i].host, part.stats);
      }
    } catch (...) {
      part.error = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, std::ref(parts[t]));
  work(parts[0]);
  for (auto& t : pool) t.join();
  for (auto& part : parts) {
    if (part.error) std::rethrow_exception(part.error);
    okta.merge(std::move(part.okta));
    osquery.merge(std::move(part.osquery));
    stats.merge(std::move(part.stats));
  }
}

}  // namespace candor::app
