// Bounds on outside input: deep JSON, files that are not regular files or too large.
#include <sys/stat.h>

#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/policy.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;

namespace {
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("excessive_nesting finds the byte where JSON nests too deep", "[core]") {
  CHECK_FALSE(excessive_nesting(R"({"a": [1, {"b": "[[[[["}]})", 3));
  CHECK(excessive_nesting("[[[[", 3) == std::size_t{3});
  CHECK_FALSE(excessive_nesting(R"(["\"[[[[["])", 1));  // brackets inside strings do not count
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(excessive_nesting(deep) == std::size_t{kMaxJsonDepth});
}

TEST_CASE("a candidate nested 100,000 deep is one clear error, not a crash", "[core]") {
  test::TempDir dir;
  const auto path = dir / "deep.json";
  test::write_text(
      path, R"({"id": "x", "extra": )" + std::string(100000, '[') + std::string(100000, ']') + "}");
  CHECK(error_of([&] { load_candidate_file(path); }) ==
        path.string() + ": byte 84: JSON nested deeper than 64 levels");
  test::write_text(dir / "policy.json", std::string(1000, '[') + std::string(1000, ']'));
  CHECK(error_of([&] { load_policy(dir / "policy.json"); }) ==
        (dir / "policy.json").string() + ": byte 64: JSON nested deeper than 64 levels");
}

TEST_CASE("a FIFO, a folder or an oversized file as a candidate is refused unread", "[core]") {
  test::TempDir dir;
  const auto fifo = dir / "fifo.json";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(error_of([&] { load_candidate_file(fifo); }) == fifo.string() + ": not a regular file");
  CHECK(error_of([&] { load_candidate_file(dir.path()); }) ==
        dir.path().string() + ": not a regular file");
  const auto big = dir / "big.json";
  test::write_text(big, std::string(kMaxCandidateFileBytes + 1, ' '));
  CHECK(error_of([&] { load_candidate_file(big); }) ==
        big.string() + ": larger than " + std::to_string(kMaxCandidateFileBytes) + " bytes");
}

TEST_CASE("a number no double holds is malformed JSON at its byte, not an exception", "[core]") {
  nlohmann::json json;
  const auto bad = parse_json(R"({"id": "x", "latitude": 3e988})", json);
  REQUIRE(bad);
  CHECK(bad->problem == "number out of range");
  CHECK(bad->byte == 24);
  CHECK_FALSE(parse_json(R"({"s": "1e999 in a string", "n": -1.5e300})", json));
}

TEST_CASE("the policy's limits are validated by key", "[core]") {
  const Policy p = parse_policy(
      nlohmann::json::parse(R"({"limits": {"sessions": 2, "activity_file_bytes": 4096}})"),
      "p.json");
  CHECK(p.limits.sessions == 2);
  CHECK(p.limits.activity_file_bytes == 4096);
  CHECK(p.limits.photos == Limits{}.photos);
  CHECK(default_policy().limits.candidate_file_bytes == kMaxCandidateFileBytes);
  const auto error = [](const char* text) {
    return error_of([&] { parse_policy(nlohmann::json::parse(text), "p.json"); });
  };
  CHECK_THAT(
      error(R"({"limits": {"sesions": 2}})"),
      Catch::StartsWith("p.json: limits.sesions: unknown key (expected candidate_file_bytes"));
  CHECK(error(R"({"limits": {"photos": 0}})") ==
        "p.json: limits.photos: expected a whole number from 1 to 10000");
  CHECK(error(R"({"limits": {"photos": -3}})") ==
        "p.json: limits.photos: expected a whole number from 1 to 10000");
  CHECK(error(R"({"limits": {"photos": 2.5}})") ==
        "p.json: limits.photos: expected a whole number from 1 to 10000");
  CHECK(error(R"({"limits": {"candidate_file_bytes": 1e12}})") ==
        "p.json: limits.candidate_file_bytes: expected a whole number from 1 to 1073741824");
  CHECK(error(R"({"limits": []})") == "p.json: limits: expected an object");
}

TEST_CASE("per-candidate list limits refuse a longer list naming the field", "[core]") {
  FileRules rules;
  rules.limits.sessions = 2;
  rules.limits.list_items = 3;
  const nlohmann::json three_sessions = {
      {"id", "x"}, {"sessions", {{{"ip", "1.1.1.1"}}, {{"ip", "1.1.1.2"}}, {{"ip", "1.1.1.3"}}}}};
  CHECK(error_of([&] { parse_candidate(three_sessions, "c.json", "/", rules); }) ==
        "c.json: /sessions: more than 2 entries (limits.sessions)");
  CHECK(error_of([&] { parse_candidate(three_sessions, "c.json", "/"); }) == "no error");
  const nlohmann::json emails = {{"id", "x"}, {"emails", {"a@x", "b@x", "c@x", "d@x"}}};
  CHECK(error_of([&] { parse_candidate(emails, "c.json", "/", rules); }) ==
        "c.json: /emails: more than 3 entries (limits.list_items)");
}

TEST_CASE("the candidate and activity file limits come from the rules", "[core]") {
  test::TempDir dir;
  test::write_text(dir / "times.txt", std::string(2000, '#') + "\n2025-01-01T10:00:00Z\n");
  test::write_text(dir / "c.json", R"({"id": "x", "activity": {"file": "times.txt"}})");
  FileRules rules;
  rules.limits.candidate_file_bytes = 16;
  CHECK_THAT(error_of([&] { load_candidate_file(dir / "c.json", rules); }),
             Catch::EndsWith("c.json: larger than 16 bytes"));
  rules.limits = {};
  rules.limits.activity_file_bytes = 1000;
  const Candidate c = load_candidate_file(dir / "c.json", rules);
  REQUIRE(c.activity);
  CHECK(c.activity->max_bytes == 1000);
}

TEST_CASE("every limit a deployment may move is a policy key with a bound", "[core]") {
  const Policy p = parse_policy(nlohmann::json::parse(R"({"limits": {
      "string_chars": 500, "json_depth": 8, "phone_chars": 32, "sdn_wallet_chars": 100,
      "sdn_file_bytes": 1000, "un_list_bytes": 2000, "opensanctions_list_bytes": 3000,
      "log_file_bytes": 4000, "log_line_bytes": 5000, "roster_file_bytes": 6000}})"),
                                "p.json");
  CHECK(p.limits.string_chars == 500);
  CHECK(p.limits.json_depth == 8);
  CHECK(p.limits.phone_chars == 32);
  CHECK(p.limits.sdn_wallet_chars == 100);
  CHECK(p.limits.sdn_file_bytes == 1000);
  CHECK(p.limits.un_list_bytes == 2000);
  CHECK(p.limits.opensanctions_list_bytes == 3000);
  CHECK(p.limits.log_file_bytes == 4000);
  CHECK(p.limits.log_line_bytes == 5000);
  CHECK(p.limits.roster_file_bytes == 6000);
  // The bounds that protect the stack and the CPU cannot be lifted by a policy.
  CHECK(error_of([] {
          parse_policy(nlohmann::json::parse(R"({"limits": {"json_depth": 100000}})"), "p.json");
        }) == "p.json: limits.json_depth: expected a whole number from 1 to 512");
  CHECK(error_of([] {
          parse_policy(nlohmann::json::parse(R"({"limits": {"phone_chars": 100000}})"), "p.json");
        }) == "p.json: limits.phone_chars: expected a whole number from 1 to 256");
}

TEST_CASE("a text field longer than limits.string_chars is refused naming it; images are not text",
          "[core]") {
  FileRules rules;
  rules.limits.string_chars = 100;
  const nlohmann::json long_name = {{"id", "x"}, {"name", std::string(101, 'a')}};
  CHECK(error_of([&] { parse_candidate(long_name, "c.json", "/", rules); }) ==
        "c.json: /name: longer than 100 bytes (limits.string_chars)");
  const nlohmann::json long_alias = {{"id", "x"}, {"aliases", {"Jo", std::string(200, 'b')}}};
  CHECK(error_of([&] { parse_candidate(long_alias, "c.json", "/", rules); }) ==
        "c.json: /aliases/1: longer than 100 bytes (limits.string_chars)");
  const nlohmann::json nested = {
      {"id", "x"}, {"sessions", {{{"ip", "1.1.1.1"}, {"user_agent", std::string(150, 'u')}}}}};
  CHECK(error_of([&] { parse_candidate(nested, "c.json", "/", rules); }) ==
        "c.json: /sessions/0/user_agent: longer than 100 bytes (limits.string_chars)");
  CHECK(error_of([&] { parse_candidate(long_name, "c.json", "/"); }) == "no error");
  // Base64 image bytes are bounded by their decoded size (max_inline_bytes), not as text.
  const nlohmann::json photo = {{"id", "x"},
                                {"photos", {{{"data", encode_base64(std::string(300, '\xff'))}}}}};
  FileRules inline_rules = rules;
  inline_rules.allow_paths = false;
  CHECK(error_of([&] { parse_candidate(photo, "c.json", "/", inline_rules); }) == "no error");
}

TEST_CASE("limits.json_depth bounds candidate files below the fixed default", "[core]") {
  test::TempDir dir;
  test::write_text(dir / "c.json", R"({"id": "x", "extra": [[[[[[[[[[1]]]]]]]]]]})");
  FileRules rules;
  CHECK(load_candidate_file(dir / "c.json", rules).id == "x");
  rules.limits.json_depth = 8;
  CHECK(error_of([&] { load_candidate_file(dir / "c.json", rules); }) ==
        (dir / "c.json").string() + ": byte 28: JSON nested deeper than 8 levels");
}

TEST_CASE("100,000 e-mails a policy allows are de-duplicated in order, in linear time", "[core]") {
  // Once a scan of the list per e-mail: 34 s for 100,000 e-mails.
  nlohmann::json emails = nlohmann::json::array();
  for (int i = 0; i < 100'000; ++i) emails.push_back("p" + std::to_string(i % 50'000) + "@x.org");
  FileRules rules;
  rules.limits.list_items = 1'000'000;
  const Candidate c = parse_candidate({{"id", "x"}, {"email", "p7@x.org"}, {"emails", emails}},
                                      "c.json", "/", rules);
  REQUIRE(c.emails.size() == 50'000);
  CHECK(c.emails[0] == "p7@x.org");
  CHECK(c.emails[1] == "p0@x.org");
  CHECK(c.emails.back() == "p49999@x.org");
}
