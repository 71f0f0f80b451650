#pragma once
// Perceptual hashes of document images from candidates screened moments ago, which the store may
// not show yet (see candor/recent_keys.hpp: with several workers, two candidates submitting the
// same image at the same time would each miss the other). Image reuse is a near match, not an
// exact key, so each registration is compared with the recent ones by Hamming distance.
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace candor::plugins::document {

class RecentHashes {
 public:
  struct Match {
    std::string candidate_id;
    std::string name;
    int distance = 0;
  };

  /// Keeps the last `capacity` images: far more than candidates in flight at once.
  explicit RecentHashes(std::size_t capacity = 4096) : capacity_(capacity) {}

  /// Registers `hash` as `candidate_id`'s and returns other candidates' earlier registrations
  /// within `max_distance` bits.
  std::vector<Match> exchange(const std::string& candidate_id, const std::string& name,
                              std::uint64_t hash, int max_distance);
  /// Drops every registration of `candidate_id` (the candidate was erased).
  void forget(const std::string& candidate_id);

 private:
  struct Entry {
    std::uint64_t hash;
    std::string candidate_id;
    std::string name;
  };
  std::mutex mutex_;
  std::size_t capacity_;
  std::deque<Entry> entries_;
};

}  // namespace candor::plugins::document
