// Ashby webhooks (developers.ashbyhq.com): `{"action", "data"}`; an application event's
// candidate is data.application.candidate with primaryEmailAddress / primaryPhoneNumber
// ({value, type}), emailAddresses / phoneNumbers lists and socialLinks ({type, url}).
#include "candor/error.hpp"
#include "webhooks.hpp"

namespace candor::service {

namespace {

constexpr const char* kSource = "ashby webhook";

void add_unique(nlohmann::json& list, const std::string& value) {
  if (value.empty()) return;
  for (const auto& v : list)
    if (v == value) return;
  list.push_back(value);
}

nlohmann::json candidate_of(const nlohmann::json& body) {
  const std::string c = "/data/application/candidate";
  webhook::object(body, c, kSource);
  nlohmann::json out = {{"id", "ashby-" + webhook::id(body, c + "/id", kSource)}};
  if (const std::string name = webhook::text(body, c + "/name", kSource); !name.empty())
    out["name"] = name;
  nlohmann::json emails = nlohmann::json::array(), phones = nlohmann::json::array();
  add_unique(emails, webhook::text(body, c + "/primaryEmailAddress/value", kSource));
  for (const auto& e : webhook::values(body, c + "/emailAddresses", kSource)) add_unique(emails, e);
  add_unique(phones, webhook::text(body, c + "/primaryPhoneNumber/value", kSource));
  for (const auto& p : webhook::values(body, c + "/phoneNumbers", kSource)) add_unique(phones, p);
  out["emails"] = emails;
  out["phones"] = phones;
  nlohmann::json profiles = nlohmann::json::array();
  const nlohmann::json* links = webhook::at(body, c + "/socialLinks");
  if (links && links->is_array())
    for (std::size_t i = 0; i < links->size(); ++i) {
      const std::string element = c + "/socialLinks/" + std::to_string(i);
      const std::string url = webhook::text(body, element + "/url", kSource);
      if (!url.empty())
        profiles.push_back(
            {{"site", webhook::text(body, element + "/type", kSource)}, {"url", url}});
    }
  out["profiles"] = profiles;
  out["ats"] = {{"source", "ashby"},
                {"application_id", webhook::id(body, "/data/application/id", kSource)}};
  return out;
}

}  // namespace

WebhookAction map_ashby(const nlohmann::json& body) {
  if (!body.is_object()) throw InputError(kSource, "/", "expected an object");
  WebhookAction action;
  action.event = webhook::text(body, "/action", kSource);
  if (action.event.empty()) throw InputError(kSource, "/action", "required field is missing");
  if (action.event == "ping") {
    action.kind = WebhookAction::Kind::ping;
  } else if (action.event == "applicationSubmit" || action.event == "candidateStageChange" ||
             action.event == "candidateHire" || action.event == "applicationUpdate") {
    action.kind = WebhookAction::Kind::screen;
    action.candidate = candidate_of(body);
  } else if (action.event == "candidateDelete") {
    action.kind = WebhookAction::Kind::erase;
    action.candidate_id = "ashby-" + webhook::id(body, "/data/candidate/id", kSource);
  }
  return action;
}

}  // namespace candor::service
