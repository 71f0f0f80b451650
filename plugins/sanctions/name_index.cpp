#include "name_index.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_set>

#include "common_names.hpp"

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

// A person's name is matched only when each of its listed tokens is: "Yong Hu" is not
// "HO, Yong Il", whose given name has two syllables. Organisations keep Watchman's small
// unmatched-token penalty (a left-out "Korea" or "Network" is common in how firms are named).
// Two one- or two-letter tokens equal only under the romanisation key are different syllables
// (So/Su, O/U), except the surname spellings the key maps whole (Ri/Li/Yi/I, O/Oh).
bool short_fold_refused(const std::string& a, const std::string& b) {
  if (a.size() > 2 || b.size() > 2 || a == b) return false;
  static const std::set<std::string> surnames = {"ri", "li", "yi", "i", "o", "oh"};
  return !(surnames.count(a) && surnames.count(b));
}

bool all_listed_matched(const NameForm& form, std::uint64_t matched, EntryKind want) {
  const bool person = form.kind == EntryKind::person ||
                      (form.kind == EntryKind::unknown && want == EntryKind::person);
  if (!person) return true;
  const std::size_t n = std::min<std::size_t>(form.tokens.size(), 64);
  const std::uint64_t all = n == 64 ? ~0ull : (1ull << n) - 1;
  return (matched & all) == all;
}

// The parts whose rarity is weighed: each surname token and the given names as one part
// ("KIM, Hyon Woo" → kim, hyonwoo) when the name is written "SURNAME, Given"; each token
// otherwise.
std::vector<std::string> rarity_units(const std::string& name,
                                      const std::vector<std::string>& tokens) {
  std::vector<std::string> units;
  const auto comma = name.find(',');
  if (comma == std::string::npos) {
    for (const auto& t : tokens) units.push_back(korean_key(t));
    return units;
  }
  for (const auto& t : clean_tokens(name.substr(0, comma))) units.push_back(korean_key(t));
  std::string given;
  for (const auto& t : clean_tokens(name.substr(comma + 1))) given += t;
  if (!given.empty()) units.push_back(korean_key(given));
  return units;
}

const std::unordered_set<std::string>& common_part_keys() {
  static const std::unordered_set<std::string> keys = [] {
    std::unordered_set<std::string> out;
    for (const auto& t : common_name_tokens()) out.insert(korean_key(t));
    return out;
  }();
  return keys;
}

}  // namespace

double NameIndex::part_rarity(const std::string& key) const {
  // A reference population of at least 2,000 names, so a tiny list does not make every part
  // rare; a part of a common name counts as if one name in eight held it.
  const double m = static_cast<double>(std::max<std::size_t>(part_names_, 2000)) + 1.0;
  double df = 0;
  if (const auto it = part_count_.find(key); it != part_count_.end()) df = it->second;
  if (common_part_keys().count(key)) df += m / 8.0;
  return std::clamp(std::log(m / (df + 1.0)) / std::log(m), 0.05, 1.0);
}

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

NameMatch score_form(const PreparedName& query, const NameForm& form, bool romanisation,
                     EntryKind want) {
  NameMatch m{form.ent_num, form.listed, 0.0, false};
  for (std::size_t v = 0; v < query.variants.size(); ++v) {
    std::uint64_t matched = 0;
    const auto& q = query.variants[v];
    const auto& qk = query.key_variants[v];
    const auto& qj = query.joined[v];
    const double score = aligned_score(
        q.size(), form.tokens.size(), [&](std::size_t s) { return q[s].size(); },
        [&](std::size_t i) { return form.tokens[i].size(); },
        [&](std::size_t s, std::size_t i) -> double {
          if (q[s] == form.tokens[i]) return 1.0;
          if (romanisation && qk[s] == form.keys[i] && !short_fold_refused(q[s], form.tokens[i]))
            return kRomanisationDiscount;
          if (qj[s] || form.joined[i]) return -1.0;
          if (q[s].size() < kMinFuzzyLetters || form.tokens[i].size() < kMinFuzzyLetters)
            return -1.0;
          if (phonetic_class(q[s][0]) != phonetic_class(form.tokens[i][0])) return -1.0;
          return token_score(form.tokens[i], q[s]);
        },
        &matched);
    if (!all_listed_matched(form, matched, want)) continue;
    m.score = std::max(m.score, score);
    m.exact = m.exact || (score >= 1.0 && q == form.tokens);
  }
  return m;
}

double NameIndex::query_rarity(const std::string& name) const {
  double r = 0;
  for (const auto& t : clean_tokens(name)) r += part_rarity(korean_key(t));
  return r;
}

std::uint32_t NameIndex::key_id(const std::string& key) {
  const auto [it, inserted] = key_ids_.emplace(key, static_cast<std::uint32_t>(postings_.size()));
  if (inserted) postings_.emplace_back();
  return it->second;
}

void NameIndex::add(std::int64_t ent_num, const std::string& name, EntryKind kind) {
  const auto tokens = clean_tokens(name);
  if (tokens.empty()) return;
  auto units = rarity_units(name, tokens);
  {
    std::set<std::string> distinct(units.begin(), units.end());
    for (const auto& u : distinct) ++part_count_[u];
    ++part_names_;
  }
  std::vector<Variant> variants = joined_variants(tokens);
  // Patronymics are often left out (Vitaliy Andreyev for ANDREYEV, Vitaliy Sergeyevich).
  std::vector<std::string> short_form;
  for (const auto& t : tokens)
    if (!is_patronymic(t)) short_form.push_back(t);
  if (short_form.size() >= 2 && short_form.size() < tokens.size())
    variants.push_back({short_form, std::vector<bool>(short_form.size(), false)});
  for (auto& variant : variants) {
    NameForm form{ent_num, kind, name, std::move(variant.tokens), {}, std::move(variant.joined)};
    form.keys = keys_of(form.tokens);
    form.units = units;
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
    if (!e.name.empty() && seen.insert(e.name).second) add(num, e.name, e.kind());
    for (const auto& a : e.aliases)
      if (seen.insert(a.name).second) add(num, a.name, e.kind());
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

std::vector<NameMatch> NameIndex::search(const std::string& name, double threshold,
                                         EntryKind want) const {
  // People match people and organisations organisations; an entry of unknown kind matches both.
  const auto wanted = [&](std::uint32_t f) {
    const EntryKind k = forms_[f].kind;
    return want == EntryKind::unknown || k == EntryKind::unknown || k == want;
  };
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
          if (closed || !wanted(f)) continue;
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
      std::uint64_t matched = 0;
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
            if (qkey[t] == form.key_ids[i] && !short_fold_refused(q[t], form.tokens[i]))
              return kRomanisationDiscount;
            if (qj[t] || form.joined[i]) return -1.0;
            if (q[t].size() < kMinFuzzyLetters || form.tokens[i].size() < kMinFuzzyLetters)
              return -1.0;
            if (fast_phonetic_class(q[t][0]) != fast_phonetic_class(form.tokens[i][0])) return -1.0;
            return s.pair_cache.get(qs[t], form.token_ids[i],
                                    [&] { return token_score(form.tokens[i], q[t]); });
          },
          &matched);
      if (!all_listed_matched(form, matched, want)) continue;
      m.score = std::max(m.score, score);
    }
    return m;
  };
  std::map<std::int64_t, NameMatch> best;
  for (std::size_t i = 0; i < keep; ++i) {
    NameMatch m = score_candidate(forms_[ranked[i].second]);
    if (m.score < threshold) continue;
    const NameForm& form = forms_[ranked[i].second];
    const NameMatch literal = score_form(query, form, false, want);
    m.romanisation = literal.score < m.score;
    m.exact = literal.exact;
    for (const auto& u : form.units) m.rarity += part_rarity(u);
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
