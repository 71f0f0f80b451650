#pragma once
// Which UTC offset explains a set of activity instants: the likelihood of the instants under the
// local-time profile for every offset -12:00..+14:00 in 15-minute steps, the posterior over
// offsets, the test of a claimed zone, change-points and the round-the-clock measure.
#include <array>
#include <cstdint>
#include <vector>

#include "candor/tz/offsets.hpp"
#include "instant.hpp"
#include "profile.hpp"

namespace candor::plugins::timezone {

inline constexpr int kMinOffsetMinutes = -12 * 60;
inline constexpr int kOffsetStepMinutes = 15;
inline constexpr int kOffsets = (14 * 60 - kMinOffsetMinutes) / kOffsetStepMinutes + 1;  // 105
/// Alternatives at least this far (around the clock) from the claim are "far" ones.
inline constexpr int kFarMinutes = 5 * 60;
/// Slots are not independent (work sessions, days); the log-likelihood is tempered by this
/// factor, chosen so that the 90 % credible set covers the truth in about 90 % of windows.
inline constexpr double kTemperature = 0.3;

constexpr int offset_minutes_at(int index) {
  return kMinOffsetMinutes + index * kOffsetStepMinutes;
}

/// Counts by week bin (Monday 00:00 = 0) of the seconds given (UTC or local).
using WeekHistogram = std::array<double, kWeekBins>;
using OffsetScores = std::array<double, kOffsets>;

/// The week bin of Unix (or local) seconds.
int week_bin(std::int64_t seconds);

/// The distinct active quarter-hour slots (their start instants, without offsets), sorted by
/// time: a burst of commits counts once.
std::vector<Instant> active_slots(const std::vector<Instant>& events);

/// Histogram of UTC week bins.
WeekHistogram utc_histogram(const std::vector<Instant>& slots, std::size_t begin, std::size_t end);
WeekHistogram utc_histogram(const std::vector<Instant>& slots);

/// Log-likelihood of a UTC histogram under every offset (index i is offset_minutes_at(i)).
OffsetScores offset_log_likelihoods(const WeekHistogram& utc, const Profile& profile);

/// The posterior over offsets (uniform prior, tempered likelihood).
struct Posterior {
  OffsetScores probability{};
  int map_minutes = 0;
  double map_probability = 0;
  std::vector<int> credible;  ///< the 90 % credible set, ascending offsets in minutes
};
Posterior make_posterior(const OffsetScores& log_likelihood);

/// The claimed zone against the alternatives.
struct ClaimTest {
  std::vector<int> claimed_offsets;  ///< distinct offsets the zone had at the events' instants
  double claimed_log_likelihood = 0;
  int best_minutes = 0;      ///< best offset overall
  int far_minutes = 0;       ///< best offset at least kFarMinutes from every claimed one
  double llr_best = 0;       ///< tempered log-likelihood ratio best vs claim
  double llr_far = 0;        ///< tempered log-likelihood ratio far alternative vs claim
  double night_share = 0;    ///< share of slots in the claim's local 00:00-06:00
  double morning_share = 0;  ///< share of slots in the claim's local 05:00-10:00
};

/// Tests the claim that every slot happened at the zone's offset of its instant (DST-correct).
ClaimTest test_claim(const std::vector<Instant>& slots, const tz::ZoneOffsets& zone,
                     const Profile& profile, const OffsetScores& log_likelihood);
/// The same for a fixed offset (evaluation).
ClaimTest test_fixed_claim(const std::vector<Instant>& slots, int offset_minutes,
                           const Profile& profile, const OffsetScores& log_likelihood);

/// A stretch of time with one best offset.
struct Segment {
  std::int64_t from = 0, to = 0;  ///< Unix seconds of the first and last slot
  std::size_t slots = 0;
  int map_minutes = 0;
};

/// Binary segmentation: splits where two offsets (at least 2 h apart) explain the two sides
/// better than one offset explains both by more than `penalty` (tempered nats).
std::vector<Segment> change_points(const std::vector<Instant>& slots, const Profile& profile,
                                   std::size_t min_segment = 40, double penalty = 12.0);

/// The share of slots in the quietest 6 hours of the (UTC) day: a person sleeps, so this is
/// small; an account worked in shifts has no quiet hours.
double quietest_six_hours_share(const WeekHistogram& utc);

/// Circular distance between two offsets, in minutes (0..720).
int clock_distance(int a_minutes, int b_minutes);

/// An offset moved whole days around the clock into kMinOffsetMinutes..+14:00.
int wrap_offset(int minutes);

}  // namespace candor::plugins::timezone
