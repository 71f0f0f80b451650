#pragma once
// An index of every listed name (primary and aliases) by token and phonetic key, so a screened
// name is scored only against names that share a token, a Korean romanisation key or a prefix.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "sdn_list.hpp"

namespace candor::plugins::sanctions {

/// One searchable form of a listed name.
struct NameForm {
  std::int64_t ent_num = 0;
  EntryKind kind = EntryKind::unknown;
  std::string listed;                    ///< the name as listed
  std::vector<std::string> tokens;       ///< normalised (legal forms stripped for entities)
  std::vector<std::string> keys;         ///< korean_key of each token
  std::vector<bool> joined;              ///< token made by joining two adjacent ones
  std::vector<std::uint32_t> token_ids;  ///< index key id of each token (equal text, equal id)
  std::vector<std::uint32_t> key_ids;    ///< index key id of each korean_key
  std::vector<std::string> units;        ///< korean_keys of the name's parts, for rarity
};

/// The best match for a query.
struct NameMatch {
  std::int64_t ent_num = 0;
  std::string listed;         ///< the listed name or alias that matched
  double score = 0.0;         ///< 0–1
  bool romanisation = false;  ///< the score came from the Korean romanisation keys
  bool exact = false;         ///< every token of both names equal as written (after folding)
  /// How rare the listed name's parts are: the sum over its parts (surname tokens, the given
  /// names as one part) of an inverse frequency in 0–1 over the list plus common names.
  double rarity = 0.0;
};

/// Forms of one query name, prepared once and matched against the index.
struct PreparedName {
  std::vector<std::vector<std::string>> variants;  ///< tokens, plus adjacent pairs joined
  std::vector<std::vector<std::string>> key_variants;
  std::vector<std::vector<bool>> joined;
};

/// Prepares a name: tokens, legal forms stripped, adjacent tokens joined (Kum Hyok / Kumhyok).
PreparedName prepare_name(const std::string& name);

/// Scores a prepared query against one form. Tokens equal under korean_key count as 0.97;
/// joined tokens count only when equal; other token pairs are compared by Jaro-Winkler only when
/// both have at least kMinFuzzyLetters letters (short syllables differ by one letter: Min/Man).
/// A person's listed name (or one of unknown kind when `want` is person) must have every token
/// aligned, or it scores 0. `romanisation` false scores literal tokens only.
NameMatch score_form(const PreparedName& query, const NameForm& form, bool romanisation = true,
                     EntryKind want = EntryKind::unknown);

/// Tokens shorter than this match only when equal or equal under korean_key.
constexpr std::size_t kMinFuzzyLetters = 5;

class NameIndex {
 public:
  /// Adds every primary name and alias of `list`.
  void add_list(const SdnList& list);
  /// Adds one name of an entry.
  void add(std::int64_t ent_num, const std::string& name, EntryKind kind = EntryKind::unknown);
  /// Matches scoring at least `threshold`, best first, at most one per entity. `want` person
  /// keeps people and unknown entries, entity keeps organisations and unknown entries.
  std::vector<NameMatch> search(const std::string& name, double threshold,
                                EntryKind want = EntryKind::unknown) const;
  std::size_t size() const { return forms_.size(); }
  /// The inverse frequency (0.05–1) of a name part given as its korean_key.
  double part_rarity(const std::string& key) const;
  /// The sum of part_rarity over a screened name's tokens.
  double query_rarity(const std::string& name) const;

 private:
  std::uint32_t key_id(const std::string& key);
  std::vector<NameForm> forms_;
  std::unordered_map<std::string, std::uint32_t> key_ids_;     ///< t:, k:, p: keys
  std::vector<std::vector<std::uint32_t>> postings_;           ///< by key id, form ids ascending
  std::vector<std::vector<std::uint32_t>> form_keys_;          ///< by form id, key ids sorted
  std::unordered_map<std::string, std::uint32_t> part_count_;  ///< names holding a part
  std::size_t part_names_ = 0;                                 ///< names counted
};

}  // namespace candor::plugins::sanctions
