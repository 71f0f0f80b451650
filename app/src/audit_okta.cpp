// Okta System Log events into per-actor sign-ins.
#include <algorithm>
#include <fstream>
#include <limits>
#include <tuple>

#include "candor/app/audit_telemetry.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/text/text.hpp"

namespace candor::app {

namespace {

// Longest line or array file read; a System Log event is a few KiB.

const nlohmann::json* at_path(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  const nlohmann::json* cur = &j;
  for (const char* k : keys) {
    if (!cur->is_object()) return nullptr;
    const auto it = cur->find(k);
    if (it == cur->end() || it->is_null()) return nullptr;
    cur = &*it;
  }
  return cur;
}

std::string text_at(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  const auto* v = at_path(j, keys);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::optional<double> number_at(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  const auto* v = at_path(j, keys);
  if (!v) return std::nullopt;
  if (v->is_number()) return v->get<double>();
  return std::nullopt;
}

// Sign-in events: the session starts and the authentications behind single sign-on.
bool is_sign_in(const std::string& type) {
  return type == "user.session.start" || type == "user.authentication.sso" ||
         type == "user.authentication.auth_via_mfa" || type == "user.authentication.verify";
}

// Okta Verify's registered devices an event names (`target[]` entries of type Device: enrolment,
// a device added to a user, a sign-in verified on it). They belong to the event's User targets
// (a device added to a user by an administrator), else to the actor.
void mfa_devices_of(const nlohmann::json& event, std::vector<std::string>& devices,
                    std::vector<const nlohmann::json*>& users) {
  const auto targets = event.find("target");
  if (targets == event.end() || !targets->is_array()) return;
  for (const auto& t : *targets) {
    if (!t.is_object()) continue;
    const std::string type = text_at(t, {"type"}), id = text_at(t, {"id"});
    if (id.empty()) continue;
    if (type == "Device") devices.push_back(id);
    if (type == "User") users.push_back(&t);
  }
}

}  // namespace

void TelemetryStats::reject(std::string file, std::size_t line, std::string problem) {
  ++malformed;
  if (malformed_lines.size() < 100)
    malformed_lines.push_back({std::move(file), line, std::move(problem)});
}

bool OktaReader::add_event(const nlohmann::json& event, const std::string& file, std::size_t line,
                           TelemetryStats& stats) {
  if (!event.is_object()) {
    stats.reject(file, line, "expected a System Log event (a JSON object)");
    return false;
  }
  const std::string published = text_at(event, {"published"});
  const auto at = parse_rfc3339(published);
  if (!at) {
    stats.reject(
        file, line,
        published.empty() ? "/published is missing" : "/published is not an RFC 3339 instant");
    return false;
  }
  std::string id = text_at(event, {"actor", "id"});
  const std::string alternate = text::ascii_lower(text_at(event, {"actor", "alternateId"}));
  if (id.empty()) id = alternate;
  if (id.empty()) {
    stats.reject(file, line, "/actor/id and /actor/alternateId are missing");
    return false;
  }
  ++stats.okta_events;
  stats.newest = std::max(stats.newest, *at);
  auto& actor = actors_[id];
  ++actor.events;
  remember(id, {text::ascii_lower(id), alternate});
  const bool success = text_at(event, {"outcome", "result"}) == "SUCCESS";
  std::vector<std::string> devices;
  std::vector<const nlohmann::json*> users;
  if (success) mfa_devices_of(event, devices, users);
  for (const auto& device : devices) {
    if (users.empty()) {
      auto& seen = actor.mfa_devices[device];
      seen = std::max(seen, *at);
    }
    for (const auto* user : users) {
      const std::string user_id = text_at(*user, {"id"});
      auto& seen = actors_[user_id].mfa_devices[device];
      seen = std::max(seen, *at);
      remember(user_id,
               {text::ascii_lower(user_id), text::ascii_lower(text_at(*user, {"alternateId"}))});
    }
  }
  if (!success || !is_sign_in(text_at(event, {"eventType"}))) return true;
  ++stats.okta_logins;
  Login login;
  login.at = *at;
  login.ip = text_at(event, {"client", "ipAddress"});
  login.country = text_at(event, {"client", "geographicalContext", "country"});
  login.latitude = number_at(event, {"client", "geographicalContext", "geolocation", "lat"});
  login.longitude = number_at(event, {"client", "geographicalContext", "geolocation", "lon"});
  if (!login.latitude || !login.longitude) login.latitude = login.longitude = std::nullopt;
  const auto* proxy = at_path(event, {"securityContext", "isProxy"});
  login.proxy = proxy && proxy->is_boolean() && proxy->get<bool>();
  login.device_hash = text_at(event, {"debugContext", "debugData", "dtHash"});
  login.new_device =
      text_at(event, {"debugContext", "debugData", "behaviors"}).find("New Device=POSITIVE") !=
      std::string::npos;
  actor.logins.push_back(std::move(login));
  return true;
}

void OktaReader::remember(const std::string& id, std::initializer_list<std::string> names) {
  auto& actor = actors_[id];
  for (const std::string& name : names) {
    if (name.empty() || names_.count(name)) continue;
    names_.emplace(name, id);
    actor.names.push_back(name);
  }
}

std::size_t OktaReader::read_lines(std::istream& in, const std::string& file, std::uint64_t bytes,
                                   TelemetryStats& stats) {
  std::string line;
  std::size_t n = 0;
  std::uint64_t consumed = 0;
  nlohmann::json event;
  while (consumed < bytes && std::getline(in, line)) {
    ++n;
    consumed += line.size() + 1;
    if (line.size() > limits_.log_line_bytes) {
      stats.reject(file, n,
                   "line longer than " + std::to_string(limits_.log_line_bytes) +
                       " bytes (limits.log_line_bytes)");
      continue;
    }
    if (text::trim(line).empty()) continue;
    if (const auto bad = parse_json(line, event)) {
      stats.reject(file, n, bad->problem + " at byte " + std::to_string(bad->byte));
      continue;
    }
    add_event(event, file, n, stats);
  }
  return n;
}

bool OktaReader::is_array_page(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), "", "cannot open Okta log");
  char first = 0;
  while (in.get(first) && std::isspace(static_cast<unsigned char>(first))) {
  }
  return first == '[';
}

std::size_t OktaReader::read_range(const std::filesystem::path& file, std::uint64_t begin,
                                   std::uint64_t end, TelemetryStats& stats) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), "", "cannot open Okta log");
  if (begin > 0) {
    // The line that straddles `begin` belongs to the range before: start after its end.
    in.seekg(static_cast<std::streamoff>(begin - 1));
    std::string partial;
    std::getline(in, partial);
    begin += partial.size();
    if (!in || begin >= end) return 0;
  }
  return read_lines(in, file.string(), end - begin, stats);
}

void OktaReader::read(const std::filesystem::path& path, TelemetryStats& stats) {
  for (const auto& file : files_of(path)) {
    // A `/api/v1/logs` page is one JSON array; anything else is one event per line.
    if (!is_array_page(file)) {
      read_range(file, 0, std::numeric_limits<std::uint64_t>::max(), stats);
      continue;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError(file.string(), "", "cannot open Okta log");
    if (const auto problem = unreadable_file(file, limits_.log_file_bytes))
      throw InputError(file.string(), "", *problem);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    nlohmann::json events;
    if (const auto bad = parse_json(text, events)) {
      const auto line =
          1 + std::count(text.begin(), text.begin() + std::min(bad->byte, text.size()), '\n');
      stats.reject(file.string(), static_cast<std::size_t>(line), bad->problem);
      continue;
    }
    for (std::size_t i = 0; i < events.size(); ++i)
      add_event(events[i], file.string() + " event " + std::to_string(i), 0, stats);
  }
}

void TelemetryStats::merge(TelemetryStats&& o) {
  okta_events += o.okta_events;
  okta_logins += o.okta_logins;
  osquery_rows += o.osquery_rows;
  malformed += o.malformed;
  newest = std::max(newest, o.newest);
  for (auto& m : o.malformed_lines)
    if (malformed_lines.size() < 100) malformed_lines.push_back(std::move(m));
  std::sort(malformed_lines.begin(), malformed_lines.end(), [](const auto& a, const auto& b) {
    return std::tie(a.file, a.line) < std::tie(b.file, b.line);
  });
}

void OktaReader::merge(OktaReader&& other) {
  for (auto& [id, t] : other.actors_) {
    auto& mine = actors_[id];
    mine.events += t.events;
    for (const auto& [device, seen] : t.mfa_devices)
      mine.mfa_devices[device] = std::max(mine.mfa_devices[device], seen);
    for (auto& l : t.logins) mine.logins.push_back(std::move(l));
    for (auto& name : t.names)
      if (names_.emplace(name, id).second) mine.names.push_back(std::move(name));
  }
}

std::optional<std::string> OktaReader::actor_of(const std::string& name) const {
  const auto it = names_.find(text::ascii_lower(text::trim(name)));
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

}  // namespace candor::app
