#pragma once
// The loaded list with its name index and wallet table, shared read-only by all workers.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "identifiers.hpp"
#include "name_index.hpp"
#include "sdn_list.hpp"

namespace candor::plugins::sanctions {

/// The store item kind holding the fields the plugin screened (`candor rescreen` reads it).
inline constexpr std::string_view kInputItemKind = "sanctions.input";

/// The name-match threshold when the policy sets none (`plugins.sanctions.threshold`).
constexpr double kDefaultThreshold = 0.92;

struct ListedWallet {
  std::int64_t ent_num = 0;
  std::string currency;
  std::string address;
};

struct ScreeningData {
  SdnList list;
  NameIndex index;
  std::unordered_map<std::string, std::vector<ListedWallet>> wallets;  ///< by normalise_wallet
  std::unordered_map<std::int64_t, ListedIdentifiers> identifiers;     ///< by ent_num
  /// Entries by a listed passport/ID number (normalise_document) and by a listed e-mail.
  std::unordered_map<std::string, std::vector<std::int64_t>> documents, emails;

  const SdnEntry* entry(std::int64_t ent_num) const;
};

/// Loads the folders (each holding some of the four files) and builds the index and wallet
/// table, each file within its limit in `limits`. DataError when a folder is missing or holds
/// none of the files.
std::shared_ptr<ScreeningData> load_screening_data(const std::vector<std::filesystem::path>& dirs,
                                                   const Limits& limits = {});

/// Builds the index and wallet table of an already loaded list.
void index_screening_data(ScreeningData& data, std::size_t max_wallet_chars = kMaxSdnWalletChars);

}  // namespace candor::plugins::sanctions
