#include "candor/candidate.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string_view>
#include <unordered_set>

#include "candidate_telemetry.hpp"
#include "candidate_values.hpp"
#include "candor/data_dir.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "json_fields.hpp"

namespace candor {

using detail::JsonFields;
using detail::known_time_zone;
using detail::valid_ip;

namespace {

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& text) {
  if (text.empty()) return {};
  std::filesystem::path p(text);
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

// Whether `path`, symlinks followed, lies in `root` (both made canonical; a missing file's
// folder still counts, so the answer says nothing about whether the file exists).
bool inside(const std::filesystem::path& root, const std::filesystem::path& path) {
  std::error_code ec;
  const auto real_root = std::filesystem::weakly_canonical(root.empty() ? "." : root, ec);
  if (ec) return false;
  const auto real = std::filesystem::weakly_canonical(path, ec);
  if (ec) return false;
  auto at = real.begin();
  for (const auto& part : real_root) {
    if (part.empty()) continue;  // a trailing separator
    if (at == real.end() || *at != part) return false;
    ++at;
  }
  return true;
}

// A path as the candidate gave it, fit for a one-line error: control bytes replaced, long text cut.
std::string shown(const std::string& given) {
  constexpr std::size_t kMax = 200;
  std::string out = given.substr(0, kMax);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return given.size() > kMax ? out + "…" : out;
}

// A referenced file must be readable now: a typo in a path is bad input, not a plugin failure.
// Errors quote the path as the candidate gave it, never the resolved host path.
std::filesystem::path readable_file(const JsonFields& f, const char* key,
                                    const std::filesystem::path& base, bool required,
                                    const FileRules& rules) {
  const std::string given = f.string(key, required);
  const std::filesystem::path path = resolve(base, given);
  if (path.empty()) return path;
  if (!rules.allow_any_path && !inside(rules.files_root.empty() ? base : rules.files_root, path))
    f.fail(f.path(key), "\"" + shown(given) + "\" is outside " +
                            (rules.files_root.empty() ? std::string("the candidate file's folder")
                                                      : "the files root") +
                            "; candor reads a candidate's files only from there (--files-root "
                            "DIR names another folder, --allow-any-path lifts the rule)");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || ::access(path.c_str(), R_OK) != 0)
    f.fail(f.path(key), "cannot read file \"" + shown(given) + "\" (a readable regular file)");
  return path;
}

// An image given inline as base64: bounded before it is decoded.
ImageBytes inline_image(const JsonFields& f, const char* key, const FileRules& rules) {
  const std::string text = f.unbounded_string(key, true);
  if (text.size() / 4 * 3 > rules.max_inline_bytes + 3)
    f.fail(f.path(key),
           "inline image larger than " + std::to_string(rules.max_inline_bytes) + " bytes");
  auto bytes = decode_base64(text);
  if (!bytes) f.fail(f.path(key), "expected base64 image bytes");
  if (bytes->empty()) f.fail(f.path(key), "inline image is empty");
  return std::make_shared<const std::string>(std::move(*bytes));
}

void refuse_path(const JsonFields& f, const char* key, const char* inline_key,
                 const FileRules& rules) {
  if (!rules.allow_paths && f.has(key))
    f.fail(f.path(key), std::string("file paths are not accepted here; send the image inline as "
                                    "base64 in \"") +
                            inline_key + "\"");
}

// A per-candidate list longer than the policy allows is refused before it is read.
void check_length(const JsonFields& f, const char* key, std::size_t max, const char* limit) {
  if (!f.has(key) || !f.json()[key].is_array() || f.json()[key].size() <= max) return;
  f.fail(f.path(key), "more than " + std::to_string(max) + " entries (limits." + limit + ")");
}

// `first` and then `rest`, without empty values and repeats, in order. A set, not a scan of the
// list: a policy may allow a million e-mails, and de-duplicating them must stay linear.
std::vector<std::string> unique_values(std::string first, std::vector<std::string> rest) {
  rest.insert(rest.begin(), std::move(first));
  std::vector<bool> keep(rest.size());
  {
    std::unordered_set<std::string_view> seen(rest.size());  // views into `rest`, moved after
    for (std::size_t i = 0; i < rest.size(); ++i)
      keep[i] = !rest[i].empty() && seen.insert(rest[i]).second;
  }
  std::vector<std::string> out;
  out.reserve(rest.size());
  for (std::size_t i = 0; i < rest.size(); ++i)
    if (keep[i]) out.push_back(std::move(rest[i]));
  return out;
}

bool valid_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  return parse_rfc3339(s + "T00:00:00Z").has_value();
}

// A time zone that the IANA database does not know is left out and named, never handed to a
// plugin: the applicant writes it, and a plugin failing on it would hide the plugin's signals.
void check_zone(const JsonFields& f, const char* key, std::string& zone,
                std::vector<std::string>& invalid) {
  if (zone.empty() || known_time_zone(zone)) return;
  invalid.push_back(f.path(key) + ": not an IANA time zone (left out)");
  zone.clear();
}

void read_claimed_location(const JsonFields& f, ClaimedLocation& out,
                           std::vector<std::string>& invalid) {
  f.expect_object();
  out.country = f.string("country");
  std::transform(out.country.begin(), out.country.end(), out.country.begin(), ::toupper);
  if (!out.country.empty() &&
      (out.country.size() != 2 || !std::isupper(static_cast<unsigned char>(out.country[0])) ||
       !std::isupper(static_cast<unsigned char>(out.country[1]))))
    f.fail(f.path("country"), "expected an ISO 3166-1 alpha-2 code such as \"US\"");
  out.region = f.string("region");
  out.city = f.string("city");
  out.timezone = f.string("timezone");
  check_zone(f, "timezone", out.timezone, invalid);
  out.latitude = f.number("latitude", -90.0, 90.0);
  out.longitude = f.number("longitude", -180.0, 180.0);
  if (out.latitude.has_value() != out.longitude.has_value())
    f.fail(f.path(out.latitude ? "longitude" : "latitude"),
           "latitude and longitude go together; one is missing");
}

void read_sessions(const JsonFields& f, std::vector<Session>& out,
                   std::vector<std::string>& invalid) {
  const auto& list = f.array("sessions");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const JsonFields s = f.element("sessions", i);
    s.expect_object();
    Session session;
    session.ip = s.string("ip");
    if (!session.ip.empty() && !valid_ip(session.ip)) {
      invalid.push_back(s.path("ip") + ": not an IP address (left out)");
      session.ip.clear();
    }
    if (const std::string at = s.string("at"); !at.empty()) {
      session.at = parse_rfc3339(at);
      if (!session.at) s.fail(s.path("at"), "expected an RFC 3339 instant, got \"" + at + "\"");
    }
    session.browser_timezone = s.string("browser_timezone");
    check_zone(s, "browser_timezone", session.browser_timezone, invalid);
    session.languages = s.strings("languages");
    session.user_agent = s.string("user_agent");
    out.push_back(std::move(session));
  }
}

void read_activity(const JsonFields& f, const std::filesystem::path& base,
                   std::optional<Activity>& out, const FileRules& rules) {
  if (!f.has("activity")) return;
  const auto& v = f.json()["activity"];
  Activity activity;
  if (v.is_array()) {
    activity.instants = f.strings("activity");
    for (std::size_t i = 0; i < activity.instants.size(); ++i)
      if (!parse_rfc3339(activity.instants[i]))
        f.fail(f.path("activity") + "/" + std::to_string(i),
               "expected an RFC 3339 instant, got \"" + activity.instants[i] + "\"");
  } else if (v.is_object()) {
    const JsonFields a = f.child("activity");
    if (!rules.allow_paths)
      a.fail(a.path("file"), "activity files are not accepted here; send the instants inline");
    activity.file = readable_file(a, "file", base, true, rules);
    activity.max_bytes = rules.limits.activity_file_bytes;
    activity.format = a.string("format");
    if (activity.format.empty()) activity.format = "lines";
    static const std::vector<std::string> kFormats = {"lines", "git",   "okta",
                                                      "csv",   "slack", "teams"};
    if (std::find(kFormats.begin(), kFormats.end(), activity.format) == kFormats.end())
      a.fail(a.path("format"), "expected one of lines, git, okta, csv, slack, teams; got \"" +
                                   activity.format + "\"");
    activity.options = v;
    activity.options.erase("file");
    activity.options.erase("format");
  } else {
    f.fail(f.path("activity"),
           std::string("expected an array of RFC 3339 instants or an object {file, format}, got ") +
               v.type_name());
  }
  out = std::move(activity);
}

}  // namespace

Candidate parse_candidate(const nlohmann::json& json, const std::string& file,
                          const std::filesystem::path& base_dir, const FileRules& rules) {
  const Limits& limits = rules.limits;
  const JsonFields f(json, file, "", limits.string_chars);
  f.expect_object();
  check_length(f, "sessions", limits.sessions, "sessions");
  check_length(f, "photos", limits.photos, "photos");
  check_length(f, "documents", limits.documents, "documents");
  for (const char* key : {"aliases", "emails", "phones", "addresses", "employers", "profiles",
                          "device_ids", "activity"})
    check_length(f, key, limits.list_items, "list_items");
  Candidate c;
  c.source_file = file;
  c.raw = json;
  if (f.has("id") && json["id"].is_number_integer())
    c.id = std::to_string(json["id"].get<long long>());
  else
    c.id = f.string("id", true);
  if (c.id.empty()) f.fail("/id", "must not be empty");
  c.name = f.string("name");
  c.aliases = f.strings("aliases");
  c.date_of_birth = f.string("date_of_birth");
  if (!c.date_of_birth.empty() && !valid_date(c.date_of_birth))
    f.fail("/date_of_birth", "expected a date YYYY-MM-DD, got \"" + c.date_of_birth + "\"");
  c.nationality = f.string("nationality");
  c.emails = unique_values(f.string("email"), f.strings("emails"));
  c.phones = unique_values(f.string("phone"), f.strings("phones"));
  if (f.has("claimed_location"))
    read_claimed_location(f.child("claimed_location"), c.claimed_location, c.invalid_fields);

  const auto& addresses = f.array("addresses");
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const JsonFields a = f.element("addresses", i);
    a.expect_object();
    c.addresses.push_back({a.string("kind"), a.string("text", true), a.string("country")});
  }
  read_sessions(f, c.sessions, c.invalid_fields);
  const auto& photos = f.array("photos");
  for (std::size_t i = 0; i < photos.size(); ++i) {
    const JsonFields p = f.element("photos", i);
    p.expect_object();
    std::string kind = p.string("kind");
    if (kind.empty()) kind = "profile";
    refuse_path(p, "path", "data", rules);
    if (p.has("data") && p.has("path"))
      p.fail(p.path("data"), "give either path or data, not both");
    if (p.has("data"))
      c.photos.push_back({{}, kind, inline_image(p, "data", rules)});
    else
      c.photos.push_back({readable_file(p, "path", base_dir, true, rules), kind, nullptr});
  }
  const auto& documents = f.array("documents");
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const JsonFields d = f.element("documents", i);
    d.expect_object();
    Document doc;
    doc.kind = d.string("kind");
    refuse_path(d, "image", "image_data", rules);
    if (d.has("image_data") && d.has("image"))
      d.fail(d.path("image_data"), "give either image or image_data, not both");
    if (d.has("image_data"))
      doc.image_data = inline_image(d, "image_data", rules);
    else
      doc.image = readable_file(d, "image", base_dir, false, rules);
    doc.mrz = d.strings("mrz");
    doc.issuing_country = d.string("issuing_country");
    doc.number = d.string("number");
    c.documents.push_back(std::move(doc));
  }
  read_activity(f, base_dir, c.activity, rules);
  if (f.has("payout")) {
    const JsonFields p = f.child("payout");
    p.expect_object();
    c.payout = {p.string("method"),       p.string("beneficiary"), p.string("bank"),
                p.string("bank_account"), p.string("wallet"),      p.string("country")};
  }
  const auto& employers = f.array("employers");
  for (std::size_t i = 0; i < employers.size(); ++i) {
    const JsonFields e = f.element("employers", i);
    e.expect_object();
    c.employers.push_back({e.string("name", true), e.string("country")});
  }
  const auto& profiles = f.array("profiles");
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    const JsonFields p = f.element("profiles", i);
    p.expect_object();
    c.profiles.push_back({p.string("site"), p.string("url")});
  }
  c.device_ids = f.strings("device_ids");
  detail::read_endpoint(f, c.endpoint);
  detail::read_idp(f, c.idp);
  return c;
}

Candidate load_candidate_file(const std::filesystem::path& path, const FileRules& rules) {
  if (const auto problem = unreadable_file(path, rules.limits.candidate_file_bytes))
    throw InputError(path.string(), "", *problem);
  nlohmann::json json;
  if (const auto bad = parse_json(read_whole_file(path), json, rules.limits.json_depth))
    throw InputError(path.string(), "byte " + std::to_string(bad->byte), bad->problem);
  // The folder as given, so paths in evidence and errors are built only from what the user passed.
  const auto folder = path.parent_path();
  return parse_candidate(json, path.string(), folder.empty() ? "." : folder, rules);
}

}  // namespace candor
