#pragma once
// Common given names and surnames (US SSA top given names, US Census top surnames) for the
// false-positive check and the benchmark's query set.
#include <string>
#include <vector>

namespace candor::plugins::sanctions {

const std::vector<std::string>& common_given_names();
const std::vector<std::string>& common_surnames();

/// Ordinary name parts of the people screened, lower case: the given names and surnames above
/// plus common Hispanic, Korean, Chinese and Vietnamese surnames and the syllables of Korean and
/// Chinese given names. A listed token found here weighs little in a match (see name_index).
const std::vector<std::string>& common_name_tokens();

/// Every given name × surname pair ("James Smith" …): 100 × 100 = 10,000 names.
std::vector<std::string> common_full_names();

}  // namespace candor::plugins::sanctions
