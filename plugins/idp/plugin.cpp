// The idp plugin: what the identity provider's sign-in log (Okta System Log, summarised by
// `candor audit` into the candidate's `idp` section) shows: impossible travel, sign-ins through
// anonymizers, new devices long after onboarding. Login hours go to the timezone plugin and
// shared egress addresses to the links plugin.
#include "candor/plugin.hpp"

#include "candor/error.hpp"
#include "logins.hpp"

namespace candor::plugins::idp {

namespace {

class IdpPlugin final : public Plugin {
 public:
  explicit IdpPlugin(Thresholds thresholds) : thresholds_(thresholds) {}
  PluginOutcome run(RunContext& context) override {
    const Candidate& c = context.candidate();
    if (!c.idp || c.idp->logins.empty())
      return PluginOutcome::skip("no identity-provider sign-ins (audits only)");
    return {evaluate_logins(c.idp->logins, context.fact(facts::kGeoipSessions), thresholds_),
            std::nullopt};
  }

 private:
  Thresholds thresholds_;
};

class IdpFactory final : public PluginFactory {
 public:
  std::string name() const override { return "idp"; }
  std::string description() const override {
    return "identity-provider sign-ins (Okta, in audits): impossible travel, anonymizers, "
           "device churn";
  }
  std::vector<std::string_view> uses() const override { return {facts::kGeoipSessions.name}; }
  std::vector<SignalSpec> signals() const override { return signal_table(); }
  void configure(const nlohmann::json& section, const PluginSetup& setup) override {
    reject_unknown_keys(section, {"proxy_share", "settle_days", "new_devices"}, setup.policy_file,
                        "plugins.idp");
    const auto number = [&](const char* key, double min, double max, double fallback) {
      if (!section.contains(key)) return fallback;
      const auto& v = section[key];
      if (!v.is_number() || v.get<double>() < min || v.get<double>() > max)
        throw ConfigError(
            setup.policy_file, std::string("plugins.idp.") + key,
            "expected a number from " + std::to_string(min) + " to " + std::to_string(max));
      return v.get<double>();
    };
    thresholds_.proxy_share = number("proxy_share", 0.0, 1.0, 0.2);
    thresholds_.settle_days = int(number("settle_days", 0, 365, 14));
    thresholds_.new_devices = int(number("new_devices", 1, 1000, 2));
  }
  std::unique_ptr<Plugin> make() const override { return std::make_unique<IdpPlugin>(thresholds_); }

 private:
  Thresholds thresholds_;
};

}  // namespace

std::shared_ptr<PluginFactory> make_factory() { return std::make_shared<IdpFactory>(); }

}  // namespace candor::plugins::idp
