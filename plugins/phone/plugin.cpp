// The phone plugin: parses each number the candidate gave with libphonenumber, using the
// claimed country as the default region, and reports numbers that are invalid, belong to
// another country than the one claimed, or are VoIP numbers.
#include "candor/plugin.hpp"

#include <set>

#include "candor/phone/phone_numbers.hpp"

namespace candor::plugins::phone {

namespace {

// All three share the group `phone` (capped in the policy), so together they stay mild.
const std::vector<SignalSpec> kSignals = {
    {"phone.invalid",
     "phone",
     {{"", 0.7}},
     false,
     "a phone number cannot be parsed or cannot be assigned in its region"},
    {"phone.region_mismatch",
     "phone",
     {{"", 1.6}},
     false,
     "a valid phone number is not a number of the claimed country"},
    {"phone.voip", "phone", {{"", 1.2}}, false, "a phone number is a VoIP number"},
};

const SignalSpec& kInvalid = find_spec(kSignals, "phone.invalid");
const SignalSpec& kRegionMismatch = find_spec(kSignals, "phone.region_mismatch");
const SignalSpec& kVoip = find_spec(kSignals, "phone.voip");

class PhonePlugin final : public Plugin {
 public:
  explicit PhonePlugin(std::size_t max_chars) : max_chars_(max_chars) {}

  PluginOutcome run(RunContext& context) override {
    const Candidate& c = context.candidate();
    if (c.phones.empty()) return PluginOutcome::skip("no phone number given");
    const std::string& claimed = c.claimed_location.country;
    std::vector<candor::phone::PhoneFacts> analysed;
    analysed.reserve(c.phones.size());
    std::vector<NormalisedPhone> numbers;
    for (const auto& number : c.phones) {
      analysed.push_back(candor::phone::analyse_phone(number, claimed, max_chars_));
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
        outcome.signals.push_back(
            kInvalid.make("The phone number " + number + " cannot be parsed: " + f.parse_error,
                          {{"number", number}, {"reason", f.parse_error}}));
        continue;
      }
      if (!seen.insert(f.e164).second) continue;
      if (!f.valid) {
        outcome.signals.push_back(kInvalid.make(
            "The phone number " + f.e164 + " is not a number that can be assigned in " + f.region,
            {{"number", number},
             {"e164", f.e164},
             {"region", f.region},
             {"reason", "not a valid number"}}));
        continue;
      }
      if (!claimed.empty() && !f.valid_for_claimed) {
        outcome.signals.push_back(kRegionMismatch.make("The phone number " + f.e164 +
                                                           " belongs to " + f.region +
                                                           ", not the claimed " + claimed,
                                                       {{"number", number},
                                                        {"e164", f.e164},
                                                        {"number_region", f.region},
                                                        {"claimed_country", claimed},
                                                        {"type", f.type}}));
      }
      if (f.type == "voip") {
        outcome.signals.push_back(kVoip.make(
            "The phone number " + f.e164 + " is a VoIP number",
            {{"number", number}, {"e164", f.e164}, {"region", f.region}, {"type", f.type}}));
      }
    }
    return outcome;
  }

 private:
  std::size_t max_chars_;
};

class PhoneFactory final : public PluginFactory {
 public:
  std::string name() const override { return "phone"; }
  std::string description() const override {
    return "phone numbers: validity, region against the claimed country, VoIP (libphonenumber)";
  }
  std::vector<std::string_view> provides() const override { return {facts::kPhoneNumbers.name}; }
  std::vector<SignalSpec> signals() const override { return kSignals; }
  void configure(const nlohmann::json& section, const PluginSetup& setup) override {
    reject_unknown_keys(section, {}, setup.policy_file, "plugins.phone");
    max_chars_ = setup.limits.phone_chars;
  }
  Readiness readiness() const override {
    return {true, "libphonenumber metadata built in", "", {}};
  }
  std::unique_ptr<Plugin> make() const override {
    return std::make_unique<PhonePlugin>(max_chars_);
  }

 private:
  std::size_t max_chars_ = kMaxPhoneChars;
};

}  // namespace

std::shared_ptr<PluginFactory> make_factory() { return std::make_shared<PhoneFactory>(); }

}  // namespace candor::plugins::phone
