// Policy files (`--policy FILE`).
#include "candor/limits.hpp"
#include "candor/policy.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return candor::fuzz::expect_clean_outcome([&] {
    nlohmann::json json;
    if (candor::parse_json(candor::fuzz::as_text(data, size), json)) return;
    candor::parse_policy(json, "fuzz-policy.json");
  });
}
