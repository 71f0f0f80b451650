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
