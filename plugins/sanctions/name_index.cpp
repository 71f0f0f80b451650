#include "name_index.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "name_score.hpp"
#include "name_text.hpp"

namespace candor::sanctions {

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

void NameIndex::post(const std::string& key, std::uint32_t form) {
  auto& list = postings_[key];
  if (list.empty() || list.back() != form) list.push_back(form);
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
    for (std::size_t i = 0; i < form.tokens.size(); ++i) {
      post("t:" + form.tokens[i], id);
      post("k:" + form.keys[i], id);
      post(prefix_key(form.keys[i]), id);
    }
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

std::vector<NameMatch> NameIndex::search(const std::string& name, double threshold) const {
  const PreparedName query = prepare_name(name);
  if (query.variants.empty()) return {};
  // Blocking: each form gets, per query token, the inverse-frequency weight of the rarest key it
  // shares with that token; the best-weighted forms are scored in full.
  std::unordered_map<std::uint32_t, double> weight;
  const double n = static_cast<double>(forms_.size()) + 1.0;
  for (std::size_t v = 0; v < query.variants.size(); ++v) {
    for (std::size_t t = 0; t < query.variants[v].size(); ++t) {
      std::unordered_map<std::uint32_t, double> token_weight;
      for (const std::string& key : {"t:" + query.variants[v][t], "k:" + query.key_variants[v][t],
                                    prefix_key(query.key_variants[v][t])}) {
        const auto it = postings_.find(key);
        if (it == postings_.end()) continue;
        const double w = std::log(n / static_cast<double>(it->second.size()));
        for (auto f : it->second) {
          double& cur = token_weight[f];
          cur = std::max(cur, w);
        }
      }
      for (const auto& [f, w] : token_weight) weight[f] += w;
    }
  }
  std::vector<std::pair<double, std::uint32_t>> ranked;
  ranked.reserve(weight.size());
  for (const auto& [f, w] : weight) ranked.emplace_back(w, f);
  const std::size_t keep = std::min(kMaxCandidates, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                    ranked.end(), [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first : a.second < b.second;
                    });
  std::map<std::int64_t, NameMatch> best;
  for (std::size_t i = 0; i < keep; ++i) {
    NameMatch m = score_form(query, forms_[ranked[i].second]);
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

}  // namespace candor::sanctions
