// The phone plugin: parses each number the candidate gave with libphonenumber, using the
// claimed country as the default region, and reports numbers that are invalid, belong to
// another country than the one claimed, or are VoIP numbers.
#include <set>

#include "candor/phone/phone_numbers.hpp"
#include "candor/plugin.hpp"

namespace candor::plugins {

namespace {

constexpr double kInvalidLlr = 0.7;
constexpr double kRegionMismatchLlr = 1.6;
constexpr double kVoipLlr = 1.2;
constexpr const char* kGroup = "phone";

Signal make_signal(std::string id, std::string summary, double llr, nlohmann::json evidence) {
  Signal s;
  s.id = std::move(id);
  s.summary = std::move(summary);
  s.llr = llr;
  s.evidence = std::move(evidence);
  s.group = kGroup;
  return s;
}

class PhonePlugin final : public Plugin {
 public:
  PluginOutcome run(RunContext& context) override {
    const Candidate& c = context.candidate();
    if (c.phones.empty()) return PluginOutcome::skip("no phone number given");
    const std::string& claimed = c.claimed_location.country;
    std::vector<phone::PhoneFacts> analysed;
    analysed.reserve(c.phones.size());
    std::vector<NormalisedPhone> numbers;
    for (const auto& number : c.phones) {
      analysed.push_back(phone::analyse_phone(number, claimed));
      const auto& f = analysed.back();
      numbers.push_back({number, f.parsed && f.possible ? f.e164 : ""});
    }
    // The links plugin keys phones by these E.164 forms instead of parsing each number again.
    context.provide(facts::kPhoneNumbers, std::move(numbers));

    PluginOutcome outcome;
    std::set<std::string> seen;
    for (const auto& f : analysed) {
      const std::string& number = f.input;
      if (!f.parsed) {
        // A local number with no claimed country to read it against says nothing.
        if (claimed.empty() && number.find('+') == std::string::npos) continue;
        outcome.signals.push_back(make_signal(
            "phone.invalid", "The phone number " + number + " cannot be parsed: " + f.parse_error,
            kInvalidLlr, {{"number", number}, {"reason", f.parse_error}}));
        continue;
      }
      if (!seen.insert(f.e164).second) continue;
      if (!f.valid) {
        outcome.signals.push_back(make_signal(
            "phone.invalid",
            "The phone number " + f.e164 + " is not a number that can be assigned in " +
                f.region,
            kInvalidLlr,
            {{"number", number}, {"e164", f.e164}, {"region", f.region},
             {"reason", "not a valid number"}}));
        continue;
      }
      if (!claimed.empty() && !f.valid_for_claimed) {
        outcome.signals.push_back(make_signal(
            "phone.region_mismatch",
            "The phone number " + f.e164 + " belongs to " + f.region + ", not the claimed " +
                claimed,
            kRegionMismatchLlr,
            {{"number", number}, {"e164", f.e164}, {"number_region", f.region},
             {"claimed_country", claimed}, {"type", f.type}}));
      }
      if (f.type == "voip") {
        outcome.signals.push_back(make_signal(
            "phone.voip", "The phone number " + f.e164 + " is a VoIP number", kVoipLlr,
            {{"number", number}, {"e164", f.e164}, {"region", f.region}, {"type", f.type}}));
      }
    }
    return outcome;
  }
};

class PhoneFactory final : public PluginFactory {
 public:
  std::string name() const override { return "phone"; }
  std::string description() const override {
    return "phone numbers: validity, region against the claimed country, VoIP (libphonenumber)";
  }
  std::vector<std::string_view> provides() const override {
    return {facts::kPhoneNumbers.name};
  }
  void configure(const nlohmann::json& section, const PluginSetup& setup) override {
    reject_unknown_keys(section, {}, setup.policy_file, "plugins.phone");
  }
  Readiness readiness() const override {
    return {true, "libphonenumber metadata built in", "", {}};
  }
  std::unique_ptr<Plugin> make() const override { return std::make_unique<PhonePlugin>(); }
};

}  // namespace

std::shared_ptr<PluginFactory> make_phone_plugin() { return std::make_shared<PhoneFactory>(); }

}  // namespace candor::plugins
