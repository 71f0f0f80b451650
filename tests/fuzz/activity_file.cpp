// Activity exports (lines, git log, Okta System Log, CSV): the first byte picks the format.
#include "candor/activity/activity.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* const kFormats[] = {"lines", "git", "okta", "csv"};
  const std::string format = kFormats[data[0] % 4];
  const auto text = candor::fuzz::as_text(data + 1, size - 1);
  return candor::fuzz::expect_clean_outcome([&] {
    candor::activity::parse_activity_text(text, format, nlohmann::json(), "fuzz.log", "fuzz.json");
  });
}
