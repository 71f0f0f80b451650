#pragma once
// How much a name match weighs, before identifiers: a factor for the score and one for how
// rare the matched name is, each 0–1, multiplied into the signal's exact-match LLR.
#include <algorithm>

#include "name_index.hpp"

namespace candor::plugins::sanctions {

/// A rarity (see NameMatch::rarity) at or above this counts fully: a surname plus an uncommon
/// given name ("SONG, Kum Hyok": 0.25 + 0.9).
constexpr double kRarityFull = 1.1;
/// The least rarity factor: an exact match on the commonest names still counts for something.
constexpr double kRarityFloor = 0.25;
/// Scores at or below this weigh nothing; the factor rises as the square up to 1.0.
constexpr double kScoreFloor = 0.80;

struct MatchStrength {
  double score_factor = 0.0;
  double rarity_factor = 0.0;
};

/// A match spelt exactly weighs by the listed name's rarity; a variant (romanisation, fuzzy) by
/// the rarer of the listed and the screened name's parts, the lesser: a near-miss on common
/// parts ("Hyun-woo Kim" for "KIM, Hyon Woo") is what many honest people would produce.
inline MatchStrength match_strength(const NameMatch& m, double screened_rarity) {
  const double t = std::clamp((m.score - kScoreFloor) / (1.0 - kScoreFloor), 0.0, 1.0);
  const double rarity = m.exact ? m.rarity : std::min(m.rarity, screened_rarity);
  return {t * t, std::clamp(rarity / kRarityFull, kRarityFloor, 1.0)};
}

}  // namespace candor::plugins::sanctions
