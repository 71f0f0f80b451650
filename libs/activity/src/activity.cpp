#include "candor/activity/activity.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "candor/csv.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/text/text.hpp"

namespace candor::activity {
namespace {

using text::ascii_lower;
using text::trim;

constexpr std::size_t kMaxWarnings = 10;

// An option that is a string or an array of strings; lower-cased for matching.
std::vector<std::string> string_list(const nlohmann::json& options, const std::string& key,
                                     const std::string& source_file) {
  std::vector<std::string> out;
  if (!options.contains(key)) return out;
  const auto& v = options[key];
  if (v.is_string()) {
    out.push_back(ascii_lower(v.get<std::string>()));
  } else if (v.is_array()) {
    for (const auto& item : v) {
      if (!item.is_string())
        throw InputError(source_file, "/activity/" + key, "expected a string or strings");
      out.push_back(ascii_lower(item.get<std::string>()));
    }
  } else {
    throw InputError(source_file, "/activity/" + key,
                     std::string("expected a string or an array of strings, got ") + v.type_name());
  }
  return out;
}

void check_options(const nlohmann::json& options, const std::string& format,
                   const std::vector<std::string>& known, const std::string& source_file) {
  if (options.is_null()) return;
  if (!options.is_object())
    throw InputError(source_file, "/activity", "expected an object {file, format, options}");
  for (const auto& [key, value] : options.items()) {
    (void)value;
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string expected;
      for (const auto& k : known) expected += (expected.empty() ? "" : ", ") + k;
      throw InputError(source_file, "/activity/" + key,
                       "unknown option for format " + format + " (expected " +
                           (expected.empty() ? std::string("none") : expected) + ")");
    }
  }
}

bool matches(const std::vector<std::string>& wanted, const std::string& value) {
  if (wanted.empty()) return true;
  const std::string v = ascii_lower(value);
  return std::find(wanted.begin(), wanted.end(), v) != wanted.end();
}

std::string where(const std::filesystem::path& file, std::size_t line) {
  return file.filename().string() + ":" + std::to_string(line);
}

void read_lines(std::istream& in, const std::filesystem::path& file, ParsedActivity& out) {
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const auto text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    if (auto instant = parse_timestamp(text))
      out.events.push_back(*instant);
    else
      // Named, never quoted: a file that is not what it should be must not leak into evidence.
      out.warn(where(file, n), "not an RFC 3339 instant or epoch seconds");
  }
}

// `%an|%aI` or `%aI`; the author may itself contain '|', so the date is after the last one.
bool parse_git_line(std::string_view text, AuthoredInstant& out) {
  const auto bar = text.rfind('|');
  const auto date = bar == std::string_view::npos ? text : text.substr(bar + 1);
  auto instant = parse_rfc3339_instant(date);
  if (!instant) return false;
  out.author =
      bar == std::string_view::npos ? std::string() : std::string(trim(text.substr(0, bar)));
  out.instant = *instant;
  return true;
}

void read_git(std::istream& in, const std::filesystem::path& file,
              const std::vector<std::string>& authors, ParsedActivity& out) {
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const auto text = trim(line);
    if (text.empty()) continue;
    AuthoredInstant event;
    if (!parse_git_line(text, event)) {
      out.warn(where(file, n), "expected \"author|ISO 8601 date\" (git log --format='%an|%aI')");
      continue;
    }
    if (!authors.empty() && !matches(authors, event.author)) {
      ++out.other_authors;
      continue;
    }
    out.events.push_back(event.instant);
  }
}

void read_okta_event(const nlohmann::json& event, const std::string& place,
                     const std::vector<std::string>& actors, ParsedActivity& out) {
  if (!event.is_object() || !event.contains("published") || !event["published"].is_string()) {
    out.warn(place, "expected an Okta System Log event with a string \"published\"");
    return;
  }
  const auto instant = parse_rfc3339_instant(event["published"].get<std::string>());
  if (!instant) {
    out.warn(place, "\"published\" is not an RFC 3339 instant");
    return;
  }
  if (!actors.empty()) {
    bool hit = false;
    if (event.contains("actor") && event["actor"].is_object())
      for (const char* key : {"alternateId", "displayName", "id"}) {
        const auto& actor = event["actor"];
        if (actor.contains(key) && actor[key].is_string() &&
            matches(actors, actor[key].get<std::string>()))
          hit = true;
      }
    if (!hit) {
      ++out.other_authors;
      return;
    }
  }
  out.events.push_back(*instant);
}

// An Okta export is a JSON array (the System Log API's page) or one event per line.
void read_okta(std::istream& in, const std::filesystem::path& file,
               const std::vector<std::string>& actors, const std::string& source_file,
               ParsedActivity& out) {
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '[') {
    nlohmann::json events;
    if (const auto bad = parse_json(text, events))
      throw InputError(source_file, "/activity/file",
                       file.filename().string() + " is not Okta System Log JSON: " + bad->problem +
                           " at byte " + std::to_string(bad->byte));
    for (std::size_t i = 0; i < events.size(); ++i)
      read_okta_event(events[i], file.filename().string() + ": event " + std::to_string(i), actors,
                      out);
    return;
  }
  std::istringstream lines(text);
  std::string line;
  for (std::size_t n = 1; std::getline(lines, line); ++n) {
    if (trim(line).empty()) continue;
    nlohmann::json event;
    if (parse_json(line, event)) {
      out.warn(where(file, n), "not a JSON object");
      continue;
    }
    read_okta_event(event, where(file, n), actors, out);
  }
}

// One message of a Slack export (`ts` epoch seconds as a string; `user`, `user_name`,
// `user_profile.real_name` / `display_name`) or of a Teams export (`createdDateTime` RFC 3339;
// `from.user.displayName` / `id`).
void read_chat_message(const nlohmann::json& m, const std::string& place, bool slack,
                       const std::vector<std::string>& users, ParsedActivity& out) {
  const char* key = slack ? "ts" : "createdDateTime";
  if (!m.is_object() || !m.contains(key) || !m[key].is_string()) {
    out.warn(place, std::string("expected a message with a string \"") + key + "\"");
    return;
  }
  const auto instant = slack ? parse_timestamp(m[key].get<std::string>())
                             : parse_rfc3339_instant(m[key].get<std::string>());
  if (!instant) {
    out.warn(place, std::string("\"") + key + "\" is not " +
                        (slack ? "epoch seconds" : "an RFC 3339 instant"));
    return;
  }
  if (!users.empty()) {
    std::vector<const nlohmann::json*> names;
    auto add = [&](const nlohmann::json& object, const char* name) {
      if (object.is_object() && object.contains(name) && object[name].is_string())
        names.push_back(&object[name]);
    };
    if (slack) {
      add(m, "user");
      add(m, "user_name");
      if (m.contains("user_profile")) {
        add(m["user_profile"], "real_name");
        add(m["user_profile"], "display_name");
      }
    } else if (m.contains("from") && m["from"].is_object() && m["from"].contains("user")) {
      add(m["from"]["user"], "displayName");
      add(m["from"]["user"], "id");
    }
    const bool hit = std::any_of(names.begin(), names.end(), [&](const nlohmann::json* n) {
      return matches(users, n->get<std::string>());
    });
    if (!hit) {
      ++out.other_authors;
      return;
    }
  }
  out.events.push_back(*instant);
}

// A Slack channel export is a JSON array of messages; a Teams (Graph) export an array or an
// object whose "value" is one.
void read_chat(std::istream& in, const std::filesystem::path& file, bool slack,
               const std::vector<std::string>& users, const std::string& source_file,
               ParsedActivity& out) {
  std::stringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json doc;
  const char* what = slack ? "a Slack export" : "a Teams export";
  if (const auto bad = parse_json(buffer.str(), doc))
    throw InputError(source_file, "/activity/file",
                     file.filename().string() + " is not " + what + ": " + bad->problem +
                         " at byte " + std::to_string(bad->byte));
  if (!slack && doc.is_object() && doc.contains("value")) doc = std::move(doc["value"]);
  if (!doc.is_array())
    throw InputError(source_file, "/activity/file",
                     file.filename().string() + " is not " + what +
                         ": expected an array of "
                         "messages");
  for (std::size_t i = 0; i < doc.size(); ++i)
    read_chat_message(doc[i], file.filename().string() + ": message " + std::to_string(i), slack,
                      users, out);
}

void read_csv(std::istream& in, const std::filesystem::path& file, const std::string& column,
              const std::string& user_column, const std::vector<std::string>& users,
              const std::string& source_file, ParsedActivity& out) {
  CsvReader reader(in);
  std::vector<std::string> fields;
  try {
    if (!reader.next(fields))
      throw InputError(source_file, "/activity/file", file.filename().string() + " is empty");
    const auto it = std::find(fields.begin(), fields.end(), column);
    if (it == fields.end())
      throw InputError(source_file, "/activity/column",
                       file.filename().string() + " has no column \"" + column + "\"");
    const auto index = static_cast<std::size_t>(it - fields.begin());
    std::size_t user_index = 0;
    if (!users.empty()) {
      const auto u = std::find(fields.begin(), fields.end(), user_column);
      if (u == fields.end())
        throw InputError(source_file, "/activity/user_column",
                         file.string() + " has no column \"" + user_column + "\"");
      user_index = static_cast<std::size_t>(u - fields.begin());
    }
    while (reader.next(fields)) {
      if (fields.size() == 1 && trim(fields[0]).empty()) continue;
      if (index >= fields.size()) {
        out.warn(where(file, reader.line()), "row has no \"" + column + "\" cell");
        continue;
      }
      if (!users.empty()) {
        if (user_index >= fields.size()) {
          out.warn(where(file, reader.line()), "row has no \"" + user_column + "\" cell");
          continue;
        }
        if (!matches(users, fields[user_index])) {
          ++out.other_authors;
          continue;
        }
      }
      if (auto instant = parse_timestamp(fields[index]))
        out.events.push_back(*instant);
      else
        out.warn(where(file, reader.line()), "\"" + column + "\" is not RFC 3339 or epoch seconds");
    }
  } catch (const InputError&) {
    throw;
  } catch (const Error& e) {
    // An unclosed quote swallows the rest of the file: that is a corrupt file, not one bad row.
    throw InputError(source_file, "/activity/file", file.filename().string() + ": " + e.what());
  }
}

}  // namespace

void ParsedActivity::warn(const std::string& place, const std::string& problem) {
  ++malformed;
  if (warnings.size() < kMaxWarnings) warnings.push_back(place + ": " + problem);
}

ParsedActivity parse_activity_text(std::string_view text, const std::string& format,
                                   const nlohmann::json& options, const std::filesystem::path& name,
                                   const std::string& source_file) {
  ParsedActivity out;
  std::istringstream in{std::string(text)};
  if (format == "lines" || format.empty()) {
    check_options(options, "lines", {}, source_file);
    read_lines(in, name, out);
  } else if (format == "git") {
    check_options(options, "git", {"author"}, source_file);
    read_git(in, name, string_list(options, "author", source_file), out);
  } else if (format == "okta") {
    check_options(options, "okta", {"actor"}, source_file);
    read_okta(in, name, string_list(options, "actor", source_file), source_file, out);
  } else if (format == "csv") {
    check_options(options, "csv", {"column", "user_column", "user"}, source_file);
    auto name_option = [&](const char* key, const char* fallback) {
      if (!options.is_object() || !options.contains(key)) return std::string(fallback);
      if (!options[key].is_string())
        throw InputError(source_file, std::string("/activity/") + key, "expected a column name");
      return options[key].get<std::string>();
    };
    read_csv(in, name, name_option("column", "timestamp"), name_option("user_column", "user"),
             string_list(options, "user", source_file), source_file, out);
  } else if (format == "slack" || format == "teams") {
    check_options(options, format, {"user"}, source_file);
    read_chat(in, name, format == "slack", string_list(options, "user", source_file), source_file,
              out);
  } else {
    throw InputError(source_file, "/activity/format",
                     "expected one of lines, git, okta, csv, slack, teams; got \"" + format + "\"");
  }
  return out;
}

ParsedActivity read_activity_file(const std::filesystem::path& file, const std::string& format,
                                  const nlohmann::json& options, const std::string& source_file,
                                  std::uintmax_t max_bytes) {
  // Checked before opening: a FIFO, a device or a huge file must not hang or exhaust memory, and
  // the error names the file without quoting what is in it.
  if (const auto problem = unreadable_file(file, max_bytes))
    throw InputError(source_file, "/activity/file",
                     "activity file " + file.filename().string() + ": " + *problem);
  return parse_activity_text(read_whole_file(file), format, options, file, source_file);
}

ParsedActivity candidate_activity(const Candidate& candidate) {
  ParsedActivity out;
  if (candidate.activity) {
    const Activity& a = *candidate.activity;
    if (!a.file.empty()) {
      out = read_activity_file(a.file, a.format, a.options, candidate.source_file, a.max_bytes);
    } else {
      for (std::size_t i = 0; i < a.instants.size(); ++i) {
        if (auto instant = parse_rfc3339_instant(a.instants[i]))
          out.events.push_back(*instant);
        else
          out.warn("/activity/" + std::to_string(i), "not an RFC 3339 instant");
      }
    }
  }
  for (const auto& session : candidate.sessions)
    if (session.at) out.events.push_back(Instant{*session.at, std::nullopt});
  return out;
}

std::vector<AuthoredInstant> read_git_log(const std::filesystem::path& file,
                                          ParsedActivity& warnings) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), "", "cannot read git log");
  std::vector<AuthoredInstant> out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const auto text = trim(line);
    if (text.empty()) continue;
    AuthoredInstant event;
    if (parse_git_line(text, event))
      out.push_back(std::move(event));
    else
      warnings.warn(where(file, n), "expected \"author|ISO 8601 date\"");
  }
  return out;
}

}  // namespace candor::activity
