// The endpoints. Handlers parse, check and enqueue; the queue's workers screen.
#include <chrono>
#include <cstdlib>

#include "candor/app/report.hpp"
#include "candor/error.hpp"
#include "candor/store.hpp"
#include "service_impl.hpp"

namespace candor::service {

namespace {

constexpr const char* kJson = "application/json";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void accepted(httplib::Response& res, const JobState& job) {
  res.set_header("Location", "/v1/jobs/" + job.id());
  send_json(res, 202, job.to_json());
}

void queue_full(httplib::Response& res) {
  res.set_header("Retry-After", "1");
  send_error(res, 503, "queue_full", "the screening queue is full; retry later");
}

}  // namespace

Service::Impl::Handler Service::Impl::guarded(Handler handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    try {
      handler(req, res);
    } catch (const HttpError& e) {
      if (e.status == 401) res.set_header("WWW-Authenticate", "Bearer");
      send_error(res, e.status, e.code, e.what(), e.field);
    } catch (const InputError& e) {
      send_error(res, 400, "invalid_field", e.problem(), e.field());
    } catch (const StoreError& e) {
      res.set_header("Retry-After", "5");
      send_error(res, 503, "store_unavailable", e.what());
    } catch (const std::exception& e) {
      send_error(res, 500, "internal", e.what());
    }
  };
}

void Service::Impl::require_token(const httplib::Request& req) const {
  if (!options_.tokens.accepts(req.get_header_value("Authorization")))
    throw HttpError(401, "unauthorized", "a valid bearer token is required");
}

void Service::Impl::add_routes() {
  const auto bind = [this](void (Impl::*member)(const httplib::Request&, httplib::Response&)) {
    return guarded([this, member](const httplib::Request& req, httplib::Response& res) {
      (this->*member)(req, res);
    });
  };
  server_.Post("/v1/screen", bind(&Impl::screen));
  server_.Get(R"(/v1/jobs/([0-9a-f]{1,64}))", bind(&Impl::job));
  server_.Get(R"(/v1/verdicts/([^/]{1,256})/report)", bind(&Impl::report));
  server_.Get(R"(/v1/verdicts/([^/]{1,256}))", bind(&Impl::verdict));
  server_.Post("/v1/webhooks/greenhouse", bind(&Impl::greenhouse));
  server_.Post("/v1/webhooks/lever", bind(&Impl::lever));
  server_.Post("/v1/webhooks/ashby", bind(&Impl::ashby));
  server_.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, {{"status", "ok"}});
  });
  server_.Get("/readyz", bind(&Impl::ready));
  server_.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics_.render(queue_.depth(), queue_.capacity()),
                    "text/plain; version=0.0.4");
  });
}

void Service::Impl::screen(const httplib::Request& req, httplib::Response& res) {
  require_token(req);
  const nlohmann::json json = parse_body(req.body, request_rules_.limits.json_depth);
  JobRequest request;
  request.candidate = parse_request_candidate(json, request_rules_, "request");
  // Pictures take seconds: those, and anything asked for so, are answered when queued.
  const bool async = req.get_param_value("async") == "1" || has_images(request.candidate);
  request.durable = async;
  if (async) request.candidate_json = json;
  const auto job = queue_.submit(std::move(request));
  if (!job) return queue_full(res);
  if (async) return accepted(res, *job);
  if (!job->wait_for(options_.sync_wait)) {
    // Not durably queued, so not acknowledged: the client may poll the job or retry.
    res.set_header("Location", "/v1/jobs/" + job->id());
    return send_error(res, 504, "still_screening", "the screening took too long; poll the job");
  }
  if (job->status() == JobState::Status::failed)
    return send_error(res, 500, "screening_failed", job->to_json().value("error", ""));
  res.status = 200;
  res.set_content(job->verdict_json(), kJson);
}

void Service::Impl::job(const httplib::Request& req, httplib::Response& res) {
  require_token(req);
  const auto job = queue_.find(req.matches[1]);
  if (!job) throw HttpError(404, "not_found", "no such job (finished jobs are kept for a while)");
  send_json(res, 200, job->to_json());
}

void Service::Impl::verdict(const httplib::Request& req, httplib::Response& res) {
  require_token(req);
  const Store* store = screener_.store();
  if (!store) throw HttpError(404, "not_found", "no store in this service (--no-store)");
  const auto text = latest_verdict_json(*store, std::string(req.matches[1]));
  if (!text) throw HttpError(404, "not_found", "no verdict stored for this candidate");
  res.status = 200;
  res.set_content(*text, kJson);
}

void Service::Impl::report(const httplib::Request& req, httplib::Response& res) {
  require_token(req);
  const Store* store = screener_.store();
  if (!store) throw HttpError(404, "not_found", "no store in this service (--no-store)");
  const auto text = latest_verdict_json(*store, std::string(req.matches[1]));
  if (!text) throw HttpError(404, "not_found", "no verdict stored for this candidate");
  // The service keeps no applicant files, so the page shows what the stored verdict holds.
  res.status = 200;
  res.set_content(app::render_report_page(nlohmann::json::parse(*text), nullptr,
                                          app::report_options_for(screener_)),
                  "text/html; charset=utf-8");
}

void Service::Impl::ready(const httplib::Request&, httplib::Response& res) {
  bool store_ok = true;
  std::string store_detail = "no store (--no-store)";
  if (const Store* store = screener_.store()) {
    try {
      store_detail = std::to_string(store->candidate_count()) + " candidates";
    } catch (const StoreError& e) {
      store_ok = false;
      store_detail = e.what();
    }
  }
  const std::size_t depth = queue_.depth();
  const bool queue_ok = depth < queue_.capacity();
  send_json(res, store_ok && queue_ok ? 200 : 503,
            {{"ready", store_ok && queue_ok},
             {"store", {{"ok", store_ok}, {"detail", store_detail}}},
             {"queue", {{"ok", queue_ok}, {"depth", depth}, {"capacity", queue_.capacity()}}},
             {"plugins", plugin_readiness_}});
}

bool Service::Impl::erase(const std::string& candidate_id) {
  Store* store = screener_.store();
  const bool erased = store && store->forget(candidate_id);
  for (const auto& factory : screener_.all_factories()) factory->forget(candidate_id);
  return erased;
}

bool Service::Impl::merge(const std::string& from, const std::string& into) {
  Store* store = screener_.store();
  const bool merged = store && store->merge(from, into);
  for (const auto& factory : screener_.all_factories()) factory->merge(from, into);
  return merged;
}

void Service::Impl::act(const WebhookAction& action, const std::string& source,
                        const std::string& key, bool signed_data, httplib::Response& res) {
  using Kind = WebhookAction::Kind;
  if (action.kind == Kind::ping) return send_json(res, 200, {{"ok", true}});
  if (action.kind == Kind::ignore)
    return send_json(res, 200,
                     {{"ignored", action.event}, {"reason", "not an event candor acts on"}});
  // The same delivery again: the first answer, not a second screening.
  if (const auto seen = deliveries_.find(key))
    return send_json(res, 200, {{"duplicate", true}, {"job", *seen}, {"event", action.event}});
  if (action.kind == Kind::erase) {
    const bool erased = erase(action.candidate_id);
    deliveries_.insert(key, "");
    return send_json(
        res, 200,
        {{"event", action.event}, {"candidate", action.candidate_id}, {"erased", erased}});
  }
  if (action.kind == Kind::merge) {
    // Re-keyed to the survivor: what was stored stays, under the one person it belongs to, so
    // the survivor's identifiers no longer show up as "shared" with themselves.
    const bool merged = merge(action.candidate_id, action.surviving_id);
    deliveries_.insert(key, "");
    return send_json(res, 200,
                     {{"event", action.event},
                      {"candidate", action.candidate_id},
                      {"merged_into", action.surviving_id},
                      {"merged", merged}});
  }
  JobRequest request;
  request.candidate = parse_request_candidate(action.candidate, request_rules_, source);
  request.source = source;
  request.signed_data = signed_data;
  request.durable = true;
  request.candidate_json = action.candidate;
  if (!deliveries_.insert(key, "")) {
    const auto seen = deliveries_.find(key);
    return send_json(res, 200, {{"duplicate", true}, {"job", seen.value_or("")}});
  }
  std::shared_ptr<JobState> job;
  try {
    job = queue_.submit(std::move(request));
  } catch (...) {
    deliveries_.erase(key);
    throw;
  }
  if (!job) {
    deliveries_.erase(key);  // refused, so the ATS's retry must be taken
    return queue_full(res);
  }
  deliveries_.update(key, job->id());
  accepted(res, *job);
}

void Service::Impl::greenhouse(const httplib::Request& req, httplib::Response& res) {
  if (options_.greenhouse_secret.empty())
    throw HttpError(404, "not_found", "the Greenhouse webhook is not configured");
  // Verified on the raw body before anything is parsed.
  const std::string expected = hmac_sha256_hex(options_.greenhouse_secret, req.body);
  if (!equal_in_constant_time(req.get_header_value("Signature"), "sha256 " + expected)) {
    metrics_.count_signature_failure("greenhouse");
    throw HttpError(401, "bad_signature", "the Signature header does not match the body");
  }
  const WebhookAction action =
      map_greenhouse(parse_body(req.body, request_rules_.limits.json_depth));
  std::string event_id = req.get_header_value("Greenhouse-Event-ID");
  act(action, "greenhouse", "greenhouse:" + (event_id.empty() ? expected : event_id), true, res);
}

void Service::Impl::ashby(const httplib::Request& req, httplib::Response& res) {
  if (options_.ashby_secret.empty())
    throw HttpError(404, "not_found", "the Ashby webhook is not configured");
  const std::string expected = hmac_sha256_hex(options_.ashby_secret, req.body);
  if (!equal_in_constant_time(req.get_header_value("Ashby-Signature"), "sha256=" + expected)) {
    metrics_.count_signature_failure("ashby");
    throw HttpError(401, "bad_signature", "the Ashby-Signature header does not match the body");
  }
  // Ashby sends no delivery id: the body's digest (its signature) identifies a redelivery.
  act(map_ashby(parse_body(req.body, request_rules_.limits.json_depth)), "ashby",
      "ashby:" + expected, true, res);
}

void Service::Impl::lever(const httplib::Request& req, httplib::Response& res) {
  if (options_.lever_signature_token.empty())
    throw HttpError(404, "not_found", "the Lever webhook is not configured");
  const nlohmann::json body = parse_body(req.body, request_rules_.limits.json_depth);
  if (!body.is_object()) throw HttpError(400, "invalid_field", "expected an object", "/");
  const std::string token = webhook::text(body, "/token", "lever webhook");
  const std::string signature = webhook::text(body, "/signature", "lever webhook");
  const nlohmann::json* at = webhook::at(body, "/triggeredAt");
  if (token.empty()) throw HttpError(400, "invalid_field", "required field is missing", "/token");
  if (!at || !at->is_number_integer())
    throw HttpError(400, "invalid_field", "expected a whole number of milliseconds",
                    "/triggeredAt");
  const std::int64_t triggered_at = at->get<std::int64_t>();
  // Lever signs token + triggeredAt only.
  const std::string expected =
      hmac_sha256_hex(options_.lever_signature_token, token + std::to_string(triggered_at));
  if (!equal_in_constant_time(signature, expected)) {
    metrics_.count_signature_failure("lever");
    throw HttpError(401, "bad_signature", "the signature does not match token + triggeredAt");
  }
  // The rest of the body is unsigned: a captured delivery must not be replayed with other data.
  const std::int64_t max_age = std::chrono::milliseconds(options_.lever_max_age).count();
  if (std::abs(now_ms() - triggered_at) > max_age)
    throw HttpError(401, "stale_delivery", "triggeredAt is more than five minutes away from now",
                    "/triggeredAt");
  if (deliveries_.find("lever:" + token))
    throw HttpError(409, "replayed_token", "this delivery token was seen before", "/token");
  act(map_lever(body), "lever", "lever:" + token, false, res);
}

}  // namespace candor::service
