#include <cmath>

#include "candor/combiner.hpp"
#include "candor/error.hpp"
#include "catch.hpp"

using namespace candor;

namespace {
Signal signal(const char* id, double llr, const char* group = "", bool hard = false) {
  return Signal{id, id, llr, nlohmann::json::object(), hard, group};
}
Policy test_policy() {
  Policy policy = default_policy();
  policy.prior = 0.01;  // prior log-odds ln(0.01 / 0.99) = -4.5951
  policy.group_caps = {{"anonymizer", 1.5}};
  policy.default_group_cap = 10.0;
  return policy;
}
}  // namespace

TEST_CASE("combiner adds signal LLRs to the prior log-odds", "[core]") {
  const Policy policy = test_policy();
  Verdict v;
  Combiner(policy).combine({signal("geoip.a", 2.0), signal("timezone.b", 3.0)}, v);
  CHECK(v.prior_log_odds == Approx(-4.59512));
  CHECK(v.log_odds == Approx(0.40488));     // -4.59512 + 2 + 3
  CHECK(v.probability == Approx(0.59986));  // 1 / (1 + e^-0.40488)
  CHECK(v.score == 60);
  CHECK(v.band == Band::high);
  REQUIRE(v.signals.size() == 2);
  CHECK(v.signals[0].signal.id == "timezone.b");  // largest contribution first
}

TEST_CASE("combiner caps a correlation group and scales its members alike", "[core]") {
  const Policy policy = test_policy();
  Verdict v;
  // Two anonymizer findings (1.0 + 2.0 = 3.0) count at most 1.5: each is halved.
  Combiner(policy).combine(
      {signal("geoip.vpn", 1.0, "anonymizer"), signal("geoip.tor", 2.0, "anonymizer")}, v);
  CHECK(v.log_odds == Approx(-4.59512 + 1.5));
  CHECK(v.signals[0].contribution == Approx(1.0));
  CHECK(v.signals[1].contribution == Approx(0.5));
  CHECK(v.band == Band::clear);  // p = 0.0434
  CHECK(v.score == 4);
}

TEST_CASE("a hard signal forces critical whatever the probability", "[core]") {
  const Policy policy = test_policy();
  Verdict v;
  Combiner(policy).combine({signal("geoip.dprk_network", 0.5, "", true)}, v);
  CHECK(v.band == Band::critical);
  CHECK(v.probability < 0.1);
}

TEST_CASE("bands follow the policy thresholds at their edges", "[core]") {
  Policy policy = test_policy();
  auto band_at = [&](double p) {
    // An LLR that moves the prior exactly to probability p.
    const double llr = std::log(p / (1 - p)) - std::log(policy.prior / (1 - policy.prior));
    Verdict v;
    Combiner(policy).combine({signal("x.y", llr + 1e-9)}, v);
    return v.band;
  };
  CHECK(band_at(0.0999) == Band::clear);
  CHECK(band_at(0.10) == Band::review);
  CHECK(band_at(0.50) == Band::high);
  CHECK(band_at(0.90) == Band::critical);
}

TEST_CASE("policy signal_llr overrides replace a plugin's LLR", "[core]") {
  Policy policy = test_policy();
  policy.signal_llr["geoip.a"] = 0.25;
  Verdict v;
  Combiner(policy).combine({signal("geoip.a", 5.0)}, v);
  CHECK(v.signals[0].contribution == Approx(0.25));
}

TEST_CASE("a failed plugin makes the verdict incomplete and at least review", "[core]") {
  Policy policy = test_policy();
  Verdict v;
  v.plugins = {{"geoip", "error", "c.json: /sessions/3/ip: not an IP address", 0.1},
               {"phone", "ok", "", 0.1}};
  Combiner(policy).combine({}, v);
  CHECK(v.probability < policy.bands.review);
  CHECK(v.band == Band::review);
  CHECK(v.incomplete);
  REQUIRE(v.incomplete_reasons.size() == 1);
  CHECK(v.incomplete_reasons[0] ==
        "screening incomplete: geoip failed: c.json: /sessions/3/ip: not an IP address");
  CHECK(to_json(v)["incomplete"] == true);

  // A band already above review stays where it is.
  Combiner(policy).combine({signal("geoip.a", 9.0)}, v);
  CHECK(v.band == Band::critical);

  // `on_plugin_error: ignore` keeps the band the probability gives, still marked incomplete.
  policy = parse_policy({{"on_plugin_error", "ignore"}}, "p.json");
  Combiner(policy).combine({}, v);
  CHECK(v.band == Band::clear);
  CHECK(v.incomplete);
  CHECK_THROWS_AS(parse_policy({{"on_plugin_error", "maybe"}}, "p.json"), ConfigError);
}

TEST_CASE("a verdict whose plugins all ran is complete", "[core]") {
  Verdict v;
  v.plugins = {{"geoip", "ok", "", 0.1}, {"photo", "skipped", "no photos", 0.0}};
  Combiner(test_policy()).combine({}, v);
  CHECK_FALSE(v.incomplete);
  CHECK(v.band == Band::clear);
  CHECK(to_json(v)["incomplete"] == false);
}
