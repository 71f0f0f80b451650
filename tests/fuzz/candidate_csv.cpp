// ATS-export CSV: records, the header mapping and the candidate loader behind it.
#include <sstream>

#include "candor/candidate.hpp"
#include "candor/csv.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return candor::fuzz::expect_clean_outcome([&] {
    std::istringstream in{std::string(candor::fuzz::as_text(data, size))};
    candor::CsvReader reader(in);
    std::vector<std::string> header, row;
    if (!reader.next(header)) return;
    while (reader.next(row)) {
      try {
        const auto json = candor::candidate_json_from_csv(header, row, "fuzz.csv", reader.line());
        candor::parse_candidate(json, "fuzz.csv", "/nonexistent-candor-fuzz");
      } catch (const candor::InputError&) {  // a bad row; the batch goes on to the next
      }
    }
  });
}
