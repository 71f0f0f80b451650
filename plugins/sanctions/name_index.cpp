#include "name_index.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "name_score.hpp"
#include "name_text.hpp"

namespace candor::plugins::sanctions {

namespace {

// The literal score beats a romanisation-key score of the same value: keys are lossy.
constexpr double kRomanisationDiscount = 0.97;
// Only the best-ranked candidates from the index are scored in full.
constexpr std::size_t kMaxCandidates = 64;

std::vector<std::string> keys_of(const std::vector<std::string>& tokens) {
  std::vector<std::string> keys;
  keys.reserve(tokens.size());
  for (const auto& t : tokens) keys.push_back(korean_key(t));
  return keys;
}

struct Variant {
  std::vector<std::string> tokens;
  std::vector<bool> joined;
};

// The tokens plus each variant with one adjacent pair joined ("kum hyok" → "kumhyok"). Joining
// on both sides makes Kum-Hyok, Kum Hyok and Kumhyok meet.
std::vector<Variant> joined_variants(const std::vector<std::string>& tokens) {
  std::vector<Variant> out{{tokens, std::vector<bool>(tokens.size(), false)}};
  if (tokens.size() < 2 || tokens.size() > 5) return out;
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    Variant v;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      if (k == i) {
        v.tokens.push_back(tokens[k] + tokens[k + 1]);
        v.joined.push_back(true);
        ++k;
      } else {
        v.tokens.push_back(tokens[k]);
        v.joined.push_back(false);
      }
    }
    out.push_back(std::move(v));
  }
  return out;
}

bool is_generational(const std::string& t) {
  return t == "jr" || t == "sr" || t == "ii" || t == "iii" || t == "iv";
}

bool is_patronymic(const std::string& t) {
  auto ends = [&](const char* suffix) {
    const std::string s(suffix);
    return t.size() > s.size() + 2 && t.compare(t.size() - s.size(), s.size(), s) == 0;
  };
  return ends("ovich") || ends("evich") || ends("ovna") || ends("evna") || ends("ogly");
}

std::vector<std::string> clean_tokens(const std::string& name) {
  auto tokens = strip_legal_forms(name_tokens(name));
  tokens.erase(std::remove_if(tokens.begin(), tokens.end(), is_generational), tokens.end());
  return tokens;
}

std::string prefix_key(const std::string& key) { return "p:" + key.substr(0, 3); }

}  // namespace

PreparedName prepare_name(const std::string& name) {
  PreparedName p;
  const auto tokens = clean_tokens(name);
  if (tokens.empty()) return p;
  for (auto& v : joined_variants(tokens)) {
    p.key_variants.push_back(keys_of(v.tokens));
    p.variants.push_back(std::move(v.tokens));
    p.joined.push_back(std::move(v.joined));
  }
  return p;
}

NameMatch score_form(const PreparedName& query, const NameForm& form, bool romanisation) {
  NameMatch m{form.ent_num, form.listed, 0.0, false};
  for (std::size_t v = 0; v < query.variants.size(); ++v) {
    const auto& q = query.variants[v];
    const auto& qk = query.key_variants[v];
    const auto& qj = query.joined[v];
    const double score = aligned_score(
        q.size(), form.tokens.size(), [&](std::size_t s) { return q[s].size(); },
        [&](std::size_t i) { return form.tokens[i].size(); },
        [&](std::size_t s, std::size_t i) -> double {
          if (q[s] == form.tokens[i]) return 1.0;
          if (romanisation && qk[s] == form.keys[i]) return kRomanisationDiscount;
          if (qj[s] || form.joined[i]) return -1.0;
          if (phonetic_class(q[s][0]) != phonetic_class(form.tokens[i][0])) return -1.0;
          return token_score(form.tokens[i], q[s]);
        });
    m.score = std::max(m.score, score);
  }
  return m;
}

std::uint32_t NameIndex::key_id(const std::string& key) {
  const auto [it, inserted] = key_ids_.emplace(key, static_cast<std::uint32_t>(postings_.size()));
  if (inserted) postings_.emplace_back();
  return it->second;
}

void NameIndex::add(std::int64_t ent_num, const std::string& name) {
  const auto tokens = clean_tokens(name);
  if (tokens.empty()) return;
  std::vector<Variant> variants = joined_variants(tokens);
  // Patronymics are often left out (Vitaliy Andreyev for ANDREYEV, Vitaliy Sergeyevich).
  std::vector<std::string> short_form;
  for (const auto& t : tokens)
    if (!is_patronymic(t)) short_form.push_back(t);
  if (short_form.size() >= 2 && short_form.size() < tokens.size())
    variants.push_back({short_form, std::vector<bool>(short_form.size(), false)});
  for (auto& variant : variants) {
    NameForm form{ent_num, name, std::move(variant.tokens), {}, std::move(variant.joined)};
    form.keys = keys_of(form.tokens);
    const auto id = static_cast<std::uint32_t>(forms_.size());
    std::vector<std::uint32_t> keys;
    for (std::size_t i = 0; i < form.tokens.size(); ++i) {
      // The ids of the t: and k: keys double as token and romanisation-key ids.
      form.token_ids.push_back(key_id("t:" + form.tokens[i]));
      form.key_ids.push_back(key_id("k:" + form.keys[i]));
      keys.push_back(form.token_ids.back());
      keys.push_back(form.key_ids.back());
      keys.push_back(key_id(prefix_key(form.keys[i])));
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const auto k : keys) postings_[k].push_back(id);
    form_keys_.push_back(std::move(keys));
    forms_.push_back(std::move(form));
  }
}

void NameIndex::add_list(const SdnList& list) {
  for (const auto& [num, e] : list.entries) {
    std::set<std::string> seen;
    if (!e.name.empty() && seen.insert(e.name).second) add(num, e.name);
    for (const auto& a : e.aliases)
      if (seen.insert(a.name).second) add(num, a.name);
  }
}

namespace {

// phonetic_class as a table (tokens are lower-case ASCII).
char fast_phonetic_class(char c) {
  static const auto table = [] {
    std::array<char, 256> t{};
    for (int i = 0; i < 256; ++i)
      t[static_cast<std::size_t>(i)] = phonetic_class(static_cast<char>(i));
    return t;
  }();
  return table[static_cast<unsigned char>(c)];
}

// token_score of (query token slot, listed token id), remembered for one query in an
// open-addressing table reset by a stamp.
class PairCache {
 public:
  void begin_query() {
    if (++stamp_ == 0) {
      for (auto& e : entries_) e.stamp = 0;
      stamp_ = 1;
    }
    used_ = 0;
  }
  template <class Compute>
  double get(std::uint32_t slot, std::uint32_t token, const Compute& compute) {
    const std::uint64_t key = (static_cast<std::uint64_t>(token) << 8) | (slot & 0xffu);
    if (slot > 0xffu || used_ * 2 >= kSize) return compute();
    std::size_t h = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ull) >> 52) & (kSize - 1);
    for (;; h = (h + 1) & (kSize - 1)) {
      Entry& e = entries_[h];
      if (e.stamp != stamp_) {
        e = {stamp_, key, compute()};
        ++used_;
        return e.value;
      }
      if (e.key == key) return e.value;
    }
  }

 private:
  static constexpr std::size_t kSize = 4096;
  struct Entry {
    std::uint32_t stamp = 0;
    std::uint64_t key = 0;
    double value = 0.0;
  };
  std::vector<Entry> entries_ = std::vector<Entry>(kSize);
  std::uint32_t stamp_ = 0;
  std::size_t used_ = 0;
};

// Per-thread scratch of the blocking step: dense arrays indexed by form id, reset lazily by
// generation stamps, so a query allocates nothing in proportion to the posting lists.
struct Scratch {
  struct Slot {
    double weight;
    std::uint32_t seen;   ///< == generation: the form is a candidate
    std::uint32_t group;  ///< == group stamp: this query token already counted
  };
  std::vector<Slot> form;  ///< one cache line holds four forms' state
  std::vector<std::uint32_t> candidates;
  std::vector<double> top;
  std::vector<std::pair<double, std::uint32_t>> ranked;
  std::uint32_t generation = 0;
  PairCache pair_cache;

  void prepare(std::size_t forms) {
    if (form.size() < forms) {
      form.resize(forms, Slot{0.0, 0u, 0u});
    }
    candidates.clear();
    // A query takes one stamp per query token; clear well before the counter wraps.
    if (generation > 0xFFFF0000u) {
      std::fill(form.begin(), form.end(), Slot{0.0, 0u, 0u});
      generation = 0;
    }
  }
  std::uint32_t stamp() { return ++generation; }
};

// The keys one query token shares with the index, heaviest first; a form counts the heaviest
// key it shares with the token.
struct KeyGroup {
  std::uint32_t key[3];
  double weight[3];
  int count = 0;
  double bound() const { return count ? weight[0] : 0.0; }
};

}  // namespace

std::vector<NameMatch> NameIndex::search(const std::string& name, double threshold) const {
  const PreparedName query = prepare_name(name);
  if (query.variants.empty()) return {};
  // Blocking: each form gets, per query token, the inverse-frequency weight of the rarest key it
  // shares with that token; the kMaxCandidates best-weighted forms are scored in full.
  const double n = static_cast<double>(forms_.size()) + 1.0;
  // Query tokens and keys as the index's key ids (kAbsent matches nothing listed): equal text,
  // equal id, so the scoring below compares integers.
  constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;
  auto id_of = [&](const std::string& key) {
    const auto it = key_ids_.find(key);
    return it == key_ids_.end() ? kAbsent : it->second;
  };
  std::vector<std::vector<std::uint32_t>> qtid(query.variants.size()), qkid(query.variants.size());
  std::vector<KeyGroup> groups;
  for (std::size_t v = 0; v < query.variants.size(); ++v) {
    for (std::size_t t = 0; t < query.variants[v].size(); ++t) {
      qtid[v].push_back(id_of("t:" + query.variants[v][t]));
      qkid[v].push_back(id_of("k:" + query.key_variants[v][t]));
      KeyGroup g;
      for (const std::uint32_t id :
           {qtid[v].back(), qkid[v].back(), id_of(prefix_key(query.key_variants[v][t]))}) {
        if (id == kAbsent) continue;
        if (std::find(g.key, g.key + g.count, id) != g.key + g.count) continue;
        g.key[g.count] = id;
        g.weight[g.count] = std::log(n / static_cast<double>(postings_[id].size()));
        ++g.count;
      }
      // Heaviest key first (insertion sort of at most three).
      for (int i = 1; i < g.count; ++i)
        for (int k = i; k > 0 && g.weight[k] > g.weight[k - 1]; --k) {
          std::swap(g.weight[k], g.weight[k - 1]);
          std::swap(g.key[k], g.key[k - 1]);
        }
      if (g.count) groups.push_back(g);
    }
  }
  // Rarest tokens first. Once the remaining tokens' weights together cannot lift a form that
  // shares nothing with the tokens seen so far above the current kMaxCandidates-th weight, the
  // long posting lists of common keys only add weight to forms already collected (max-score
  // pruning: the selected set is the same as scoring every form).
  std::stable_sort(groups.begin(), groups.end(),
                   [](const KeyGroup& a, const KeyGroup& b) { return a.bound() > b.bound(); });
  std::vector<double> rest(groups.size() + 1, 0.0);
  for (std::size_t j = groups.size(); j-- > 0;) rest[j] = rest[j + 1] + groups[j].bound();

  thread_local Scratch scratch;
  Scratch& s = scratch;
  s.prepare(forms_.size());
  const std::uint32_t gen = s.stamp();
  bool closed = false;
  for (std::size_t j = 0; j < groups.size(); ++j) {
    const KeyGroup& g = groups[j];
    if (!closed && s.candidates.size() >= kMaxCandidates) {
      s.top.clear();
      for (const auto f : s.candidates) s.top.push_back(s.form[f].weight);
      std::nth_element(s.top.begin(), s.top.begin() + (kMaxCandidates - 1), s.top.end(),
                       std::greater<>());
      closed = rest[j] + 1e-9 < s.top[kMaxCandidates - 1];
    }
    const std::uint32_t gstamp = s.stamp();
    std::size_t list_total = 0;
    for (int k = 0; k < g.count; ++k) list_total += postings_[g.key[k]].size();
    if (closed && s.candidates.size() * 4 < list_total) {
      // Few candidates against long lists: look the token's keys up in each candidate's keys.
      for (const auto f : s.candidates) {
        const auto& keys = form_keys_[f];
        for (int k = 0; k < g.count; ++k)
          if (std::binary_search(keys.begin(), keys.end(), g.key[k])) {
            s.form[f].weight += g.weight[k];
            break;
          }
      }
      continue;
    }
    for (int k = 0; k < g.count; ++k) {
      const double w = g.weight[k];
      for (const auto f : postings_[g.key[k]]) {
        auto& slot = s.form[f];
        if (slot.group == gstamp) continue;  // a heavier key of this token already counted
        if (slot.seen != gen) {
          if (closed) continue;
          slot.seen = gen;
          slot.weight = 0.0;
          s.candidates.push_back(f);
        }
        slot.group = gstamp;
        slot.weight += w;
      }
    }
  }
  auto& ranked = s.ranked;
  ranked.clear();
  for (const auto f : s.candidates) ranked.emplace_back(s.form[f].weight, f);
  const std::size_t keep = std::min(kMaxCandidates, ranked.size());
  // A strict total order (weight, then form id): selecting then sorting the best gives the
  // same forms in the same order as a full sort.
  const auto better = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  if (keep < ranked.size())
    std::nth_element(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                     ranked.end(), better);
  std::sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), better);
  // Full scores. The candidates share many tokens, so each distinct (query token, listed token)
  // Jaro-Winkler is computed once per query.
  std::vector<std::vector<std::uint32_t>> slot(query.variants.size());
  std::vector<const std::string*> distinct;
  for (std::size_t v = 0; v < query.variants.size(); ++v)
    for (const auto& t : query.variants[v]) {
      std::uint32_t k = 0;
      while (k < distinct.size() && *distinct[k] != t) ++k;
      if (k == distinct.size()) distinct.push_back(&t);
      slot[v].push_back(k);
    }
  s.pair_cache.begin_query();
  auto score_candidate = [&](const NameForm& form) {
    NameMatch m{form.ent_num, form.listed, 0.0, false};
    for (std::size_t v = 0; v < query.variants.size(); ++v) {
      const auto& q = query.variants[v];
      const auto& qj = query.joined[v];
      const auto& qs = slot[v];
      const auto& qt = qtid[v];
      const auto& qkey = qkid[v];
      const double score = aligned_score(
          q.size(), form.tokens.size(), [&](std::size_t t) { return q[t].size(); },
          [&](std::size_t i) { return form.tokens[i].size(); },
          [&](std::size_t t, std::size_t i) -> double {
            if (qt[t] == form.token_ids[i]) return 1.0;
            if (qkey[t] == form.key_ids[i]) return kRomanisationDiscount;
            if (qj[t] || form.joined[i]) return -1.0;
            if (fast_phonetic_class(q[t][0]) != fast_phonetic_class(form.tokens[i][0])) return -1.0;
            return s.pair_cache.get(qs[t], form.token_ids[i],
                                    [&] { return token_score(form.tokens[i], q[t]); });
          });
      m.score = std::max(m.score, score);
    }
    return m;
  };
  std::map<std::int64_t, NameMatch> best;
  for (std::size_t i = 0; i < keep; ++i) {
    NameMatch m = score_candidate(forms_[ranked[i].second]);
    if (m.score < threshold) continue;
    m.romanisation = score_form(query, forms_[ranked[i].second], false).score < m.score;
    auto [it, inserted] = best.emplace(m.ent_num, m);
    if (!inserted && m.score > it->second.score) it->second = m;
  }
  std::vector<NameMatch> out;
  for (auto& [num, m] : best) out.push_back(std::move(m));
  std::sort(out.begin(), out.end(),
            [](const NameMatch& a, const NameMatch& b) { return a.score > b.score; });
  return out;
}

}  // namespace candor::plugins::sanctions
