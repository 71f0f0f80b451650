// Crash safety, proven: `candor batch` on 200,000 records killed with SIGKILL at a random point
// (several seeds) leaves a consistent store holding every verdict it wrote, and a re-run
// completes with the same counts per band as a run never interrupted.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "candor/store.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

extern char** environ;

using namespace candor::test;

namespace {

constexpr int kRecords = 200'000;

// Every run uses a data directory of its own (the same empty defaults for all), so the killed
// runs' stores start empty. Generated applicants without phones: the other identifiers are unique,
// so every verdict is independent of who was screened before and a run without the store is the
// reference.
std::filesystem::path write_records(const std::filesystem::path& dir) {
  const auto generated = dir / "generated.jsonl";
  const auto r = run_cli("bench generate -n " + std::to_string(kRecords) + " --corrupt 0 -o '" +
                         generated.string() + "'");
  REQUIRE(r.exit_code == 0);
  const auto records = dir / "records.jsonl";
  std::ifstream in(generated);
  std::ofstream out(records);
  for (std::string line; std::getline(in, line);) {
    auto json = nlohmann::json::parse(line);
    json.erase("phone");
    out << json.dump() << '\n';
  }
  return records;
}

std::map<std::string, int> bands_in_output(const std::filesystem::path& verdicts,
                                           std::map<std::string, std::string>* by_id = nullptr) {
  std::map<std::string, int> counts;
  std::ifstream in(verdicts);
  for (std::string line; std::getline(in, line);) {
    // The line being written when the process died may be cut short.
    const auto json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.contains("band")) continue;
    ++counts[json["band"].get<std::string>()];
    if (by_id) (*by_id)[json["candidate"].get<std::string>()] = json["band"].get<std::string>();
  }
  return counts;
}

pid_t start_batch(const std::filesystem::path& records, const std::filesystem::path& out,
                  const std::filesystem::path& data_dir) {
  const std::vector<std::string> args = {CANDOR_CLI_PATH, "batch",      records.string(), "-o",
                                         out.string(),    "--data-dir", data_dir.string()};
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int failed = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  REQUIRE(failed == 0);
  return pid;
}

std::string integrity_check(const std::filesystem::path& db) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, nullptr);
  std::string result = "no answer";
  if (sqlite3_step(statement) == SQLITE_ROW)
    result = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return result;
}

}  // namespace

TEST_CASE("a batch killed with SIGKILL loses no written verdict and a re-run completes",
          "[cli][slow]") {
  TempDir dir;
  const auto records = write_records(dir.path());
  const auto reference_out = dir / "reference.jsonl";
  const auto reference =
      run_cli("batch '" + records.string() + "' -o '" + reference_out.string() +
              "' --no-store --data-dir '" + (dir / "data-reference").string() + "'");
  REQUIRE(reference.exit_code <= 1);
  const auto expected = bands_in_output(reference_out);
  REQUIRE(expected.at("clear") > kRecords / 2);

  for (const unsigned seed : {1u, 2u, 3u}) {
    INFO("seed " << seed);
    const auto data_dir = dir / ("data-" + std::to_string(seed));
    const auto killed_out = dir / ("killed-" + std::to_string(seed) + ".jsonl");
    std::mt19937 random(seed);
    const auto delay =
        std::chrono::milliseconds(std::uniform_int_distribution<int>(300, 2500)(random));
    const pid_t pid = start_batch(records, killed_out, data_dir);
    std::this_thread::sleep_for(delay);
    REQUIRE(::kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));  // it was killed mid-run, not finished before the kill

    const auto db = data_dir / "candor.db";
    CHECK(integrity_check(db) == "ok");
    std::map<std::string, std::string> written;
    bands_in_output(killed_out, &written);
    {
      const auto store = candor::open_sqlite_store(db);
      std::size_t missing = 0;
      for (const auto& [id, band] : written) {
        const auto record = store->candidate(id);
        if (!record || record->band != band) ++missing;
      }
      CHECK(missing == 0);
      CHECK(store->candidate_count() >= static_cast<std::int64_t>(written.size()));
    }

    const auto rerun_out = dir / ("rerun-" + std::to_string(seed) + ".jsonl");
    const auto rerun = run_cli("batch '" + records.string() + "' -o '" + rerun_out.string() +
                               "' --data-dir '" + data_dir.string() + "'");
    REQUIRE(rerun.exit_code <= 1);
    CHECK(bands_in_output(rerun_out) == expected);
    CHECK(candor::open_sqlite_store(db)->candidate_count() == kRecords);
    CHECK(integrity_check(db) == "ok");
  }
}
