#include "candor/limits.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>
#include <vector>

#include "candor/error.hpp"

namespace candor {

namespace {

// Calls `at(i)` for each byte of JSON `text` outside strings (escapes skipped) and returns the
// first byte it accepts. `at` may move `i` past a token it has read.
template <class At>
std::optional<std::size_t> find_outside_strings(std::string_view text, At at) {
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (at(i)) {
      return i;
    }
  }
  return std::nullopt;
}

// Where the first number too large for a double starts (nlohmann reports no position for it).
std::size_t first_overflowing_number(std::string_view text) {
  return find_outside_strings(
             text,
             [&](std::size_t& i) {
               const char c = text[i];
               if (c != '-' && (c < '0' || c > '9')) return false;
               std::size_t end = i;
               while (end < text.size() && std::strchr("0123456789+-.eE", text[end]) != nullptr)
                 ++end;
               const std::string number(text.substr(i, end - i));
               if (!std::isfinite(std::strtod(number.c_str(), nullptr))) return true;
               i = end - 1;
               return false;
             })
      .value_or(0);
}

}  // namespace

std::optional<std::size_t> excessive_nesting(std::string_view text, int max_depth) {
  int depth = 0;
  return find_outside_strings(text, [&](std::size_t& i) {
    const char c = text[i];
    if (c == '[' || c == '{') return ++depth > max_depth;
    if (c == ']' || c == '}') --depth;
    return false;
  });
}

std::optional<JsonProblem> parse_json(std::string_view text, nlohmann::json& out, int max_depth) {
  if (const auto at = excessive_nesting(text, max_depth))
    return JsonProblem{*at, "JSON nested deeper than " + std::to_string(max_depth) + " levels"};
  try {
    out = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return JsonProblem{e.byte, "malformed JSON"};
  } catch (const nlohmann::json::out_of_range&) {  // 1e999: no double holds it
    return JsonProblem{first_overflowing_number(text), "number out of range"};
  }
  return std::nullopt;
}

std::optional<std::string> unreadable_file(const std::filesystem::path& path,
                                           std::uintmax_t max_bytes) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return "cannot open file";
  if (!std::filesystem::is_regular_file(status)) return "not a regular file";
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return "cannot open file";
  if (size > max_bytes) return "larger than " + std::to_string(max_bytes) + " bytes";
  return std::nullopt;
}

void parse_limits(const nlohmann::json& section, const std::string& file, Limits& out) {
  if (!section.is_object()) throw ConfigError(file, "limits", "expected an object");
  struct Key {
    const char* name;
    std::uint64_t max;
    std::function<void(std::uint64_t)> set;
  };
  // Upper bounds keep a policy from turning a limit off: memory and time stay bounded.
  const std::vector<Key> keys = {
      {"candidate_file_bytes", 1ull << 30, [&](auto v) { out.candidate_file_bytes = v; }},
      {"activity_file_bytes", 4ull << 30, [&](auto v) { out.activity_file_bytes = v; }},
      {"sessions", 1'000'000, [&](auto v) { out.sessions = v; }},
      {"photos", 10'000, [&](auto v) { out.photos = v; }},
      {"documents", 10'000, [&](auto v) { out.documents = v; }},
      {"list_items", 1'000'000, [&](auto v) { out.list_items = v; }},
      {"string_chars", 16u << 20, [&](auto v) { out.string_chars = v; }},
      // Deeper nesting would exhaust the stack in nlohmann's recursive parse and copies.
      {"json_depth", 512, [&](auto v) { out.json_depth = static_cast<int>(v); }},
      // libphonenumber's regular expressions are superlinear in the length.
      {"phone_chars", 256, [&](auto v) { out.phone_chars = v; }},
      {"sdn_wallet_chars", 4096, [&](auto v) { out.sdn_wallet_chars = v; }},
      {"sdn_file_bytes", 4ull << 30, [&](auto v) { out.sdn_file_bytes = v; }},
      // The UN list is parsed into a document tree several times its size.
      {"un_list_bytes", 1ull << 30, [&](auto v) { out.un_list_bytes = v; }},
      {"opensanctions_list_bytes", 8ull << 30, [&](auto v) { out.opensanctions_list_bytes = v; }},
      {"log_file_bytes", 8ull << 30, [&](auto v) { out.log_file_bytes = v; }},
      {"log_line_bytes", 256u << 20, [&](auto v) { out.log_line_bytes = v; }},
      {"roster_file_bytes", 16ull << 30, [&](auto v) { out.roster_file_bytes = v; }}};
  for (const auto& [name, value] : section.items()) {
    // An init-capture: clang 14 (scripts/fuzz.sh) cannot capture a structured binding.
    const auto key =
        std::find_if(keys.begin(), keys.end(), [&n = name](const Key& k) { return n == k.name; });
    if (key == keys.end()) {
      std::string known;
      for (const auto& k : keys) known += (known.empty() ? "" : ", ") + std::string(k.name);
      throw ConfigError(file, "limits." + name, "unknown key (expected " + known + ")");
    }
    if (!value.is_number_unsigned() || value.get<std::uint64_t>() < 1 ||
        value.get<std::uint64_t>() > key->max)
      throw ConfigError(file, "limits." + name,
                        "expected a whole number from 1 to " + std::to_string(key->max));
    key->set(value.get<std::uint64_t>());
  }
}

std::string read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace candor
