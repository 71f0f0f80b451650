#pragma once
// The loaded list with its name index and wallet table, shared read-only by all workers.
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "name_index.hpp"
#include "sdn_list.hpp"

namespace candor::plugins::sanctions {

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

  const SdnEntry* entry(std::int64_t ent_num) const;
};

/// Loads the folders (each holding some of the four files) and builds the index and wallet
/// table. DataError when a folder is missing or holds none of the files.
std::shared_ptr<ScreeningData> load_screening_data(const std::vector<std::filesystem::path>& dirs);

/// Builds the index and wallet table of an already loaded list.
void index_screening_data(ScreeningData& data);

}  // namespace candor::plugins::sanctions
