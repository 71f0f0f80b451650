#include "chronotype.hpp"

#include <cmath>
#include <random>

#include "catch.hpp"
#include "model.hpp"
#include "plugin.hpp"
#include "schedules.hpp"

using namespace candor::plugins::timezone;

namespace {

// Share of 100-event windows of `events` whose claim at `claimed` (minutes) is flagged by the
// shipped chronotypes at the plugin's default firing level.
double flagged_share(const std::vector<Instant>& events, int claimed) {
  std::size_t windows = 0, flagged = 0;
  for (std::size_t begin = 0; begin + 100 <= events.size(); begin += 100) {
    const std::vector<Instant> window(events.begin() + static_cast<long>(begin),
                                      events.begin() + static_cast<long>(begin + 100));
    const auto slots = active_slots(window);
    const auto& model = builtin_chronotypes();
    const auto scores = shape_log_likelihoods(utc_histogram(slots), model);
    ++windows;
    if (test_chrono_claim(slots, nullptr, claimed, model, scores).llr >= Options{}.min_llr)
      ++flagged;
  }
  REQUIRE(windows >= 10);
  return static_cast<double>(flagged) / static_cast<double>(windows);
}

}  // namespace

TEST_CASE("honest night owls and morning-only workers are not flagged at their own zone",
          "[timezone]") {
  // The limit: no honest author flagged on more than 20 % of their windows. These people keep
  // it; many other synthetic schedules break it (README.md, limits: `candor eval
  // timezone-schedules` flags morning-only workers in 38 % of windows and night workers in
  // almost all), read as ordinary hours 7 h or more away.
  SECTION("a night owl in Berlin working 15:00-01:00") {
    const auto events = synthetic_schedule(15, 10, 60, 400, 3);
    CHECK(flagged_share(events, 60) <= 0.2);
  }
  SECTION("a morning-only worker in Chicago, 05:00-10:00") {
    const auto events = synthetic_schedule(5, 5, -360, 400, 15);
    CHECK(flagged_share(events, -360) <= 0.2);
  }
  SECTION("a late worker in Shanghai, 13:00-01:00") {
    const auto events = synthetic_schedule(13, 12, 480, 400, 9);
    CHECK(flagged_share(events, 480) <= 0.2);
  }
  SECTION("office hours claimed 9 hours or more away are flagged") {
    const auto events = synthetic_schedule(9, 9, 540, 400, 11);  // Seoul office hours
    CHECK(flagged_share(events, 540) <= 0.2);
    CHECK(flagged_share(events, -300) >= 0.9);  // claimed New York
    CHECK(flagged_share(events, 0) >= 0.9);     // claimed London
  }
}

TEST_CASE("the calibration is a logistic fit whose log-odds is the likelihood ratio",
          "[timezone]") {
  // Statistics of true claims ~ N(0, 1) and of false ones ~ N(2, 1): the true log-likelihood
  // ratio is 2x - 2.
  std::mt19937 random(1);
  std::normal_distribution<double> truth(0, 1), false_claim(2, 1);
  std::vector<ClaimFeatures> negatives, positives;
  for (int i = 0; i < 20000; ++i) negatives.push_back({truth(random), 0});
  for (int i = 0; i < 5000; ++i) positives.push_back({false_claim(random), 0});
  const Calibration c = fit_calibration(negatives, positives);
  CHECK(c.slope == Approx(2.0).margin(0.1));
  CHECK(c.intercept == Approx(-2.0).margin(0.1));
  CHECK(c.slope_plain == Approx(0.0).margin(0.01));
  CHECK(c.size_exponent == 0);
  CHECK(c.llr(1.0, 0, kCalibrationSlots) == Approx(0.0).margin(0.15));
}

TEST_CASE("the calibration scales statistics that grow with the activity's length", "[timezone]") {
  // At 100 slots as above; a statistic that grows with the square root of the slots carries no
  // more evidence per unit at 400 slots, so the fit must scale it back (exponent 0.5).
  std::mt19937 random(2);
  std::normal_distribution<double> truth(0, 1), false_claim(2, 1);
  std::vector<ClaimFeatures> negatives, positives;
  for (double slots : {50.0, 100.0, 200.0, 400.0}) {
    const double grow = std::sqrt(slots / kCalibrationSlots);
    for (int i = 0; i < 8000; ++i) negatives.push_back({grow * truth(random), 0, slots});
    for (int i = 0; i < 2000; ++i) positives.push_back({grow * false_claim(random), 0, slots});
  }
  const Calibration c = fit_calibration(negatives, positives);
  CHECK(c.size_exponent == 0.5);
  CHECK(c.slope == Approx(2.0).margin(0.1));
  // The same evidence per slot gives the same LLR at any length.
  CHECK(c.llr(2.0 * 2.0, 0, 400) == Approx(c.llr(2.0, 0, 100)).margin(1e-9));
  CHECK(c.llr(0, 0, 400) == Approx(-2.0).margin(0.1));
}

TEST_CASE("the shipped chronotypes span early, office and late schedules", "[timezone]") {
  const auto& model = builtin_chronotypes();
  REQUIRE(model.tables.size() >= 3);
  CHECK(model.authors >= 50);
  double prior = 0;
  for (double lp : model.log_prior) prior += std::exp(lp);
  CHECK(prior == Approx(1.0).margin(1e-6));
  // A positive slope: more evidence against the claim, a larger LLR.
  CHECK(model.calibration.slope > 0);
  for (const auto& t : model.tables) {
    double mass = 0;
    for (int q = 0; q < kQuartersPerDay; ++q) mass += 5 * t.weekday[q] + 2 * t.weekend[q];
    CHECK(mass == Approx(1.0).margin(1e-3));
  }
}
