// MRZ text (typed in a candidate file or read by OCR): the plain and the check-digit-corrected
// parser, on the lines of the input.
#include <sstream>

#include "fuzz_target.hpp"
#include "mrz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> lines;
  std::istringstream in{std::string(candor::fuzz::as_text(data, size))};
  for (std::string line; std::getline(in, line) && lines.size() < 8;) lines.push_back(line);
  const candor::plugins::document::Date today{2026, 12, 3};
  return candor::fuzz::expect_clean_outcome([&] {
    candor::plugins::document::parse_mrz(lines, today);
    candor::plugins::document::parse_mrz_corrected(lines, today);
  });
}
