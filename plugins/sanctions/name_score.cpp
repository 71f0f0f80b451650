#include "name_score.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>

namespace candor::plugins::sanctions {

namespace {

constexpr double kBoostThreshold = 0.7;
constexpr int kPrefixSize = 4;
constexpr double kLengthCutoff = 0.9;
constexpr double kLengthPenaltyWeight = 0.3;
constexpr double kDifferentLetterPenalty = 0.9;

double scaling(double metric, double weight) { return 1.0 - (1.0 - metric) * weight; }

// First-letter phonetic class (a partial Soundex): tokens of different classes are not compared.
}  // namespace

char phonetic_class(char c) {
  switch (std::toupper(static_cast<unsigned char>(c))) {
    case 'A':
    case 'E':
    case 'I':
    case 'O':
    case 'U':
    case 'Y':
      return 'A';
    case 'B':
    case 'F':
    case 'P':
    case 'V':
      return 'B';
    case 'C':
    case 'G':
    case 'J':
    case 'K':
    case 'Q':
    case 'S':
    case 'X':
    case 'Z':
      return 'C';
    case 'D':
    case 'T':
      return 'D';
    case 'M':
    case 'N':
      return 'M';
    case 'H':
    case 'W':
      return 'H';
    default:
      return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
}

namespace {

double textbook_jaro(const std::string& a, const std::string& b) {
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  if (la == 0 || lb == 0) return 0.0;
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  // Flags on the stack for names of ordinary length; no allocation in the screening loop.
  char ma_small[64] = {}, mb_small[64] = {};
  std::vector<char> ma_long, mb_long;
  char* ma = ma_small;
  char* mb = mb_small;
  if (la > 64 || lb > 64) {
    ma_long.assign(static_cast<std::size_t>(la), 0);
    mb_long.assign(static_cast<std::size_t>(lb), 0);
    ma = ma_long.data();
    mb = mb_long.data();
  }
  int m = 0;
  for (int i = 0; i < la; ++i) {
    for (int k = std::max(0, i - window); k < std::min(lb, i + window + 1); ++k) {
      if (mb[static_cast<std::size_t>(k)] ||
          a[static_cast<std::size_t>(i)] != b[static_cast<std::size_t>(k)])
        continue;
      ma[static_cast<std::size_t>(i)] = mb[static_cast<std::size_t>(k)] = 1;
      ++m;
      break;
    }
  }
  if (m == 0) return 0.0;
  int t = 0, k = 0;
  for (int i = 0; i < la; ++i) {
    if (!ma[static_cast<std::size_t>(i)]) continue;
    while (!mb[static_cast<std::size_t>(k)]) ++k;
    if (a[static_cast<std::size_t>(i)] != b[static_cast<std::size_t>(k)]) ++t;
    ++k;
  }
  const double md = m;
  return (md / la + md / lb + (md - t / 2.0) / md) / 3.0;
}

std::vector<std::string> upper_tokens(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '\'' || ch == ',' || ch == '.') continue;  // deleted, not separators
    if (std::isspace(c) || ch == '-' || ch == '/' || ch == '(' || ch == ')') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += static_cast<char>(std::toupper(c));
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

}  // namespace

double smetrics_jaro_winkler(const std::string& a, const std::string& b) {
  const double j = textbook_jaro(a, b);
  if (j <= kBoostThreshold) return j;
  const int prefix =
      std::min({static_cast<int>(a.size()), kPrefixSize, static_cast<int>(b.size())});
  int same = 0;
  while (same < prefix && a[static_cast<std::size_t>(same)] == b[static_cast<std::size_t>(same)])
    ++same;
  return j + 0.1 * same * (1.0 - j);
}

double token_score(const std::string& indexed, const std::string& search) {
  if (indexed.empty() || search.empty()) return 0.0;
  double score = smetrics_jaro_winkler(indexed, search);
  const double shorter = static_cast<double>(std::min(indexed.size(), search.size()));
  const double longer = static_cast<double>(std::max(indexed.size(), search.size()));
  if (const double metric = shorter / longer; metric < kLengthCutoff)
    score *= scaling(metric, kLengthPenaltyWeight);
  if (indexed[0] != search[0]) score *= kDifferentLetterPenalty;
  return score;
}

double best_pairs_score(const std::vector<std::string>& search,
                        const std::vector<std::string>& indexed) {
  return aligned_score(
      search.size(), indexed.size(), [&](std::size_t s) { return search[s].size(); },
      [&](std::size_t i) { return indexed[i].size(); },
      [&](std::size_t s, std::size_t i) -> double {
        if (phonetic_class(indexed[i][0]) != phonetic_class(search[s][0])) return -1.0;
        return token_score(indexed[i], search[s]);
      });
}

double plain_jaro_winkler(const std::string& a, const std::string& b) {
  const double j = textbook_jaro(a, b);
  if (j == 0.0) return 0.0;
  int prefix = 0;
  while (prefix < kPrefixSize && prefix < static_cast<int>(std::min(a.size(), b.size())) &&
         a[static_cast<std::size_t>(prefix)] == b[static_cast<std::size_t>(prefix)])
    ++prefix;
  return j + prefix * 0.1 * (1.0 - j);
}

double ofac_style_score(const std::string& query, const std::string& listed) {
  const auto q = upper_tokens(query), l = upper_tokens(listed);
  if (q.empty() || l.empty()) return 0.0;
  auto join = [](const std::vector<std::string>& t) {
    std::string s;
    for (const auto& x : t) s += (s.empty() ? "" : " ") + x;
    return s;
  };
  const std::string qs = join(q), ls = join(l);
  // Whole string, only when the first letters agree (OFAC's order asymmetry).
  const double whole = qs[0] == ls[0] ? plain_jaro_winkler(qs, ls) : 0.0;
  // Per token, after dropping query tokens of two letters or fewer (unless none would remain);
  // token pairs below 0.5 count as nothing.
  std::vector<std::string> kept;
  for (const auto& t : q)
    if (t.size() > 2) kept.push_back(t);
  if (kept.empty()) kept = q;
  double sum = 0;
  for (const auto& t : kept) {
    double best = 0;
    for (const auto& c : l) best = std::max(best, plain_jaro_winkler(t, c));
    sum += best >= 0.5 ? best : 0.0;
  }
  const double per_token = sum / static_cast<double>(kept.size());
  return 100.0 * std::max(whole, per_token);
}

}  // namespace candor::plugins::sanctions
