#include "candor/recent_keys.hpp"

#include <algorithm>
#include <functional>

namespace candor {

std::vector<std::vector<RecentKeys::HolderPtr>> RecentKeys::exchange(
    HolderPtr holder, const std::vector<std::string>& keys) {
  std::vector<std::vector<HolderPtr>> seen(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    Shard& shard = shards_[std::hash<std::string>{}(keys[i]) % kShards];
    std::lock_guard lock(shard.mutex);
    auto& sequences = shard.by_key[keys[i]];
    for (const std::uint64_t s : sequences) {
      const HolderPtr& other = shard.entries[s - shard.first].holder;
      if (other && other->candidate_id != holder->candidate_id) seen[i].push_back(other);
    }
    sequences.push_back(shard.first + shard.entries.size());
    shard.entries.push_back({keys[i], holder});
    if (shard.entries.size() > shard_capacity_) {
      const Entry& oldest = shard.entries.front();
      const auto it = shard.by_key.find(oldest.key);
      auto& old_sequences = it->second;
      old_sequences.erase(std::find(old_sequences.begin(), old_sequences.end(), shard.first));
      if (old_sequences.empty()) shard.by_key.erase(it);
      shard.entries.pop_front();
      ++shard.first;
    }
  }
  return seen;
}

void RecentKeys::forget(std::string_view candidate_id) {
  // An erased holder's entries stay as empty slots until they age out, so sequences stay valid.
  for (Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    for (Entry& entry : shard.entries)
      if (entry.holder && entry.holder->candidate_id == candidate_id) entry.holder = nullptr;
  }
}

}  // namespace candor
