// Candidate JSON (`candor check FILE`, batch JSONL lines, service bodies): parse, then load.
#include "candor/candidate.hpp"
#include "candor/limits.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return candor::fuzz::expect_clean_outcome([&] {
    nlohmann::json json;
    if (candor::parse_json(candor::fuzz::as_text(data, size), json)) return;
    // A folder that does not exist: relative paths resolve against it and are never read.
    candor::parse_candidate(json, "fuzz.json", "/nonexistent-candor-fuzz");
  });
}
