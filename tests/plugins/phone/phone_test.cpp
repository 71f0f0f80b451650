#include <algorithm>

#include "candor/error.hpp"
#include "candor/pipeline.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

namespace candor::plugins::phone {
std::shared_ptr<PluginFactory> make_factory();
}

using namespace candor;

namespace {

// Screens one candidate with only the phone plugin through the real pipeline (no store).
Verdict screen(const nlohmann::json& candidate_json, const Policy& policy = default_policy()) {
  auto factory = plugins::phone::make_factory();
  factory->configure(nlohmann::json::object(),
                     PluginSetup{DataDir("/nonexistent"), nullptr, "test", policy.limits});
  Pipeline pipeline(policy, {factory}, nullptr);
  const Candidate c = parse_candidate(candidate_json, "test.json", "/");
  return pipeline.make_worker()->screen(c);
}

std::vector<std::string> ids(const Verdict& v) {
  std::vector<std::string> out;
  for (const auto& s : v.signals) out.push_back(s.signal.id);
  std::sort(out.begin(), out.end());
  return out;
}

const Signal* find(const Verdict& v, const std::string& id) {
  for (const auto& s : v.signals)
    if (s.signal.id == id) return &s.signal;
  return nullptr;
}

nlohmann::json person(const std::string& country, std::vector<std::string> phones) {
  nlohmann::json j = {
      {"id", "p1"}, {"name", "Test Person"}, {"claimed_location", {{"country", country}}}};
  j["phone"] = phones.front();
  phones.erase(phones.begin());
  if (!phones.empty()) j["phones"] = phones;
  return j;
}

}  // namespace

TEST_CASE("a US number written in national format for a US candidate is clean", "[phone]") {
  const Verdict v = screen(person("US", {"(512) 463-4630"}));
  CHECK(ids(v).empty());
  REQUIRE(v.plugins.size() == 1);
  CHECK(v.plugins[0].status == "ok");
  CHECK(v.band == Band::clear);
}

TEST_CASE("a Chinese mobile number for a candidate claiming the US is a region mismatch",
          "[phone]") {
  const Verdict v = screen(person("US", {"+86 138 0013 8000"}));
  REQUIRE(ids(v) == std::vector<std::string>{"phone.region_mismatch"});
  const Signal* s = find(v, "phone.region_mismatch");
  CHECK(s->evidence["e164"] == "+8613800138000");
  CHECK(s->evidence["number_region"] == "CN");
  CHECK(s->evidence["claimed_country"] == "US");
  CHECK(s->group == "phone");
  CHECK(s->llr > 1.0);
  CHECK(v.band == Band::clear);  // one oddity alone leaves a candidate clear
}

TEST_CASE("a Canadian number is a mismatch for the US though both share +1", "[phone]") {
  const Verdict v = screen(person("US", {"+1 416-555-0199", "+1 604 775 6500"}));
  const Signal* s = find(v, "phone.region_mismatch");
  REQUIRE(s != nullptr);
  CHECK(s->evidence["number_region"] == "CA");
}

TEST_CASE("a number valid for the claimed country is not a mismatch (German, national format)",
          "[phone]") {
  const Verdict v = screen(person("DE", {"030 1827 2720"}));
  CHECK(find(v, "phone.region_mismatch") == nullptr);
  CHECK(find(v, "phone.invalid") == nullptr);
}

TEST_CASE("a UK 056 number is VoIP", "[phone]") {
  const Verdict v = screen(person("GB", {"056 1234 5678"}));
  const Signal* s = find(v, "phone.voip");
  REQUIRE(s != nullptr);
  CHECK(s->evidence["e164"] == "+445612345678");
  CHECK(s->evidence["type"] == "voip");
  CHECK(find(v, "phone.region_mismatch") == nullptr);
}

TEST_CASE("numbers that cannot exist are invalid", "[phone]") {
  SECTION("too short") {
    const Verdict v = screen(person("US", {"555-12"}));
    CHECK(ids(v) == std::vector<std::string>{"phone.invalid"});
  }
  SECTION("not a number") {
    const Verdict v = screen(person("US", {"call me"}));
    CHECK(ids(v) == std::vector<std::string>{"phone.invalid"});
  }
  SECTION("US area code 099 does not exist") {
    const Verdict v = screen(person("US", {"+1 099 555 0123"}));
    REQUIRE(ids(v) == std::vector<std::string>{"phone.invalid"});
    CHECK(find(v, "phone.invalid")->evidence["e164"] == "+10995550123");
  }
}

TEST_CASE("a candidate with no phone is skipped", "[phone]") {
  const Verdict v = screen({{"id", "p2"}, {"name", "No Phone"}});
  REQUIRE(v.plugins.size() == 1);
  CHECK(v.plugins[0].status == "skipped");
}

TEST_CASE("the same number given twice is reported once", "[phone]") {
  const Verdict v = screen(person("US", {"+86 138 0013 8000", "+8613800138000"}));
  CHECK(ids(v) == std::vector<std::string>{"phone.region_mismatch"});
}

TEST_CASE("unknown keys in the phone section are rejected", "[phone]") {
  auto factory = plugins::phone::make_factory();
  const PluginSetup setup{DataDir("/x"), nullptr, "p.json"};
  const nlohmann::json section = {{"bogus", 1}};
  CHECK_THROWS_AS(factory->configure(section, setup), ConfigError);
}

TEST_CASE("the phone signal table lists every signal with its default LLR", "[phone]") {
  const auto specs = plugins::phone::make_factory()->signals();
  REQUIRE(specs.size() == 3);
  CHECK(find_spec(specs, "phone.invalid").levels.front().llr == 0.7);
  CHECK(find_spec(specs, "phone.region_mismatch").levels.front().llr == 1.6);
  CHECK(find_spec(specs, "phone.voip").levels.front().llr == 1.2);
  for (const auto& spec : specs) CHECK(spec.group == "phone");
}

TEST_CASE("a policy's signal_llr override of phone.region_mismatch changes the verdict",
          "[phone]") {
  const auto candidate = person("US", {"+86 138 0013 8000"});
  const Verdict by_default = screen(candidate);
  REQUIRE(find(by_default, "phone.region_mismatch") != nullptr);
  CHECK(find(by_default, "phone.region_mismatch")->llr == Approx(1.6));
  CHECK(by_default.band == Band::clear);

  // The phone group's cap (2.0) would hold any stronger override back; lift it too.
  const Policy policy = parse_policy(
      {{"group_caps", {{"phone", 10.0}}}, {"signal_llr", {{"phone.region_mismatch", 6.0}}}},
      "override.json");
  const Verdict overridden = screen(candidate, policy);
  REQUIRE(find(overridden, "phone.region_mismatch") != nullptr);
  CHECK(find(overridden, "phone.region_mismatch")->llr == Approx(6.0));
  CHECK(overridden.log_odds == Approx(by_default.log_odds + 6.0 - 1.6));
  CHECK(overridden.band != Band::clear);
}

TEST_CASE("the policy's limits.phone_chars bounds what is handed to libphonenumber", "[phone]") {
  const auto candidate = person("US", {"+1 (512) 463-4630 ext. 4567"});
  CHECK(find(screen(candidate), "phone.invalid") == nullptr);
  Policy tight = default_policy();
  tight.limits.phone_chars = 20;
  const Verdict v = screen(candidate, tight);
  const Signal* invalid = find(v, "phone.invalid");
  REQUIRE(invalid);
  CHECK(invalid->evidence["reason"] == "longer than 20 characters");
}
