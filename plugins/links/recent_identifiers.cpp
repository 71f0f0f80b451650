#include "recent_identifiers.hpp"

#include <algorithm>
#include <functional>

namespace candor::links {

std::vector<std::vector<RecentIdentifiers::HolderPtr>> RecentIdentifiers::exchange(
    HolderPtr holder, const std::vector<Identifier>& ids) {
  std::vector<std::vector<HolderPtr>> seen(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::string key = ids[i].kind + '\n' + ids[i].key;
    Shard& shard = shards_[std::hash<std::string>{}(key) % kShards];
    std::lock_guard lock(shard.mutex);
    auto& sequences = shard.by_key[key];
    for (const std::uint64_t s : sequences) {
      const HolderPtr& other = shard.entries[s - shard.first].holder;
      if (other->candidate_id != holder->candidate_id) seen[i].push_back(other);
    }
    sequences.push_back(shard.first + shard.entries.size());
    shard.entries.push_back({std::move(key), holder});
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

}  // namespace candor::links
