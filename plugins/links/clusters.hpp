#pragma once
// Clusters of candidates connected by shared identifiers (union-find over the store).
#include <string>
#include <vector>

#include "candor/store.hpp"

namespace candor::plugins::links {

/// Every identifier kind the links plugin remembers (store kinds are "links.<kind>").
const std::vector<std::string>& identifier_kinds();

struct SharedIdentifier {
  std::string kind, key;
  std::vector<std::string> candidates;  ///< ids sharing it
};

struct Cluster {
  std::vector<std::string> members;     ///< candidate ids, sorted
  std::vector<std::string> names;       ///< names, same order
  std::vector<SharedIdentifier> links;  ///< identifiers shared inside the cluster
};

/// Clusters with at least `min_size` members, largest first.
std::vector<Cluster> find_clusters(const Store& store, std::size_t min_size);

}  // namespace candor::plugins::links
