// The audit's log files read on every core: each thread reads whole files, or byte ranges of a
// large one-event-a-line Okta export, into its own readers, merged afterwards, so a folder of
// daily exports and one month-long export are both read in parallel.
#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "candor/app/audit.hpp"

namespace candor::app {

namespace {

struct Task {
  bool okta = false;
  std::filesystem::path path;
  std::string host;
  std::uint64_t begin = 0, end = 0;  ///< an Okta line file's byte range; end 0: the whole file
  std::size_t lines = 0;             ///< lines that started in the range (set when read)
  TelemetryStats stats;              ///< this task's counts, so ranges' line numbers can be fixed
};

// Whole files, except one-event-a-line Okta exports larger than a range, which are split.
void add_okta_tasks(std::filesystem::path file, std::uint64_t range_bytes,
                    std::vector<Task>& tasks) {
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(file, ec);
  if (ec || range_bytes == 0 || size <= range_bytes || OktaReader::is_array_page(file)) {
    tasks.push_back({true, std::move(file), "", 0, 0, 0, {}});
    return;
  }
  for (std::uint64_t begin = 0; begin < size; begin += range_bytes)
    tasks.push_back({true, file, "", begin, std::min(size, begin + range_bytes), 0, {}});
}

// A range's malformed lines were numbered from its first line: add the lines of the ranges of
// the same file before it (tasks of one file are consecutive and in order).
void number_lines_from_file_start(std::vector<Task>& tasks) {
  std::size_t before = 0;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    if (i > 0 && tasks[i].path != tasks[i - 1].path) before = 0;
    for (auto& m : tasks[i].stats.malformed_lines) m.line += before;
    before += tasks[i].lines;
  }
}

struct Part {
  OktaReader okta;
  OsqueryReader osquery;
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
    for (auto& f : files_of(p)) add_okta_tasks(std::move(f), options.okta_range_bytes, tasks);
  for (const auto& in : options.osquery)
    for (auto& f : files_of(in.path)) tasks.push_back({false, std::move(f), in.host, 0, 0, 0, {}});
  const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1,
                                                      std::max<std::size_t>(1, tasks.size()));
  std::vector<Part> parts;
  for (std::size_t t = 0; t < threads; ++t)
    parts.push_back({OktaReader(options.files.limits), OsqueryReader(options.files.limits), {}});
  std::atomic<std::size_t> next{0};
  const auto work = [&](Part& part) {
    try {
      for (std::size_t i; (i = next++) < tasks.size();) {
        Task& task = tasks[i];
        if (!task.okta)
          part.osquery.read(task.path, task.host, task.stats);
        else if (task.end == 0)
          part.okta.read(task.path, task.stats);
        else
          task.lines = part.okta.read_range(task.path, task.begin, task.end, task.stats);
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
  }
  number_lines_from_file_start(tasks);
  for (auto& task : tasks) stats.merge(std::move(task.stats));
}

}  // namespace candor::app
