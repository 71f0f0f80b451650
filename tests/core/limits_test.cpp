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
