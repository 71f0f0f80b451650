#pragma once
// Keys (identifiers, document numbers) of candidates screened moments ago, which the store may
// not show yet. With several workers two candidates sharing a phone or a passport number can be
// screened at the same time, each looking the other up before either is recorded, and neither
// would see the other. A plugin registers a key and reads everyone else's registrations of it in
// one step, so of two such candidates the later one always sees the earlier, as it would
// screened one after the other.
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace candor {

/// Whose key it is; `name` and `date_of_birth` are what the plugin compares identities by.
struct KeyHolder {
  std::string candidate_id;
  std::string name;
  std::string date_of_birth;
};

class RecentKeys {
 public:
  using HolderPtr = std::shared_ptr<const KeyHolder>;

  /// Keeps about the last `capacity` registrations: far more than candidates in flight at once.
  explicit RecentKeys(std::size_t capacity = 8192) : shard_capacity_(capacity / kShards + 1) {}

  /// Registers `keys` as `holder`'s and returns, for each of them, the other holders that
  /// registered it before (oldest first).
  std::vector<std::vector<HolderPtr>> exchange(HolderPtr holder,
                                               const std::vector<std::string>& keys);
  /// Drops every registration of `candidate_id` (the candidate was erased).
  void forget(std::string_view candidate_id);

 private:
  // Each key lives in one shard, locked on its own: workers rarely wait for each other.
  static constexpr std::size_t kShards = 64;
  struct Entry {
    std::string key;
    HolderPtr holder;
  };
  struct Shard {
    std::mutex mutex;
    std::deque<Entry> entries;  // registration order; entries[i] has sequence first + i
    std::uint64_t first = 0;
    std::unordered_map<std::string, std::vector<std::uint64_t>> by_key;
  };
  std::size_t shard_capacity_;
  std::array<Shard, kShards> shards_;
};

}  // namespace candor
