// Lever webhooks: `{"triggeredAt" (ms), "event", "signature", "token", "data"}`. Lever signs
// only token + triggeredAt (HMAC-SHA256 with the webhook's signature token), so everything in
// `data` is unsigned: routes.cpp refuses replayed tokens and stale deliveries and marks what is
// screened as unsigned. The data names the opportunity (candidate) by id.
#include "candor/error.hpp"
#include "webhooks.hpp"

namespace candor::service {

namespace {

constexpr const char* kSource = "lever webhook";

std::string candidate_id(const nlohmann::json& body) {
  if (webhook::at(body, "/data/opportunityId"))
    return "lever-" + webhook::id(body, "/data/opportunityId", kSource);
  return "lever-" + webhook::id(body, "/data/candidateId", kSource);
}

}  // namespace

WebhookAction map_lever(const nlohmann::json& body) {
  if (!body.is_object()) throw InputError(kSource, "/", "expected an object");
  WebhookAction action;
  action.event = webhook::text(body, "/event", kSource);
  if (action.event.empty()) throw InputError(kSource, "/event", "required field is missing");
  webhook::object(body, "/data", kSource);
  if (action.event == "applicationCreated" || action.event == "candidateStageChange" ||
      action.event == "candidateHired" || action.event == "candidateArchiveChange") {
    action.kind = WebhookAction::Kind::screen;
    nlohmann::json c = {{"id", candidate_id(body)}};
    // Fields a Lever integration may add to `data`; screened, but not signed.
    if (const std::string name = webhook::text(body, "/data/name", kSource); !name.empty())
      c["name"] = name;
    c["emails"] = nlohmann::json::array();
    if (const auto* e = webhook::at(body, "/data/emails"); e && e->is_array())
      for (std::size_t i = 0; i < e->size(); ++i)
        c["emails"].push_back(webhook::text(body, "/data/emails/" + std::to_string(i), kSource));
    c["phones"] = nlohmann::json::array();
    for (const auto& p : webhook::values(body, "/data/phones", kSource)) c["phones"].push_back(p);
    c["ats"] = {{"source", "lever"}, {"signed", false}};
    action.candidate = std::move(c);
  } else if (action.event == "candidateDeleted") {
    action.kind = WebhookAction::Kind::erase;
    action.candidate_id = candidate_id(body);
  }
  return action;
}

}  // namespace candor::service
