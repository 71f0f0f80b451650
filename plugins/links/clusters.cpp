#include "clusters.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

namespace candor::plugins::links {

const std::vector<std::string>& identifier_kinds() {
  static const std::vector<std::string> kinds = {"email",  "phone",  "address", "bank_account",
                                                 "wallet", "device", "ip",      "ip_mobile"};
  return kinds;
}

std::vector<Cluster> find_clusters(const Store& store, std::size_t min_size) {
  std::map<std::pair<std::string, std::string>, std::set<std::string>> holders;
  std::map<std::string, std::string> names;
  for (const auto& kind : identifier_kinds()) {
    // Collect inside the callback only: the store holds a lock while scanning.
    store.scan("links." + kind, [&](const StoredItem& item) {
      holders[{kind, item.key}].insert(item.candidate_id);
      names[item.candidate_id] = item.candidate_name;
    });
  }
  std::vector<std::string> ids;
  for (const auto& [id, name] : names) ids.push_back(id);
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < ids.size(); ++i) index[ids[i]] = i;
  std::vector<std::size_t> parent(ids.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto root = [&](std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const auto& [ident, who] : holders) {
    if (who.size() < 2) continue;
    const std::size_t first = root(index[*who.begin()]);
    for (const auto& id : who) parent[root(index[id])] = first;
  }
  std::map<std::size_t, Cluster> by_root;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Cluster& c = by_root[root(i)];
    c.members.push_back(ids[i]);
    c.names.push_back(names[ids[i]]);
  }
  for (const auto& [ident, who] : holders) {
    if (who.size() < 2) continue;
    by_root[root(index[*who.begin()])].links.push_back(
        {ident.first, ident.second, std::vector<std::string>(who.begin(), who.end())});
  }
  std::vector<Cluster> out;
  for (auto& [r, c] : by_root)
    if (c.members.size() >= std::max<std::size_t>(min_size, 2)) out.push_back(std::move(c));
  std::stable_sort(out.begin(), out.end(), [](const Cluster& a, const Cluster& b) {
    return a.members.size() > b.members.size();
  });
  return out;
}

}  // namespace candor::plugins::links
