#pragma once
// Token-based name scores. `best_pairs_score` follows Watchman's BestPairsJaroWinkler (order-free
// token alignment, per-token Jaro-Winkler with length and first-letter penalties, a small
// penalty for unmatched listed tokens) so it can be checked against Watchman's vectors.
// `ofac_style_score` emulates OFAC Sanctions List Search's 0–100 score (FAQ 249: the better of a
// whole-string and a per-token Jaro-Winkler).
#include <functional>
#include <string>
#include <vector>

namespace candor::sanctions {

/// Jaro-Winkler as Watchman's smetrics computes it (boost threshold 0.7, prefix 4).
double smetrics_jaro_winkler(const std::string& a, const std::string& b);

/// Watchman's per-token score: JW, punished for length difference and different first letters.
double token_score(const std::string& indexed, const std::string& search);

/// Order-free alignment of search tokens to indexed tokens, each used once; 0–1.
double best_pairs_score(const std::vector<std::string>& search,
                        const std::vector<std::string>& indexed);

/// The alignment behind best_pairs_score with a caller's token-pair score (negative: the pair
/// may not be aligned); lengths weight the average.
double aligned_score(std::size_t search_count, std::size_t indexed_count,
                     const std::function<std::size_t(std::size_t)>& search_len_of,
                     const std::function<std::size_t(std::size_t)>& indexed_len_of,
                     const std::function<double(std::size_t, std::size_t)>& pair_score);

/// First-letter phonetic class (a partial Soundex) used to decide which tokens are compared.
char phonetic_class(char c);

/// Standard Jaro-Winkler (prefix bonus unconditional, consecutive prefix up to 4).
double plain_jaro_winkler(const std::string& a, const std::string& b);

/// An emulation of OFAC's Sanctions List Search score, 0–100.
double ofac_style_score(const std::string& query, const std::string& listed);

}  // namespace candor::sanctions
