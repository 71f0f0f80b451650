#pragma once
// Grows a real list to benchmark size by documented synthetic variation (see grow_list).
#include <cstddef>
#include <cstdint>

#include "sdn_list.hpp"

namespace candor::plugins::sanctions {

/// Adds synthetic entries to `list` until it holds at least `target_names` names (primary plus
/// aliases). Each synthetic entry recombines real parts, deterministically (fixed LCG seed):
/// an individual takes the surname of one listed individual and the given names of another
/// ("KIM, Chol Nam" + "PAK, Yong Sik" → "KIM, Yong Sik") and gets an alias with the given
/// names hyphenated and the order reversed ("Yong-Sik KIM"); an entity takes the first word of
/// one listed entity and the remaining words of another, with an alias in upper case plus a
/// legal form ("… TRADING CO., LTD"). Synthetic entries have ent_num ≥ 90,000,000 and program
/// SYNTHETIC.
void grow_list(SdnList& list, std::size_t target_names);

/// The first ent_num grow_list gives a synthetic entry.
constexpr std::int64_t kFirstSyntheticEntNum = 90000000;

}  // namespace candor::plugins::sanctions
