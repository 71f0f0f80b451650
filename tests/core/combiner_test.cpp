#include <cmath>

#include "candor/combiner.hpp"
#include "catch.hpp"

using namespace candor;

TEST_CASE("combiner adds signal LLRs to the prior log-odds", "[core]") {
  Policy policy = default_policy();
  policy.prior = 0.01;  // log-odds ln(0.01/0.99) = -4.595
  policy.group_caps.clear();
  policy.default_group_cap = 10.0;
  Combiner combiner(policy);
  Verdict v;
  combiner.combine({{"geoip.a", "a", 2.0, {}, false, ""}, {"timezone.b", "b", 3.0, {}, false, ""}}, v);
  CHECK(v.prior_log_odds == Approx(-4.59512));
  CHECK(v.log_odds == Approx(0.40488));
  CHECK(v.probability == Approx(1.0 / (1.0 + std::exp(-0.40488))));  // 0.5999
  CHECK(v.score == 60);
  CHECK(v.band == Band::high);
  REQUIRE(v.signals.size() == 2);
  CHECK(v.signals[0].signal.id == "timezone.b");  // largest contribution first
}
