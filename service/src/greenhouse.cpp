// Greenhouse webhooks (developers.greenhouse.io/webhooks.html): `{"action", "payload"}`; the
// candidate of an application event is payload.application.candidate, with lists of
// {value, type} objects for e-mail addresses, phone numbers, addresses, websites and social
// media; deletes and merges name payload.person.
#include <algorithm>
#include <cctype>

#include "candor/error.hpp"
#include "webhooks.hpp"

namespace candor::service {

namespace {

constexpr const char* kSource = "greenhouse webhook";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Application answers that state where the candidate is: "Country", "City", "Time zone".
void claimed_location_from_answers(const nlohmann::json& body, nlohmann::json& candidate) {
  const std::string pointer = "/payload/application/answers";
  const nlohmann::json* answers = webhook::at(body, pointer);
  if (!answers || !answers->is_array()) return;
  nlohmann::json location = nlohmann::json::object();
  for (std::size_t i = 0; i < answers->size(); ++i) {
    const std::string element = pointer + "/" + std::to_string(i);
    const std::string question = lower(webhook::text(body, element + "/question", kSource));
    const std::string answer = webhook::text(body, element + "/answer", kSource);
    if (answer.empty()) continue;
    if (question.find("time zone") != std::string::npos ||
        question.find("timezone") != std::string::npos) {
      if (answer.find('/') != std::string::npos) location["timezone"] = answer;
    } else if (question.find("country") != std::string::npos) {
      if (answer.size() == 2) location["country"] = answer;
    } else if (question.find("city") != std::string::npos) {
      location["city"] = answer;
    }
  }
  if (!location.empty()) candidate["claimed_location"] = location;
}

nlohmann::json candidate_of(const nlohmann::json& body) {
  const std::string c = "/payload/application/candidate";
  webhook::object(body, c, kSource);
  nlohmann::json out = {{"id", "greenhouse-" + webhook::id(body, c + "/id", kSource)}};
  std::string name = webhook::text(body, c + "/first_name", kSource);
  const std::string last = webhook::text(body, c + "/last_name", kSource);
  if (!last.empty()) name += (name.empty() ? "" : " ") + last;
  if (!name.empty()) out["name"] = name;
  out["emails"] = webhook::values(body, c + "/email_addresses", kSource);
  out["phones"] = webhook::values(body, c + "/phone_numbers", kSource);
  nlohmann::json addresses = nlohmann::json::array();
  for (const auto& a : webhook::values(body, c + "/addresses", kSource))
    addresses.push_back({{"kind", "home"}, {"text", a}});
  out["addresses"] = addresses;
  nlohmann::json profiles = nlohmann::json::array();
  for (const auto& url : webhook::values(body, c + "/social_media_addresses", kSource))
    profiles.push_back({{"site", "social"}, {"url", url}});
  for (const auto& url : webhook::values(body, c + "/website_addresses", kSource))
    profiles.push_back({{"site", "website"}, {"url", url}});
  out["profiles"] = profiles;
  nlohmann::json employers = nlohmann::json::array();
  for (const auto& e : webhook::values(body, c + "/employments", kSource, "company_name"))
    employers.push_back({{"name", e}});
  out["employers"] = employers;
  claimed_location_from_answers(body, out);
  // Kept beside the candidate (unknown fields are ignored by screening): where the job is.
  nlohmann::json job_locations = nlohmann::json::array();
  const nlohmann::json* jobs = webhook::at(body, "/payload/application/jobs");
  if (jobs && jobs->is_array())
    for (std::size_t j = 0; j < jobs->size(); ++j)
      for (const auto& office :
           webhook::values(body, "/payload/application/jobs/" + std::to_string(j) + "/offices",
                           kSource, "location"))
        job_locations.push_back(office);
  out["ats"] = {{"source", "greenhouse"},
                {"application_id", webhook::id(body, "/payload/application/id", kSource)},
                {"job_locations", job_locations}};
  return out;
}

}  // namespace

WebhookAction map_greenhouse(const nlohmann::json& body) {
  if (!body.is_object()) throw InputError(kSource, "/", "expected an object");
  WebhookAction action;
  action.event = webhook::text(body, "/action", kSource);
  if (action.event.empty()) throw InputError(kSource, "/action", "required field is missing");
  if (action.event == "ping") {
    action.kind = WebhookAction::Kind::ping;
  } else if (action.event == "candidate_stage_change" || action.event == "application_updated" ||
             action.event == "new_candidate_application") {
    action.kind = WebhookAction::Kind::screen;
    action.candidate = candidate_of(body);
  } else if (action.event == "delete_candidate") {
    action.kind = WebhookAction::Kind::erase;
    action.candidate_id = "greenhouse-" + webhook::id(body, "/payload/person/id", kSource);
  } else if (action.event == "merge_candidate") {
    action.kind = WebhookAction::Kind::merge;
    action.candidate_id = "greenhouse-" + webhook::id(body, "/payload/person/id", kSource);
    action.surviving_id =
        "greenhouse-" + webhook::id(body, "/payload/person/new_candidate_id", kSource);
  }
  return action;
}

}  // namespace candor::service
