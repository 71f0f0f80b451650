#include <cctype>
#include <chrono>
#include <ostream>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "candor/service/service.hpp"
#include "service_impl.hpp"

namespace candor::service {

namespace {

// When the request being answered on this thread was routed (pre-routing ran); unrouted
// answers (413 before the body was read) have no duration.
thread_local std::chrono::steady_clock::time_point t_request_start;
thread_local bool t_routed = false;

bool acceptable_request_id(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
      return false;
  return true;
}

// The route, not the path: paths carry candidate ids, which stay out of logs and metrics.
std::string route_of(const std::string& path) {
  static const std::pair<const char*, const char*> kRoutes[] = {
      {"/v1/screen", "/v1/screen"},
      {"/v1/webhooks/greenhouse", "/v1/webhooks/greenhouse"},
      {"/v1/webhooks/lever", "/v1/webhooks/lever"},
      {"/v1/webhooks/ashby", "/v1/webhooks/ashby"},
      {"/healthz", "/healthz"},
      {"/readyz", "/readyz"},
      {"/metrics", "/metrics"}};
  for (const auto& [p, route] : kRoutes)
    if (path == p) return route;
  if (path.starts_with("/v1/jobs/")) return "/v1/jobs/{id}";
  if (path.starts_with("/v1/verdicts/"))
    return path.ends_with("/report") ? "/v1/verdicts/{id}/report" : "/v1/verdicts/{id}";
  return "other";
}

}  // namespace

void send_error(httplib::Response& res, int status, const std::string& code,
                const std::string& message, const std::string& field) {
  res.status = status;
  nlohmann::json error = {{"code", code}, {"message", message}};
  error["field"] = field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field);
  res.set_content(nlohmann::json{{"error", error}}.dump(), "application/json");
}

void send_json(httplib::Response& res, int status, const nlohmann::json& json) {
  res.status = status;
  res.set_content(json.dump(), "application/json");
}

Service::Impl::Impl(const app::Screener& screener, ServiceOptions options)
    : screener_(screener),
      options_(std::move(options)),
      request_rules_{options_.max_image_bytes, options_.max_image_pixels, screener.policy().limits},
      queue_(
          screener, options_.workers, options_.queue,
          screener.store() ? screener.data_dir().root() / "serve-spool" : std::filesystem::path(),
          metrics_),
      deliveries_(100000, std::chrono::hours(24),
                  screener.store() ? screener.data_dir().root() / "serve-deliveries.journal"
                                   : std::filesystem::path()) {
  // Readiness is asked once: a plugin's check may load models.
  plugin_readiness_ = nlohmann::json::array();
  for (const auto& name : screener_.pipeline().order())
    if (PluginFactory* f = screener_.factory(name)) {
      const Readiness r = f->readiness();
      plugin_readiness_.push_back({{"plugin", name}, {"ready", r.ready}, {"detail", r.detail}});
    }
  server_.new_task_queue = [threads = options_.http_threads] {
    return new BoundedHttpPool(threads, threads * 4);
  };
  server_.set_payload_max_length(options_.max_body);
  server_.set_read_timeout(options_.read_timeout);
  server_.set_write_timeout(options_.write_timeout);
  server_.set_keep_alive_max_count(1000);
  // Headers and body go out in separate writes: with Nagle and delayed ACKs each answer on a
  // kept-alive connection would wait 40 ms.
  server_.set_tcp_nodelay(true);
  server_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    t_routed = true;
    const std::string given = req.get_header_value("X-Request-Id");
    res.set_header("X-Request-Id", acceptable_request_id(given) ? given : random_id());
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.has_header("X-Request-Id")) res.set_header("X-Request-Id", random_id());
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        switch (res.status) {
          case 413:
            send_error(res, 413, "payload_too_large", "request body over the limit");
            break;
          case 404:
            send_error(res, 404, "not_found", "no such endpoint");
            break;
          case 405:
            send_error(res, 405, "method_not_allowed", "method not allowed here");
            break;
          default:
            send_error(res, res.status, "bad_request", "the request could not be read");
        }
        return httplib::Server::HandlerResponse::Handled;
      }));
  // Counted before the response is written (the logger runs after it), so a client that reads
  // /metrics right after an answer finds that answer counted.
  server_.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    metrics_.count_request(route_of(req.path), res.status);
  });
  server_.set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) { log_request(req, res); });
  add_routes();
}

void Service::Impl::log_request(const httplib::Request& req, const httplib::Response& res) {
  const bool routed = std::exchange(t_routed, false);
  if (!options_.access_log) return;
  const std::string route = route_of(req.path);
  nlohmann::json line = {
      {"ts", format_rfc3339(std::chrono::duration_cast<std::chrono::seconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count())},
      {"request_id", res.get_header_value("X-Request-Id")},
      {"method", req.method},
      {"route", route},
      {"status", res.status},
      {"bytes_in", req.body.size()},
      {"bytes_out", res.body.size()},
      {"remote", req.remote_addr}};
  line["ms"] = routed ? nlohmann::json(std::chrono::duration<double, std::milli>(
                                           std::chrono::steady_clock::now() - t_request_start)
                                           .count())
                      : nlohmann::json(nullptr);
  const std::string text = line.dump() + "\n";
  std::lock_guard lock(log_mutex_);
  *options_.access_log << text << std::flush;
}

int Service::Impl::bind() {
  const int port = options_.port == 0
                       ? server_.bind_to_any_port(options_.host)
                       : (server_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port < 0)
    throw Error(fmt::format("serve: cannot listen on {}:{}", options_.host, options_.port));
  return port;
}

std::size_t Service::Impl::run() {
  run_started_ = true;
  queue_.recover();
  if (!stop_requested_) server_.listen_after_bind();
  listen_returned_ = true;
  // Stopped accepting; what is queued gets until the drain deadline. The store commits each
  // verdict as it is recorded, so nothing is left to commit here.
  return queue_.drain(std::chrono::steady_clock::now() + options_.drain);
}

void Service::Impl::stop() {
  stop_requested_ = true;
  // listen may not have started yet: keep asking until it has returned.
  while (run_started_ && !listen_returned_) {
    server_.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

Service::Service(const app::Screener& screener, ServiceOptions options)
    : impl_(std::make_unique<Impl>(screener, std::move(options))) {}
Service::~Service() = default;
int Service::bind() { return impl_->bind(); }
std::size_t Service::run() { return impl_->run(); }
void Service::stop() { impl_->stop(); }

}  // namespace candor::service
