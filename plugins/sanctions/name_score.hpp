#pragma once
// Token-based name scores. `best_pairs_score` follows Watchman's BestPairsJaroWinkler (order-free
// token alignment, per-token Jaro-Winkler with length and first-letter penalties, a small
// penalty for unmatched listed tokens) so it can be checked against Watchman's vectors.
// `ofac_style_score` emulates OFAC Sanctions List Search's 0–100 score (FAQ 249: the better of a
// whole-string and a per-token Jaro-Winkler).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace candor::plugins::sanctions {

/// Jaro-Winkler as Watchman's smetrics computes it (boost threshold 0.7, prefix 4).
double smetrics_jaro_winkler(const std::string& a, const std::string& b);

/// Watchman's per-token score: JW, punished for length difference and different first letters.
double token_score(const std::string& indexed, const std::string& search);

/// Order-free alignment of search tokens to indexed tokens, each used once; 0–1.
double best_pairs_score(const std::vector<std::string>& search,
                        const std::vector<std::string>& indexed);

/// The alignment behind best_pairs_score with a caller's token-pair score (negative: the pair
/// may not be aligned); lengths weight the average. Callables are template parameters so the
/// hot loop of the name index inlines them.
/// `matched_indexed`, when given, receives a bit per indexed token (the first 64) aligned to a
/// search token.
template <class SearchLen, class IndexedLen, class PairScore>
double aligned_score(std::size_t search_count, std::size_t indexed_count,
                     const SearchLen& search_len_of, const IndexedLen& indexed_len_of,
                     const PairScore& pair_score, std::uint64_t* matched_indexed = nullptr);

/// First-letter phonetic class (a partial Soundex) used to decide which tokens are compared.
char phonetic_class(char c);

/// Standard Jaro-Winkler (prefix bonus unconditional, consecutive prefix up to 4).
double plain_jaro_winkler(const std::string& a, const std::string& b);

/// An emulation of OFAC's Sanctions List Search score, 0–100.
double ofac_style_score(const std::string& query, const std::string& listed);

namespace detail {
constexpr double kUnmatchedIndexWeight = 0.15;
}  // namespace detail

template <class SearchLen, class IndexedLen, class PairScore>
double aligned_score(std::size_t search_count, std::size_t indexed_count,
                     const SearchLen& search_len_of, const IndexedLen& indexed_len_of,
                     const PairScore& pair_score, std::uint64_t* matched_indexed) {
  if (matched_indexed) *matched_indexed = 0;
  if (search_count == 0 || indexed_count == 0) return 0.0;
  struct Pair {
    double score;
    std::size_t s, i;
  };
  Pair pairs_small[64];
  std::vector<Pair> pairs_long;
  std::size_t n = 0;
  const bool small = search_count * indexed_count <= 64;
  for (std::size_t s = 0; s < search_count; ++s)
    for (std::size_t i = 0; i < indexed_count; ++i) {
      const double score = pair_score(s, i);
      if (score < 0) continue;
      const Pair p{score, s, i};
      if (small)
        pairs_small[n++] = p;
      else
        pairs_long.push_back(p);
    }
  Pair* begin = small ? pairs_small : pairs_long.data();
  Pair* end = small ? pairs_small + n : pairs_long.data() + pairs_long.size();
  if (small) {
    // Stable insertion sort, best first: the same order as std::stable_sort without its buffer.
    for (Pair* p = begin + (begin != end ? 1 : 0); p < end; ++p) {
      const Pair cur = *p;
      Pair* q = p;
      for (; q != begin && (q - 1)->score < cur.score; --q) *q = *(q - 1);
      *q = cur;
    }
  } else {
    std::stable_sort(begin, end, [](const Pair& a, const Pair& b) { return a.score > b.score; });
  }
  std::uint64_t used_s = 0, used_i = 0;
  double weighted = 0;
  std::size_t search_len = 0, index_len = 0, matched_index_len = 0;
  for (std::size_t s = 0; s < search_count; ++s) search_len += search_len_of(s);
  for (std::size_t i = 0; i < indexed_count; ++i) index_len += indexed_len_of(i);
  for (Pair* p = begin; p != end; ++p) {
    const std::uint64_t sb = 1ull << (p->s % 64), ib = 1ull << (p->i % 64);
    if ((used_s & sb) || (used_i & ib)) continue;
    weighted += p->score * static_cast<double>(search_len_of(p->s) + indexed_len_of(p->i));
    used_s |= sb;
    used_i |= ib;
    matched_index_len += indexed_len_of(p->i);
  }
  if (matched_indexed) *matched_indexed = used_i;
  const double average = weighted / static_cast<double>(search_len + matched_index_len);
  const double matched_fraction =
      static_cast<double>(matched_index_len) / static_cast<double>(index_len);
  return average * (1.0 - (1.0 - matched_fraction) * detail::kUnmatchedIndexWeight);
}

}  // namespace candor::plugins::sanctions
