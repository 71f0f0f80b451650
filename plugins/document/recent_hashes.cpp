#include "recent_hashes.hpp"

#include <bit>

namespace candor::plugins::document {

std::vector<RecentHashes::Match> RecentHashes::exchange(const std::string& candidate_id,
                                                        const std::string& name, std::uint64_t hash,
                                                        int max_distance) {
  std::vector<Match> matches;
  std::lock_guard lock(mutex_);
  for (const Entry& e : entries_) {
    const int distance = std::popcount(hash ^ e.hash);
    if (distance <= max_distance && e.candidate_id != candidate_id)
      matches.push_back({e.candidate_id, e.name, distance});
  }
  entries_.push_back({hash, candidate_id, name});
  if (entries_.size() > capacity_) entries_.pop_front();
  return matches;
}

void RecentHashes::forget(const std::string& candidate_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const Entry& e) { return e.candidate_id == candidate_id; });
}

}  // namespace candor::plugins::document
