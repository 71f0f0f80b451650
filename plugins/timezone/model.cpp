#include "model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace candor::plugins::timezone {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int best_index(const OffsetScores& scores) {
  return static_cast<int>(std::max_element(scores.begin(), scores.end()) - scores.begin());
}

ClaimTest finish_claim(ClaimTest test, const WeekHistogram& local, double total,
                       const Profile& profile, const OffsetScores& log_likelihood) {
  double claimed = 0, night = 0, morning = 0;
  for (int bin = 0; bin < kWeekBins; ++bin) {
    if (local[bin] == 0) continue;
    claimed += local[bin] * profile.log_p[bin];
    const int quarter = bin % kQuartersPerDay;
    if (quarter < 24) night += local[bin];
    if (quarter >= 20 && quarter < 40) morning += local[bin];
  }
  test.claimed_log_likelihood = claimed;
  test.night_share = total > 0 ? night / total : 0;
  test.morning_share = total > 0 ? morning / total : 0;
  const int best = best_index(log_likelihood);
  test.best_minutes = offset_minutes_at(best);
  test.llr_best = kTemperature * (log_likelihood[best] - claimed);
  double far = -INFINITY;
  for (int i = 0; i < kOffsets; ++i) {
    bool is_far = true;
    for (int c : test.claimed_offsets)
      is_far = is_far && clock_distance(offset_minutes_at(i), c) >= kFarMinutes;
    if (is_far && log_likelihood[i] > far) {
      far = log_likelihood[i];
      test.far_minutes = offset_minutes_at(i);
    }
  }
  test.llr_far = kTemperature * (far - claimed);
  return test;
}

}  // namespace

int week_bin(std::int64_t seconds) {
  const std::int64_t day = floor_div(seconds, 86400);
  const int weekday = static_cast<int>(((day + 3) % 7 + 7) % 7);
  return weekday * kQuartersPerDay + static_cast<int>((seconds - day * 86400) / 900);
}

int clock_distance(int a, int b) {
  const int d = ((a - b) % 1440 + 1440) % 1440;
  return std::min(d, 1440 - d);
}

int wrap_offset(int minutes) {
  while (minutes > 14 * 60) minutes -= 1440;
  while (minutes < kMinOffsetMinutes) minutes += 1440;
  return minutes;
}

std::vector<Instant> active_slots(const std::vector<Instant>& events) {
  std::vector<Instant> out;
  if (events.empty()) return out;
  std::int64_t low = INT64_MAX, high = INT64_MIN;
  for (const auto& e : events) {
    const std::int64_t slot = floor_div(e.utc, 900);
    low = std::min(low, slot);
    high = std::max(high, slot);
  }
  // A bitmap over the slots spanned dedupes and sorts in linear time (100 years is 3.5 M
  // bits); a wider span falls back to sorting.
  const std::uint64_t span = static_cast<std::uint64_t>(high - low) + 1;
  if (span <= (1ULL << 26)) {
    std::vector<std::uint64_t> bits((span + 63) / 64, 0);
    for (const auto& e : events) {
      const auto i = static_cast<std::uint64_t>(floor_div(e.utc, 900) - low);
      bits[i / 64] |= 1ULL << (i % 64);
    }
    out.reserve(std::min<std::size_t>(events.size(), span));
    for (std::size_t w = 0; w < bits.size(); ++w)
      for (std::uint64_t word = bits[w]; word; word &= word - 1) {
        const auto i = static_cast<std::int64_t>(w * 64 + __builtin_ctzll(word));
        out.push_back({(low + i) * 900, std::nullopt});
      }
    return out;
  }
  std::vector<std::int64_t> slots;
  slots.reserve(events.size());
  for (const auto& e : events) slots.push_back(floor_div(e.utc, 900));
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  for (auto slot : slots) out.push_back({slot * 900, std::nullopt});
  return out;
}

WeekHistogram utc_histogram(const std::vector<Instant>& slots, std::size_t begin, std::size_t end) {
  WeekHistogram h{};
  for (std::size_t i = begin; i < end; ++i) h[week_bin(slots[i].utc)] += 1.0;
  return h;
}

WeekHistogram utc_histogram(const std::vector<Instant>& slots) {
  return utc_histogram(slots, 0, slots.size());
}

OffsetScores offset_log_likelihoods(const WeekHistogram& utc, const Profile& profile) {
  // The profile repeated twice so that a shifted window is one contiguous run.
  std::array<double, 2 * kWeekBins> twice;
  std::copy(profile.log_p.begin(), profile.log_p.end(), twice.begin());
  std::copy(profile.log_p.begin(), profile.log_p.end(), twice.begin() + kWeekBins);
  OffsetScores out{};
  // A short window fills few bins: score only those (the evaluation scores many windows).
  std::array<int, kWeekBins> nonzero;
  int n = 0;
  for (int bin = 0; bin < kWeekBins; ++bin)
    if (utc[bin] != 0) nonzero[n++] = bin;
  const bool sparse = n < kWeekBins / 3;
  for (int i = 0; i < kOffsets; ++i) {
    const int shift = ((offset_minutes_at(i) / 15) % kWeekBins + kWeekBins) % kWeekBins;
    const double* p = twice.data() + shift;
    double sum = 0;
    if (sparse) {
      for (int j = 0; j < n; ++j) sum += utc[nonzero[j]] * p[nonzero[j]];
    } else {
      for (int bin = 0; bin < kWeekBins; ++bin) sum += utc[bin] * p[bin];
    }
    out[i] = sum;
  }
  return out;
}

Posterior make_posterior(const OffsetScores& log_likelihood) {
  Posterior post;
  const double top = *std::max_element(log_likelihood.begin(), log_likelihood.end());
  double total = 0;
  for (int i = 0; i < kOffsets; ++i) {
    post.probability[i] = std::exp(kTemperature * (log_likelihood[i] - top));
    total += post.probability[i];
  }
  for (auto& p : post.probability) p /= total;
  const int map = best_index(post.probability);
  post.map_minutes = offset_minutes_at(map);
  post.map_probability = post.probability[map];
  std::array<int, kOffsets> order;
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return post.probability[a] > post.probability[b]; });
  double mass = 0;
  for (int i : order) {
    post.credible.push_back(offset_minutes_at(i));
    mass += post.probability[i];
    if (mass >= 0.9) break;
  }
  std::sort(post.credible.begin(), post.credible.end());
  return post;
}

ClaimTest test_claim(const std::vector<Instant>& slots, const tz::ZoneOffsets& zone,
                     const Profile& profile, const OffsetScores& log_likelihood) {
  ClaimTest test;
  WeekHistogram local{};
  for (const auto& s : slots) {
    const int offset = zone.offset_minutes(s.utc);
    if (std::find(test.claimed_offsets.begin(), test.claimed_offsets.end(), offset) ==
        test.claimed_offsets.end())
      test.claimed_offsets.push_back(offset);
    local[week_bin(s.utc + offset * 60)] += 1.0;
  }
  std::sort(test.claimed_offsets.begin(), test.claimed_offsets.end());
  return finish_claim(std::move(test), local, static_cast<double>(slots.size()), profile,
                      log_likelihood);
}

ClaimTest test_fixed_claim(const std::vector<Instant>& slots, int offset_minutes,
                           const Profile& profile, const OffsetScores& log_likelihood) {
  ClaimTest test;
  test.claimed_offsets = {offset_minutes};
  WeekHistogram local{};
  for (const auto& s : slots) local[week_bin(s.utc + offset_minutes * 60)] += 1.0;
  return finish_claim(std::move(test), local, static_cast<double>(slots.size()), profile,
                      log_likelihood);
}

namespace {

void segment(const std::vector<Instant>& slots, std::size_t begin, std::size_t end,
             const Profile& profile, std::size_t min_segment, double penalty, int depth,
             std::vector<Segment>& out) {
  const auto whole_scores = offset_log_likelihoods(utc_histogram(slots, begin, end), profile);
  const int whole_best = best_index(whole_scores);
  std::size_t best_split = 0;
  double best_gain = penalty;
  if (depth < 4 && end - begin >= 2 * min_segment) {
    // At most ~40 candidate split points keeps this linear in the number of slots.
    const std::size_t step = std::max<std::size_t>(1, (end - begin) / 40);
    WeekHistogram left{}, right = utc_histogram(slots, begin, end);
    std::size_t moved = begin;
    for (std::size_t split = begin + min_segment; split + min_segment <= end; split += step) {
      for (; moved < split; ++moved) {
        const int bin = week_bin(slots[moved].utc);
        left[bin] += 1.0;
        right[bin] -= 1.0;
      }
      const auto ls = offset_log_likelihoods(left, profile);
      const auto rs = offset_log_likelihoods(right, profile);
      const int lb = best_index(ls), rb = best_index(rs);
      if (clock_distance(offset_minutes_at(lb), offset_minutes_at(rb)) < 120) continue;
      const double gain = kTemperature * (ls[lb] + rs[rb] - whole_scores[whole_best]);
      if (gain > best_gain) {
        best_gain = gain;
        best_split = split;
      }
    }
  }
  if (best_split == 0) {
    out.push_back(
        {slots[begin].utc, slots[end - 1].utc, end - begin, offset_minutes_at(whole_best)});
    return;
  }
  segment(slots, begin, best_split, profile, min_segment, penalty, depth + 1, out);
  segment(slots, best_split, end, profile, min_segment, penalty, depth + 1, out);
}

}  // namespace

std::vector<Segment> change_points(const std::vector<Instant>& slots, const Profile& profile,
                                   std::size_t min_segment, double penalty) {
  std::vector<Segment> out;
  if (slots.empty()) return out;
  segment(slots, 0, slots.size(), profile, min_segment, penalty, 0, out);
  return out;
}

double quietest_six_hours_share(const WeekHistogram& utc) {
  std::array<double, kQuartersPerDay> day{};
  double total = 0;
  for (int bin = 0; bin < kWeekBins; ++bin) {
    day[bin % kQuartersPerDay] += utc[bin];
    total += utc[bin];
  }
  if (total <= 0) return 0;
  double quietest = total;
  for (int start = 0; start < kQuartersPerDay; ++start) {
    double sum = 0;
    for (int q = 0; q < 24; ++q) sum += day[(start + q) % kQuartersPerDay];
    quietest = std::min(quietest, sum);
  }
  return quietest / total;
}

}  // namespace candor::plugins::timezone
