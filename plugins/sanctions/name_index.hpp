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
  std::string listed;                    ///< the name as listed
  std::vector<std::string> tokens;       ///< normalised (legal forms stripped for entities)
  std::vector<std::string> keys;         ///< korean_key of each token
  std::vector<bool> joined;              ///< token made by joining two adjacent ones
  std::vector<std::uint32_t> token_ids;  ///< index key id of each token (equal text, equal id)
  std::vector<std::uint32_t> key_ids;    ///< index key id of each korean_key
};

/// The best match for a query.
struct NameMatch {
  std::int64_t ent_num = 0;
  std::string listed;         ///< the listed name or alias that matched
  double score = 0.0;         ///< 0–1
  bool romanisation = false;  ///< the score came from the Korean romanisation keys
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
/// joined tokens count only when equal. `romanisation` false scores literal tokens only.
NameMatch score_form(const PreparedName& query, const NameForm& form, bool romanisation = true);

class NameIndex {
 public:
  /// Adds every primary name and alias of `list`.
  void add_list(const SdnList& list);
  /// Adds one name of an entry.
  void add(std::int64_t ent_num, const std::string& name);
  /// Matches scoring at least `threshold`, best first, at most one per entity.
  std::vector<NameMatch> search(const std::string& name, double threshold) const;
  std::size_t size() const { return forms_.size(); }

 private:
  std::uint32_t key_id(const std::string& key);
  std::vector<NameForm> forms_;
  std::unordered_map<std::string, std::uint32_t> key_ids_;  ///< t:, k:, p: keys
  std::vector<std::vector<std::uint32_t>> postings_;        ///< by key id, form ids ascending
  std::vector<std::vector<std::uint32_t>> form_keys_;       ///< by form id, key ids sorted
};

}  // namespace candor::plugins::sanctions
