// Phone numbers as applicants write them (phone and links plugins): the first two bytes name the
// default region, the rest is the number.
#include "candor/phone/phone_numbers.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = candor::fuzz::as_text(data, size);
  const std::string region(text.substr(0, std::min<std::size_t>(2, text.size())));
  const std::string number(text.size() > 2 ? text.substr(2) : std::string_view{});
  return candor::fuzz::expect_clean_outcome([&] {
    candor::phone::analyse_phone(number, region);
    candor::phone::normalise_phone(number, region);
  });
}
