#pragma once
// Common given names and surnames (US SSA top given names, US Census top surnames) for the
// false-positive check and the benchmark's query set.
#include <string>
#include <vector>

namespace candor::plugins::sanctions {

const std::vector<std::string>& common_given_names();
const std::vector<std::string>& common_surnames();

/// Every given name × surname pair ("James Smith" …): 100 × 100 = 10,000 names.
std::vector<std::string> common_full_names();

}  // namespace candor::plugins::sanctions
