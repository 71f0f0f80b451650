#pragma once
// What an ATS webhook delivery asks for, mapped from the ATS's own payload to candor's terms.
// One small file per ATS; bad payloads are InputErrors naming the JSON pointer.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace candor::service {

/// A delivery, mapped.
struct WebhookAction {
  enum class Kind { screen, erase, merge, ping, ignore };
  Kind kind = Kind::ignore;
  std::string event;         ///< the ATS's event name
  nlohmann::json candidate;  ///< screen: `candor.candidate/v1`
  std::string candidate_id;  ///< erase, merge: the candidate that goes away
  std::string surviving_id;  ///< merge: the candidate it was merged into
};

/// Greenhouse: candidate_stage_change, application_updated, new_candidate_application,
/// delete_candidate, merge_candidate, ping.
WebhookAction map_greenhouse(const nlohmann::json& body);
/// Lever: applicationCreated, candidateStageChange, candidateHired, candidateArchiveChange,
/// candidateDeleted. Only `token` and `triggeredAt` are signed; see lever.cpp.
WebhookAction map_lever(const nlohmann::json& body);
/// Ashby: applicationSubmit, candidateStageChange, candidateHire, candidateDelete, ping.
WebhookAction map_ashby(const nlohmann::json& body);

namespace webhook {

/// The value at `pointer` (an object member path such as "/payload/application"), or null.
const nlohmann::json* at(const nlohmann::json& body, const std::string& pointer);
/// The object at `pointer`; InputError naming `source` and the pointer when missing or not one.
const nlohmann::json& object(const nlohmann::json& body, const std::string& pointer,
                             const std::string& source);
/// An id (a number or a non-empty string) at `pointer`, as text; InputError otherwise.
std::string id(const nlohmann::json& body, const std::string& pointer, const std::string& source);
/// A string at `pointer`, or empty when absent or null; InputError when another type.
std::string text(const nlohmann::json& body, const std::string& pointer, const std::string& source);
/// The `value` strings of an array of {value, type} objects at `pointer` (Greenhouse's
/// email_addresses, phone_numbers …); InputError naming the element when malformed.
std::vector<std::string> values(const nlohmann::json& body, const std::string& pointer,
                                const std::string& source, const char* key = "value");

}  // namespace webhook

}  // namespace candor::service
