// What every store offers on top of its interface.
#include "candor/store.hpp"

namespace candor {

std::optional<std::string> latest_verdict_json(const Store& store, std::string_view id) {
  auto found = store.find(kVerdictItemKind, id);
  // Screening replaces a candidate's items, so there is at most one per id.
  if (found.empty()) return std::nullopt;
  return std::move(found.front().payload);
}

}  // namespace candor
