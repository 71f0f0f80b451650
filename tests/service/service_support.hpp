#pragma once
// A real service on 127.0.0.1 (a free port) over a fresh data directory, and a real client.
#include <httplib.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "candor/app/screener.hpp"
#include "candor/service/service.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

namespace candor::test {

inline constexpr const char* kToken = "test-token-5f2c";
inline constexpr const char* kGreenhouseSecret = "gh-secret-for-tests";
inline constexpr const char* kLeverToken = "lever-signature-token-for-tests";
inline constexpr const char* kAshbySecret = "ashby-secret-for-tests";

/// Options every test starts from: all secrets set, small limits.
inline service::ServiceOptions test_options() {
  service::ServiceOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.workers = 2;
  o.http_threads = 8;
  o.max_body = 256u << 10;
  o.tokens = service::TokenSet({kToken});
  o.greenhouse_secret = kGreenhouseSecret;
  o.lever_signature_token = kLeverToken;
  o.ashby_secret = kAshbySecret;
  return o;
}

class RunningService {
 public:
  /// A service on its own new data folder, or on `data_dir` (to start again where another
  /// stopped); `policy` names a policy file (default: the embedded policy).
  explicit RunningService(service::ServiceOptions options = test_options(),
                          const std::filesystem::path& data_dir = {},
                          const std::filesystem::path& policy = {}) {
    app::ScreenerOptions screening;
    screening.data_dir = data_dir.empty() ? data_.path().string() : data_dir.string();
    screening.policy = policy.string();
    screener_ = std::make_unique<app::Screener>(screening);
    service_ = std::make_unique<service::Service>(*screener_, std::move(options));
    port_ = service_->bind();
    thread_ = std::thread([this] { service_->run(); });
  }
  ~RunningService() {
    service_->stop();
    thread_.join();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(30, 0);
    c.set_tcp_nodelay(true);
    return c;
  }
  const app::Screener& screener() const { return *screener_; }
  const TempDir& data() const { return data_; }

 private:
  TempDir data_;
  std::unique_ptr<app::Screener> screener_;
  std::unique_ptr<service::Service> service_;
  int port_ = 0;
  std::thread thread_;
};

inline httplib::Headers bearer(const std::string& token = kToken) {
  return {{"Authorization", "Bearer " + token}};
}

inline nlohmann::json json_of(const httplib::Result& res) {
  REQUIRE(res);
  return nlohmann::json::parse(res->body);
}

/// Polls GET /v1/jobs/{id} until the job is done or failed (bounded: 30 s).
inline nlohmann::json wait_for_job(httplib::Client& client, const std::string& location) {
  for (int i = 0; i < 3000; ++i) {
    const auto res = client.Get(location.c_str(), bearer());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto job = nlohmann::json::parse(res->body);
    if (job["status"] == "done" || job["status"] == "failed") return job;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("job " << location << " did not finish in 30 s");
  return {};
}

}  // namespace candor::test
