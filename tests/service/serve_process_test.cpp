// `candor serve` as a process: it prints where it listens, logs one JSON line per request on
// stderr, and on SIGTERM stops accepting, screens what it acknowledged and exits 0.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

#include "candor/store.hpp"
#include "service_support.hpp"

using namespace candor;

namespace {

class ServeProcess {
 public:
  explicit ServeProcess(const std::filesystem::path& data_dir) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fds[1], 2);
      ::close(fds[0]);
      ::close(fds[1]);
      ::setenv("CANDOR_API_TOKEN", test::kToken, 1);
      const std::string data = data_dir.string();
      ::execl(CANDOR_CLI_PATH, "candor", "serve", "--listen", "127.0.0.1:0", "--workers", "2",
              "--drain", "20s", "--data-dir", data.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[1]);
    err_ = fds[0];
    ::fcntl(err_, F_SETFL, O_NONBLOCK);  // reads below are bounded in time, not blocking
    // The first line says where it listens (bounded: 60 s for models and store to load).
    const std::string first = read_line(60);
    const auto event = nlohmann::json::parse(first);
    REQUIRE(event["event"] == "listening");
    const std::string address = event["address"];
    port_ = std::stoi(address.substr(address.rfind(':') + 1));
  }
  ~ServeProcess() {
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (err_ >= 0) ::close(err_);
  }
  int port() const { return port_; }
  /// Sends SIGTERM and waits (bounded) for the exit status.
  int terminate() {
    REQUIRE(::kill(pid_, SIGTERM) == 0);
    for (int i = 0; i < 6000; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        waited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      ::usleep(10000);
    }
    FAIL("candor serve did not exit within 60 s of SIGTERM");
    return -1;
  }
  /// Everything left on stderr (after exit).
  std::string rest() {
    std::string out = buffer_;
    char chunk[4096];
    ssize_t n;
    while ((n = ::read(err_, chunk, sizeof chunk)) > 0) out.append(chunk, std::size_t(n));
    return out;
  }

 private:
  std::string read_line(int seconds) {
    for (int i = 0; i < seconds * 100; ++i) {
      if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
        std::string line = buffer_.substr(0, nl);
        buffer_.erase(0, nl + 1);
        return line;
      }
      char chunk[4096];
      const ssize_t n = ::read(err_, chunk, sizeof chunk);
      if (n > 0) {
        buffer_.append(chunk, std::size_t(n));
        continue;
      }
      if (n == 0) break;
      ::usleep(10000);
    }
    FAIL("candor serve printed no line; stderr so far: " << buffer_);
    return {};
  }
  pid_t pid_ = -1;
  int err_ = -1;
  int port_ = 0;
  bool waited_ = false;
  std::string buffer_;
};

}  // namespace

TEST_CASE("SIGTERM: candor serve screens every acknowledged job, then exits 0", "[service]") {
  test::TempDir data;
  std::vector<std::string> acknowledged;
  std::string log;
  {
    ServeProcess serve(data.path());
    httplib::Client client("127.0.0.1", serve.port());
    for (int i = 0; i < 40; ++i) {
      const std::string id = "drain-" + std::to_string(i);
      const auto res = client.Post("/v1/screen?async=1", test::bearer(),
                                   nlohmann::json{{"id", id}, {"name", "Drain Test"}}.dump(),
                                   "application/json");
      REQUIRE(res);
      if (res->status == 202) acknowledged.push_back(id);
    }
    REQUIRE(acknowledged.size() == 40);
    CHECK(serve.terminate() == 0);
    log = serve.rest();
  }
  // Every acknowledged job's verdict is in the store.
  const auto store = open_sqlite_store(data / "candor.db");
  for (const auto& id : acknowledged) CHECK(latest_verdict_json(*store, id));
  // The spool holds nothing left over.
  CHECK(std::filesystem::is_empty(data / "serve-spool"));
  // One JSON line per request, with its id and route, never a candidate's data.
  std::istringstream lines(log);
  std::string line;
  int requests = 0;
  bool stopped = false;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    if (j.contains("route")) {
      ++requests;
      CHECK(j["route"] == "/v1/screen");
      CHECK(j["request_id"].get<std::string>().size() == 32);
      CHECK(line.find("Drain Test") == std::string::npos);
    }
    if (j.value("event", "") == "stopped") stopped = true;
  }
  CHECK(requests == 40);
  CHECK(stopped);
}

TEST_CASE("a job left in the spool by a crash is screened at the next start", "[service]") {
  test::TempDir data;
  test::write_text(data / "serve-spool" / "0123abcd.json",
                   R"({"id":"0123abcd","source":"api","signed":true,)"
                   R"("candidate":{"id":"left-behind","name":"Spool Test"}})");
  {
    ServeProcess serve(data.path());
    httplib::Client client("127.0.0.1", serve.port());
    // Recovered jobs are queued before the first request is served: poll the job.
    nlohmann::json job;
    for (int i = 0; i < 3000; ++i) {
      const auto res = client.Get("/v1/jobs/0123abcd", test::bearer());
      REQUIRE(res);
      job = nlohmann::json::parse(res->body);
      if (job.value("status", "") == "done") break;
      ::usleep(10000);
    }
    CHECK(job["status"] == "done");
    CHECK(serve.terminate() == 0);
  }
  const auto store = open_sqlite_store(data / "candor.db");
  CHECK(latest_verdict_json(*store, "left-behind"));
  CHECK_FALSE(std::filesystem::exists(data / "serve-spool" / "0123abcd.json"));
}
