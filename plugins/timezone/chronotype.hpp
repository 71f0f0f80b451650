#pragma once
// Chronotypes: people keep different daily schedules (office hours, early risers, night owls),
// so one population profile mistakes an unusual schedule for a far zone. A mixture of K daily
// shapes is learnt by EM from people's windows in their true local time, with a prior over the
// shapes; a claim is tested as "claimed offset with its best-fitting shape" against "a far offset
// with its best-fitting shape", and the statistic is mapped to a log-likelihood ratio by a
// logistic calibration fitted on held-out windows.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "candor/tz/offsets.hpp"
#include "model.hpp"
#include "profile.hpp"

namespace candor::plugins::timezone {

/// Far offsets for the chronotype test: schedules 5-6 hours earlier or later than usual are real
/// (early risers, night owls), so the test asks only whether a zone this far fits better.
inline constexpr int kChronoFarHours = 7;

/// A window of one person's activity in true local time: the sparse week-bin counts of its
/// distinct active slots.
struct LocalWindow {
  std::string author;  ///< "file: author"
  std::vector<std::pair<int, double>> bins;
  double slots = 0;
  double weight = 1;  ///< every author weighs 1 in the EM
};

/// Consecutive windows of `window` offset-bearing events (+00:00 left out) of each author.
std::vector<LocalWindow> local_windows(const std::vector<AuthorEvents>& authors,
                                       std::size_t window);

/// Active slots the calibration's statistics are scaled to (about a 100-event window).
inline constexpr double kCalibrationSlots = 100;

/// Maps the claim statistics (tempered nats) to a calibrated LLR: a logistic model of the
/// chronotype statistic and of the one-profile statistic (the shapes' prior-weighted average),
/// each scaled by (kCalibrationSlots / slots)^size_exponent. The statistics grow with the
/// activity's length, and so does the misfit of any learnt shape to one honest person's own
/// schedule: calibrated at one length only, a longer history would be overconfident.
struct Calibration {
  double intercept = 0;
  double slope = 1;
  double slope_plain = 0;
  double size_exponent = 0;
  double scale(double slots) const {
    return std::pow(kCalibrationSlots / std::max(slots, 1.0), size_exponent);
  }
  double llr(double statistic, double plain, double slots) const {
    return intercept + scale(slots) * (slope * statistic + slope_plain * plain);
  }
};

/// The learnt shapes, their prior and the calibration.
struct Chronotypes {
  std::vector<ProfileTable> tables;
  std::vector<Profile> profiles;  ///< made from tables
  Profile average;                ///< the prior-weighted average shape (one population profile)
  std::vector<double> log_prior;  ///< ln of each shape's share of people
  Calibration calibration;
  /// How far (quarter-hours, either way) a person's hours may sit from the shape that fits them
  /// at the claim, as the far side's 15-minute offsets already allow it there. Shipped 0: a
  /// shift meets more of the goals on the shared logs but flags morning-only workers, whom the
  /// logs hardly hold (README.md, timezone limits).
  int claim_shift_quarters = 0;
  std::size_t authors = 0, windows = 0;
};

/// EM over the windows (each author's windows share a weight of one): `k` shapes started from
/// the pooled shape shifted by equal steps.
Chronotypes learn_chronotypes(const std::vector<LocalWindow>& windows, int k, int iterations = 40);

/// Rebuilds `profiles` from `tables`.
void make_profiles(Chronotypes& model);

/// Log prior plus tempered log-likelihood of every offset under every shape, and the tempered
/// log-likelihood under the average shape.
struct ShapeScores {
  std::vector<OffsetScores> shapes;  ///< [shape][offset]
  OffsetScores average{};
};
ShapeScores shape_log_likelihoods(const WeekHistogram& utc, const Chronotypes& model);

/// The claim against far offsets, each with its best shape under the prior.
struct ChronoClaim {
  std::vector<int> claimed_offsets;
  int claimed_shape = 0;          ///< shape that best explains the activity at the claim
  int claimed_shift_minutes = 0;  ///< the activity keeps that shape's hours this much later
  int far_minutes = 0;            ///< best offset at least kFarMinutes from every claimed one
  int far_shape = 0;              ///< its best shape
  double statistic = 0;           ///< tempered nats: best far (shape, offset) minus best claimed
  double plain = 0;               ///< tempered nats: best far offset minus the claim, average shape
  double llr = 0;                 ///< calibrated
};

/// Tests a claimed zone (DST-correct) or, with `zone` null, the fixed `offset_minutes`.
ChronoClaim test_chrono_claim(const std::vector<Instant>& slots, const tz::ZoneOffsets* zone,
                              int offset_minutes, const Chronotypes& model,
                              const ShapeScores& scores);

/// What the calibration sees of one claim.
struct ClaimFeatures {
  double statistic = 0;  ///< chronotype statistic
  double plain = 0;      ///< one-profile statistic
  double slots = kCalibrationSlots;
  double weight = 1;  ///< relative, within its class
};

/// Exponents of the slot scaling the calibration chooses among.
inline constexpr double kSizeExponents[] = {0, 0.25, 0.5, 0.75, 1};

/// Fits the calibration by weighted logistic regression: `negatives` are statistics of true
/// claims, `positives` of false ones; the classes are weighted equally so the fitted log-odds is
/// a likelihood ratio. The size exponent is the one of kSizeExponents with the best fit.
Calibration fit_calibration(const std::vector<ClaimFeatures>& negatives,
                            const std::vector<ClaimFeatures>& positives);

/// The calibration as a formula, for reports.
std::string calibration_formula(const Calibration& calibration);

/// The local hours (e.g. "09:00-18:00") holding the central 80 % of a shape's weekday activity,
/// moved `shift_minutes` later.
std::string shape_hours(const ProfileTable& table, int shift_minutes = 0);

/// The chronotypes compiled into the plugin (chronotype_data.inc).
const Chronotypes& builtin_chronotypes();

/// The C++ source of chronotype_data.inc.
std::string chronotype_source(const Chronotypes& model, const std::string& how);

}  // namespace candor::plugins::timezone
