// `candor bench store`: batch throughput on a store with 1, 2 … processes sharing it, and the
// latency of the store round-trips of one screening.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>

#include "candor/app/registry.hpp"
#include "candor/app/screener.hpp"
#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

using Clock = std::chrono::steady_clock;

struct BenchStoreOptions {
  app::ScreenerOptions environment;
  std::string input;
  std::vector<unsigned> processes{1, 2};
  unsigned jobs = 0;
  std::size_t round_trip_candidates = 2000;
};

// Times every call one screening makes on the store it wraps (one thread at a time).
class TimingStore final : public Store {
 public:
  explicit TimingStore(Store& inner) : inner_(inner) {}
  void record(const CandidateRecord& c, const std::vector<ItemWrite>& items) override {
    timed([&] { inner_.record(c, items); });
  }
  std::vector<StoredItem> find_items(std::string_view kind, std::string_view key,
                                     std::size_t limit) const override {
    std::vector<StoredItem> out;
    timed([&] { out = inner_.find(kind, key, limit); });
    return out;
  }
  void scan(std::string_view kind,
            const std::function<void(const StoredItem&)>& visit) const override {
    timed([&] { inner_.scan(kind, visit); });
  }
  std::optional<CandidateRecord> candidate(std::string_view id) const override {
    std::optional<CandidateRecord> out;
    timed([&] { out = inner_.candidate(id); });
    return out;
  }
  std::int64_t candidate_count() const override { return inner_.candidate_count(); }
  bool forget(std::string_view id) override { return inner_.forget(id); }
  bool merge(std::string_view from, std::string_view into) override {
    return inner_.merge(from, into);
  }
  int schema_version() const override { return inner_.schema_version(); }
  void begin_group() override { inner_.begin_group(); }
  void commit_group() override { inner_.commit_group(); }
  std::vector<StoredItem> claim_keys(const CandidateRecord& holder,
                                     const std::vector<std::string>& keys) const override {
    std::vector<StoredItem> out;
    timed([&] { out = inner_.claim_keys(holder, keys); });
    return out;
  }

  /// Per round-trip durations and the calls since the last take (then forgotten).
  std::vector<double> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(calls_, {});
  }

 private:
  template <typename Fn>
  void timed(Fn&& fn) const {
    const auto start = Clock::now();
    fn();
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
    std::lock_guard lock(mutex_);
    calls_.push_back(us);
  }
  Store& inner_;
  mutable std::mutex mutex_;
  mutable std::vector<double> calls_;
};

std::string display(const std::string& url) { return url.substr(0, url.find('?')); }

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::vector<std::string> read_lines(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file, "", "cannot read");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(std::move(line));
  return lines;
}

// The record with its id prefixed: every run adds new candidates instead of re-screening.
std::string renamed(const std::string& line, const std::string& prefix) {
  auto json = nlohmann::json::parse(line, nullptr, false);
  if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) return line;
  json["id"] = prefix + json["id"].get<std::string>();
  return json.dump();
}

void round_trips(const BenchStoreOptions& o, const std::vector<std::string>& lines,
                 const std::string& url) {
  const app::Environment env = app::load_environment(o.environment);
  auto store = open_store(url);
  TimingStore timing(*store);
  std::vector<std::shared_ptr<PluginFactory>> enabled;
  for (auto& factory : app::make_all_plugins())
    if (app::configure_factory(*factory, env, o.environment, &timing))
      enabled.push_back(std::move(factory));
  const Pipeline pipeline(env.policy, std::move(enabled), &timing);
  auto worker = pipeline.make_worker();
  const std::string prefix = fmt::format("rt{}-", ::getpid());
  std::vector<double> per_call, per_screening;
  std::size_t n = 0;
  for (const auto& line : lines) {
    if (n++ == o.round_trip_candidates) break;
    auto json = nlohmann::json::parse(renamed(line, prefix), nullptr, false);
    if (json.is_discarded()) continue;
    try {
      worker->screen(parse_candidate(json, o.input, "."));
    } catch (const InputError&) {  // the generator's deliberately corrupt records
      timing.take();
      continue;
    }
    const auto calls = timing.take();
    double total = 0;
    for (double c : calls) total += c;
    per_call.insert(per_call.end(), calls.begin(), calls.end());
    per_screening.push_back(total);
  }
  std::cout << fmt::format(
      "store calls {}: {:.1f} per screening; one call p50 {:.0f} µs, p99 {:.0f} µs; "
      "all of one screening's p50 {:.0f} µs, p99 {:.0f} µs ({} candidates, one worker, "
      "no write group)\n",
      display(url),
      static_cast<double>(per_call.size()) / std::max<double>(1, per_screening.size()),
      percentile(per_call, 0.5), percentile(per_call, 0.99), percentile(per_screening, 0.5),
      percentile(per_screening, 0.99), per_screening.size());
}

void throughput(const BenchStoreOptions& o, const std::vector<std::string>& lines,
                const std::string& url, unsigned processes) {
  // The system's temporary folder ($TMPDIR), a fresh private folder inside it per round.
  std::string pattern =
      (std::filesystem::temp_directory_path() / "candor-bench-store-XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw Error("cannot create a folder in " + std::filesystem::temp_directory_path().string());
  const std::string folder = pattern;
  const std::string prefix = fmt::format("p{}-{}-", processes, ::getpid());
  std::vector<std::string> parts;
  for (unsigned p = 0; p < processes; ++p) {
    parts.push_back(fmt::format("{}/part{}.jsonl", folder, p));
    std::ofstream part(parts.back());
    for (std::size_t i = p; i < lines.size(); i += processes)
      part << renamed(lines[i], prefix) << "\n";
  }
  std::string options = " --store '" + url + "' -o /dev/null";
  if (o.jobs) options += " --jobs " + std::to_string(o.jobs);
  if (!o.environment.data_dir.empty()) options += " --data-dir '" + o.environment.data_dir + "'";
  if (!o.environment.policy.empty()) options += " --policy '" + o.environment.policy + "'";
  const auto start = Clock::now();
  std::vector<pid_t> children;
  for (const auto& part : parts) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      const std::string command = "exec /proc/" + std::to_string(::getppid()) + "/exe batch '" +
                                  part + "'" + options + " 2>/dev/null";
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    children.push_back(pid);
  }
  bool ok = true;
  for (const pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    ok = ok && WIFEXITED(status) && WEXITSTATUS(status) <= 2;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::filesystem::remove_all(folder);
  if (!ok) throw Error("a batch process failed (run `candor batch` on the store to see why)");
  std::cout << fmt::format(
      "batch {} on {} process(es): {} candidates in {:.1f} s, {:.0f} "
      "candidates/s\n",
      display(url), processes, lines.size(), seconds, static_cast<double>(lines.size()) / seconds);
}

}  // namespace

void add_store_bench_command(CLI::App& bench, int& exit_code) {
  auto o = std::make_shared<BenchStoreOptions>();
  auto* cmd = bench.add_subcommand(
      "store", "Batch throughput with 1, 2 … processes on one store, and store round-trips");
  cmd->add_option("input", o->input, "Candidates (JSONL, e.g. from `candor bench generate`)")
      ->required();
  cmd->add_option("--processes", o->processes, "Process counts to run (default 1,2)")
      ->delimiter(',');
  cmd->add_option("-j,--jobs", o->jobs, "Workers per process (default: all cores)");
  cmd->add_option("--round-trips", o->round_trip_candidates,
                  "Candidates screened one by one to time the store's round-trips");
  add_environment_options(*cmd, o->environment);
  cmd->callback([o, &exit_code] {
    const auto lines = read_lines(o->input);
    const std::string url = app::load_environment(o->environment).store_url;
    for (const unsigned p : o->processes) throughput(*o, lines, url, p);
    round_trips(*o, lines, url);
    exit_code = kExitClear;
  });
}

}  // namespace candor::cli
