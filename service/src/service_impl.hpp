#pragma once
// The service's parts, shared by service.cpp (life cycle, logging, metrics) and routes.cpp
// (the endpoints).
#include <atomic>
#include <functional>
#include <mutex>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "candor/service/service.hpp"
#include "http_pool.hpp"
#include "job_queue.hpp"
#include "metrics.hpp"
#include "recent_events.hpp"
#include "screen_request.hpp"
#include "webhooks.hpp"

namespace candor::service {

class Service::Impl {
 public:
  Impl(const app::Screener& screener, ServiceOptions options);
  int bind();
  std::size_t run();
  void stop();

 private:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  // Runs `handler`, turning HttpError, InputError, StoreError and anything else into the
  // JSON error answer: the one catch of a request.
  Handler guarded(Handler handler);
  void add_routes();
  void log_request(const httplib::Request& req, const httplib::Response& res);
  void require_token(const httplib::Request& req) const;

  void screen(const httplib::Request& req, httplib::Response& res);
  void job(const httplib::Request& req, httplib::Response& res);
  void verdict(const httplib::Request& req, httplib::Response& res);
  void report(const httplib::Request& req, httplib::Response& res);
  void greenhouse(const httplib::Request& req, httplib::Response& res);
  void lever(const httplib::Request& req, httplib::Response& res);
  void ashby(const httplib::Request& req, httplib::Response& res);
  void ready(const httplib::Request& req, httplib::Response& res);
  // A mapped webhook delivery: screened (queued), erased, merged, pinged or ignored.
  void act(const WebhookAction& action, const std::string& source, const std::string& key,
           bool signed_data, httplib::Response& res);
  // Erases a candidate from the store and from every plugin's memory.
  bool erase(const std::string& candidate_id);
  bool merge(const std::string& from, const std::string& into);

  const app::Screener& screener_;
  ServiceOptions options_;
  RequestRules request_rules_;
  Metrics metrics_;
  JobQueue queue_;
  RecentEvents deliveries_;
  nlohmann::json plugin_readiness_;
  httplib::Server server_;
  std::mutex log_mutex_;
  std::atomic<bool> run_started_{false}, stop_requested_{false}, listen_returned_{false};
};

/// Writes `{"error": {"code", "message", "field"}}` with `status`.
void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message, const std::string& field = {});
/// Writes `json` with `status`.
void send_json(httplib::Response& res, int status, const nlohmann::json& json);

}  // namespace candor::service
