#include "candor/plugin.hpp"

#include <algorithm>

#include "candor/error.hpp"

namespace candor {

void RunContext::remember(std::string kind, std::string key, std::string payload) {
  staged_.push_back({std::move(kind), std::move(key), std::move(payload)});
}

void reject_unknown_keys(const nlohmann::json& section, const std::vector<std::string>& known,
                         const std::string& file, const std::string& prefix) {
  if (!section.is_object()) throw ConfigError(file, prefix, "expected an object");
  for (const auto& [key, value] : section.items())
    if (std::find(known.begin(), known.end(), key) == known.end())
      throw ConfigError(file, prefix + "." + key, "unknown key");
}

}  // namespace candor
