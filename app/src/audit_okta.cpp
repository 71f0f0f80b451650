// Okta System Log events into per-actor sign-ins.
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <tuple>

#include "candor/app/audit_telemetry.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/text/text.hpp"

namespace candor::app {

namespace {

using Element = simdjson::dom::element;
using Found = simdjson::simdjson_result<Element>;

// A string member, or empty when it is missing, null or not a string.
std::string_view text_of(Found value) {
  std::string_view text;
  return value.get_string().get(text) ? std::string_view() : text;
}

std::optional<double> number_of(Found value) {
  double number = 0;
  if (value.get_double().get(number)) return std::nullopt;
  return number;
}

// Sign-in events: the session starts and the authentications behind single sign-on.
bool is_sign_in(std::string_view type) {
  return type == "user.session.start" || type == "user.authentication.sso" ||
         type == "user.authentication.auth_via_mfa" || type == "user.authentication.verify";
}

}  // namespace

struct OktaReader::Parser {
  explicit Parser(std::size_t max_depth) {
    // Lines and pages larger than this grow the parser; the depth stays.
    if (json.allocate(1 << 16, max_depth)) throw Error("Okta reader: out of memory");
  }

  // Parses `text` into `out` (valid until the next parse).
  simdjson::error_code parse(std::string_view text, Element& out) {
    if (padded.size() < text.size() + simdjson::SIMDJSON_PADDING)
      padded.resize(text.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(padded.data(), text.data(), text.size());
    return json.parse(padded.data(), text.size(), false).get(out);
  }

  // Why `text` is not JSON, with the byte nlohmann's parser stops at (errors only).
  static JsonProblem explain(std::string_view text, simdjson::error_code error,
                             std::size_t max_depth) {
    nlohmann::json ignored;
    if (auto bad = parse_json(text, ignored, max_depth)) return *bad;
    return JsonProblem{0, simdjson::error_message(error)};
  }

  // Okta Verify's registered devices an event names (`target[]` entries of type Device:
  // enrolment, a device added to a user, a sign-in verified on it). They belong to the event's
  // User targets (a device added to a user by an administrator), else to the actor.
  static void mfa_devices_of(Element event, std::vector<std::string_view>& devices,
                             std::vector<Element>& users) {
    simdjson::dom::array targets;
    if (event["target"].get_array().get(targets)) return;
    for (Element t : targets) {
      const std::string_view type = text_of(t["type"]), id = text_of(t["id"]);
      if (id.empty()) continue;
      if (type == "Device") devices.push_back(id);
      if (type == "User") users.push_back(t);
    }
  }

  static bool add(OktaReader& reader, Element event, const std::string& file, std::size_t line,
                  TelemetryStats& stats) {
    if (!event.is_object()) {
      stats.reject(file, line, "expected a System Log event (a JSON object)");
      return false;
    }
    const std::string_view published = text_of(event["published"]);
    const auto at = parse_rfc3339(published);
    if (!at) {
      stats.reject(
          file, line,
          published.empty() ? "/published is missing" : "/published is not an RFC 3339 instant");
      return false;
    }
    const Found actor_json = event["actor"];
    std::string id(text_of(actor_json["id"]));
    const std::string alternate = text::ascii_lower(text_of(actor_json["alternateId"]));
    if (id.empty()) id = alternate;
    if (id.empty()) {
      stats.reject(file, line, "/actor/id and /actor/alternateId are missing");
      return false;
    }
    ++stats.okta_events;
    stats.newest = std::max(stats.newest, *at);
    auto& actor = reader.actors_[id];
    ++actor.events;
    reader.remember(id, {text::ascii_lower(id), alternate});
    const bool success = text_of(event["outcome"]["result"]) == "SUCCESS";
    if (success) {
      std::vector<std::string_view> devices;
      std::vector<Element> users;
      mfa_devices_of(event, devices, users);
      for (const auto device : devices) {
        if (users.empty()) {
          auto& seen = actor.mfa_devices[std::string(device)];
          seen = std::max(seen, *at);
        }
        for (const Element user : users) {
          const std::string user_id(text_of(user["id"]));
          auto& seen = reader.actors_[user_id].mfa_devices[std::string(device)];
          seen = std::max(seen, *at);
          reader.remember(user_id, {text::ascii_lower(user_id),
                                    text::ascii_lower(text_of(user["alternateId"]))});
        }
      }
    }
    if (!success || !is_sign_in(text_of(event["eventType"]))) return true;
    ++stats.okta_logins;
    Login login;
    login.at = *at;
    const Found client = event["client"];
    login.ip = text_of(client["ipAddress"]);
    const Found geo = client["geographicalContext"];
    login.country = text_of(geo["country"]);
    login.latitude = number_of(geo["geolocation"]["lat"]);
    login.longitude = number_of(geo["geolocation"]["lon"]);
    if (!login.latitude || !login.longitude) login.latitude = login.longitude = std::nullopt;
    bool proxy = false;
    login.proxy = !event["securityContext"]["isProxy"].get_bool().get(proxy) && proxy;
    const Found debug = event["debugContext"]["debugData"];
    login.device_hash = text_of(debug["dtHash"]);
    login.new_device = text_of(debug["behaviors"]).find("New Device=POSITIVE") != std::string::npos;
    actor.logins.push_back(std::move(login));
    return true;
  }

  simdjson::dom::parser json;
  std::vector<char> padded;  // the text, then SIMDJSON_PADDING bytes simdjson may read
};

OktaReader::OktaReader(const Limits& limits)
    : limits_(limits), parser_(std::make_unique<Parser>(limits.json_depth)) {}
OktaReader::~OktaReader() = default;
OktaReader::OktaReader(OktaReader&&) noexcept = default;
OktaReader& OktaReader::operator=(OktaReader&&) noexcept = default;

bool OktaReader::add_event(std::string_view json, const std::string& file, std::size_t line,
                           TelemetryStats& stats) {
  Element event;
  if (const auto error = parser_->parse(json, event)) {
    const auto bad = Parser::explain(json, error, limits_.json_depth);
    stats.reject(file, line, bad.problem + " at byte " + std::to_string(bad.byte));
    return false;
  }
  return Parser::add(*this, event, file, line, stats);
}

void TelemetryStats::reject(std::string file, std::size_t line, std::string problem) {
  ++malformed;
  if (malformed_lines.size() < 100)
    malformed_lines.push_back({std::move(file), line, std::move(problem)});
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
    add_event(line, file, n, stats);
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
    Element page;
    simdjson::dom::array events;
    if (const auto error = parser_->parse(text, page)) {
      const auto bad = Parser::explain(text, error, limits_.json_depth);
      const auto line =
          1 + std::count(text.begin(), text.begin() + std::min(bad.byte, text.size()), '\n');
      stats.reject(file.string(), static_cast<std::size_t>(line), bad.problem);
      continue;
    }
    if (page.get_array().get(events)) {
      stats.reject(file.string(), 1, "expected a JSON array of System Log events");
      continue;
    }
    std::size_t i = 0;
    for (const Element event : events)
      Parser::add(*this, event, file.string() + " event " + std::to_string(i++), 0, stats);
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
    // Sign-ins are most of the memory: moved whole, or appended and freed at once, so a month of
    // a large company's log is never held twice.
    if (mine.logins.empty()) {
      mine.logins = std::move(t.logins);
    } else {
      mine.logins.reserve(mine.logins.size() + t.logins.size());
      std::move(t.logins.begin(), t.logins.end(), std::back_inserter(mine.logins));
      std::vector<Login>().swap(t.logins);
    }
    for (auto& name : t.names)
      if (names_.emplace(name, id).second) mine.names.push_back(std::move(name));
  }
  other.actors_.clear();
  other.names_.clear();
}

std::optional<std::string> OktaReader::actor_of(const std::string& name) const {
  const auto it = names_.find(text::ascii_lower(text::trim(name)));
  if (it == names_.end()) return std::nullopt;
  return it->second;
}

}  // namespace candor::app
