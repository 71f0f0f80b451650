#include "candor/policy.hpp"

#include <cmath>

#include "candor/error.hpp"
#include "candor/limits.hpp"

namespace candor {

namespace detail {
extern const std::string_view kEmbeddedPolicy;
}

namespace {

double probability(const nlohmann::json& v, const std::string& file, const std::string& key) {
  if (!v.is_number()) throw ConfigError(file, key, "expected a number");
  const double p = v.get<double>();
  if (!(p > 0.0 && p < 1.0)) throw ConfigError(file, key, "expected a probability in (0, 1)");
  return p;
}

double positive(const nlohmann::json& v, const std::string& file, const std::string& key) {
  if (!v.is_number() || v.get<double>() <= 0.0)
    throw ConfigError(file, key, "expected a positive number");
  return v.get<double>();
}

void merge(const nlohmann::json& json, const std::string& file, Policy& policy) {
  if (!json.is_object()) throw ConfigError(file, "/", "expected a JSON object");
  for (const auto& [key, value] : json.items()) {
    if (key == "prior") {
      policy.prior = probability(value, file, "prior");
    } else if (key == "bands") {
      if (!value.is_object()) throw ConfigError(file, "bands", "expected an object");
      for (const auto& [band, threshold] : value.items()) {
        const std::string name = "bands." + band;
        if (band == "review")
          policy.bands.review = probability(threshold, file, name);
        else if (band == "high")
          policy.bands.high = probability(threshold, file, name);
        else if (band == "critical")
          policy.bands.critical = probability(threshold, file, name);
        else
          throw ConfigError(file, name, "unknown key (expected review, high, critical)");
      }
    } else if (key == "group_caps") {
      if (!value.is_object()) throw ConfigError(file, "group_caps", "expected an object");
      for (const auto& [group, cap] : value.items())
        policy.group_caps[group] = positive(cap, file, "group_caps." + group);
    } else if (key == "default_group_cap") {
      policy.default_group_cap = positive(value, file, key);
    } else if (key == "signal_llr") {
      if (!value.is_object()) throw ConfigError(file, "signal_llr", "expected an object");
      for (const auto& [id, llr] : value.items()) {
        if (!llr.is_number()) throw ConfigError(file, "signal_llr." + id, "expected a number");
        if (id.find('.') == std::string::npos)
          throw ConfigError(file, "signal_llr." + id, "expected a signal id plugin.name");
        policy.signal_llr[id] = llr.get<double>();
      }
    } else if (key == "audit") {
      if (!value.is_object()) throw ConfigError(file, "audit", "expected an object");
      for (const auto& [name, setting] : value.items()) {
        if (name != "retention_days")
          throw ConfigError(file, "audit." + name, "unknown key (expected retention_days)");
        if (!setting.is_number_integer() || setting.get<int>() < 1)
          throw ConfigError(file, "audit.retention_days", "expected a whole number of days >= 1");
        policy.audit_retention_days = setting.get<int>();
      }
    } else if (key == "on_plugin_error") {
      if (value != "review" && value != "ignore")
        throw ConfigError(file, key, "expected \"review\" or \"ignore\"");
      policy.review_on_plugin_error = value == "review";
    } else if (key == "store") {
      if (!value.is_string() || value.get<std::string>().empty())
        throw ConfigError(file, key,
                          "expected a store URL (postgresql://…, sqlite:PATH or a path)");
      policy.store = value.get<std::string>();
    } else if (key == "limits") {
      parse_limits(value, file, policy.limits);
    } else if (key == "plugins") {
      if (!value.is_object()) throw ConfigError(file, "plugins", "expected an object");
      for (const auto& [plugin, section] : value.items()) {
        if (!section.is_object())
          throw ConfigError(file, "plugins." + plugin, "expected an object");
        policy.plugins[plugin] = section;
      }
    } else {
      throw ConfigError(file, key, "unknown key");
    }
  }
  const auto& b = policy.bands;
  if (!(b.review < b.high && b.high < b.critical))
    throw ConfigError(file, "bands", "thresholds must rise: review < high < critical");
}

}  // namespace

const nlohmann::json& Policy::plugin_section(const std::string& plugin) const {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto it = plugins.find(plugin);
  return it == plugins.end() ? kEmpty : *it;
}

std::string_view embedded_policy_text() { return detail::kEmbeddedPolicy; }

const Policy& default_policy() {
  static const Policy policy = [] {
    Policy p;
    merge(nlohmann::json::parse(detail::kEmbeddedPolicy), "embedded policy", p);
    p.source = "embedded";
    return p;
  }();
  return policy;
}

Policy parse_policy(const nlohmann::json& json, const std::string& file) {
  Policy policy = default_policy();
  policy.source = file;
  merge(json, file, policy);
  return policy;
}

Policy load_policy(const std::filesystem::path& path) {
  if (const auto problem = unreadable_file(path, kMaxPolicyFileBytes))
    throw ConfigError(path.string(), "",
                      *problem == "cannot open file" ? "cannot open policy file" : *problem);
  nlohmann::json json;
  if (const auto bad = parse_json(read_whole_file(path), json))
    throw ConfigError(path.string(), "byte " + std::to_string(bad->byte), bad->problem);
  return parse_policy(json, path.string());
}

}  // namespace candor
