#include "chronotype.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

namespace candor::plugins::timezone {
namespace {

#include "chronotype_data.inc"

// Added to each chronotype's mass so an unused shape keeps a small prior.
constexpr double kPseudo = 0.5;
using DayShape = std::array<double, kQuartersPerDay>;

// Accumulated weekday/weekend counts (shares of each window) into a normalized table.
ProfileTable table_from(const DayShape& weekday, const DayShape& weekend, double total) {
  ProfileTable t;
  const double scale = total > 0 ? total : 1.0;
  t.weekday = smooth_day(weekday);
  t.weekend = smooth_day(weekend);
  double mass = 0;
  for (int q = 0; q < kQuartersPerDay; ++q) {
    t.weekday[q] /= scale * 5.0;
    t.weekend[q] /= scale * 2.0;
    mass += 5 * t.weekday[q] + 2 * t.weekend[q];
  }
  if (mass <= 0) {
    t.weekday.fill(1.0 / kWeekBins);
    t.weekend.fill(1.0 / kWeekBins);
  }
  return t;
}

ProfileTable shifted(const ProfileTable& t, int quarters) {
  ProfileTable out = t;
  for (int q = 0; q < kQuartersPerDay; ++q) {
    const int from = ((q - quarters) % kQuartersPerDay + kQuartersPerDay) % kQuartersPerDay;
    out.weekday[q] = t.weekday[from];
    out.weekend[q] = t.weekend[from];
  }
  return out;
}

void accumulate(const LocalWindow& w, double weight, DayShape& weekday, DayShape& weekend) {
  for (const auto& [bin, count] : w.bins) {
    auto& target = bin / kQuartersPerDay >= 5 ? weekend : weekday;
    target[bin % kQuartersPerDay] += weight * count / w.slots;
  }
}

double window_log_likelihood(const LocalWindow& w, const Profile& p) {
  double sum = 0;
  for (const auto& [bin, count] : w.bins) sum += count * p.log_p[bin];
  return sum;
}

int local_bin(std::int64_t local_seconds) { return week_bin(local_seconds); }

std::string clock(int quarter) {
  const int q = (quarter % kQuartersPerDay + kQuartersPerDay) % kQuartersPerDay;
  return fmt::format("{:02}:{:02}", q / 4, (q % 4) * 15);
}

}  // namespace

std::vector<LocalWindow> local_windows(const std::vector<AuthorEvents>& authors,
                                       std::size_t window) {
  std::vector<LocalWindow> out;
  for (const auto& author : authors) {
    std::vector<Instant> events;
    for (const auto& e : author.events)
      if (e.offset_minutes && *e.offset_minutes != 0) events.push_back(e);
    std::sort(events.begin(), events.end(),
              [](const Instant& a, const Instant& b) { return a.utc < b.utc; });
    const std::size_t first = out.size();
    for (std::size_t begin = 0; begin + window <= events.size(); begin += window) {
      std::set<std::int64_t> seen;
      std::map<int, double> bins;
      for (std::size_t i = begin; i < begin + window; ++i) {
        const std::int64_t local = events[i].utc + *events[i].offset_minutes * 60;
        const std::int64_t slot = local >= 0 ? local / 900 : (local - 899) / 900;
        if (seen.insert(slot).second) bins[local_bin(slot * 900)] += 1.0;
      }
      LocalWindow w;
      w.author = author.label;
      w.bins.assign(bins.begin(), bins.end());
      w.slots = static_cast<double>(seen.size());
      out.push_back(std::move(w));
    }
    const std::size_t n = out.size() - first;
    for (std::size_t i = first; i < out.size(); ++i) out[i].weight = 1.0 / static_cast<double>(n);
  }
  return out;
}

void make_profiles(Chronotypes& model) {
  model.profiles.clear();
  for (const auto& t : model.tables) model.profiles.push_back(make_profile(t));
  ProfileTable average;
  for (std::size_t j = 0; j < model.tables.size(); ++j)
    for (int q = 0; q < kQuartersPerDay; ++q) {
      const double w = std::exp(model.log_prior[j]);
      average.weekday[q] += w * model.tables[j].weekday[q];
      average.weekend[q] += w * model.tables[j].weekend[q];
    }
  model.average = make_profile(average);
}

Chronotypes learn_chronotypes(const std::vector<LocalWindow>& windows, int k, int iterations) {
  Chronotypes model;
  k = std::max(1, k);
  std::set<std::string> authors;
  double total = 0;
  DayShape weekday{}, weekend{};
  for (const auto& w : windows) {
    authors.insert(w.author);
    total += w.weight;
    accumulate(w, w.weight, weekday, weekend);
  }
  model.authors = authors.size();
  model.windows = windows.size();
  const ProfileTable pooled = table_from(weekday, weekend, total);
  // Deterministic start: the pooled shape shifted by 3-hour steps around itself.
  for (int i = 0; i < k; ++i) model.tables.push_back(shifted(pooled, (2 * i - (k - 1)) * 6));
  model.log_prior.assign(k, -std::log(static_cast<double>(k)));
  make_profiles(model);
  if (windows.empty()) return model;
  std::vector<double> r(static_cast<std::size_t>(k));
  for (int it = 0; it < iterations; ++it) {
    std::vector<DayShape> wd(k), we(k);
    std::vector<double> mass(k, 0.0);
    for (const auto& w : windows) {
      double top = -INFINITY;
      for (int j = 0; j < k; ++j) {
        r[j] = model.log_prior[j] + kTemperature * window_log_likelihood(w, model.profiles[j]);
        top = std::max(top, r[j]);
      }
      double sum = 0;
      for (int j = 0; j < k; ++j) sum += r[j] = std::exp(r[j] - top);
      for (int j = 0; j < k; ++j) {
        const double share = w.weight * r[j] / sum;
        mass[j] += share;
        accumulate(w, share, wd[j], we[j]);
      }
    }
    // Half a person of pseudo-count keeps a rare schedule's prior away from zero.
    for (int j = 0; j < k; ++j) {
      model.tables[j] = table_from(wd[j], we[j], mass[j]);
      model.log_prior[j] = std::log((mass[j] + kPseudo) / (total + kPseudo * k));
    }
    make_profiles(model);
  }
  for (auto& t : model.tables) t.authors = model.authors;
  return model;
}

ShapeScores shape_log_likelihoods(const WeekHistogram& utc, const Chronotypes& model) {
  ShapeScores out;
  out.shapes.reserve(model.profiles.size());
  for (std::size_t j = 0; j < model.profiles.size(); ++j) {
    auto s = offset_log_likelihoods(utc, model.profiles[j]);
    for (auto& v : s) v = model.log_prior[j] + kTemperature * v;
    out.shapes.push_back(s);
  }
  out.average = offset_log_likelihoods(utc, model.average);
  for (auto& v : out.average) v *= kTemperature;
  return out;
}

ChronoClaim test_chrono_claim(const std::vector<Instant>& slots, const tz::ZoneOffsets* zone,
                              int offset_minutes, const Chronotypes& model,
                              const ShapeScores& scores) {
  ChronoClaim c;
  WeekHistogram local{};
  for (const auto& s : slots) {
    const int offset = zone ? zone->offset_minutes(s.utc) : offset_minutes;
    if (std::find(c.claimed_offsets.begin(), c.claimed_offsets.end(), offset) ==
        c.claimed_offsets.end())
      c.claimed_offsets.push_back(offset);
    local[week_bin(s.utc + offset * 60)] += 1.0;
  }
  std::sort(c.claimed_offsets.begin(), c.claimed_offsets.end());
  double claimed = -INFINITY, plain_claimed = 0;
  for (int bin = 0; bin < kWeekBins; ++bin)
    if (local[bin] != 0) plain_claimed += kTemperature * local[bin] * model.average.log_p[bin];
  // The occupied bins once (on the stack: this runs for every claim of every window).
  std::array<std::pair<int, double>, kWeekBins> active;
  std::size_t occupied = 0;
  for (int bin = 0; bin < kWeekBins; ++bin)
    if (local[bin] != 0) active[occupied++] = {bin, local[bin]};
  // Each shape at every shift within the bound: an event at local bin b read as the shape's bin
  // b + shift means the person keeps the shape's hours `shift` quarters earlier.
  for (std::size_t j = 0; j < model.profiles.size(); ++j)
    for (int shift = -model.claim_shift_quarters; shift <= model.claim_shift_quarters; ++shift) {
      double sum = 0;
      for (std::size_t a = 0; a < occupied; ++a)
        sum += active[a].second *
               model.profiles[j].log_p[(active[a].first + shift + kWeekBins) % kWeekBins];
      const double score = model.log_prior[j] + kTemperature * sum;
      if (score > claimed) {
        claimed = score;
        c.claimed_shape = static_cast<int>(j);
        c.claimed_shift_minutes = -shift * 15;
      }
    }
  double far = -INFINITY, plain_far = -INFINITY;
  for (int i = 0; i < kOffsets; ++i) {
    bool is_far = true;
    for (int o : c.claimed_offsets)
      is_far = is_far && clock_distance(offset_minutes_at(i), o) >= kChronoFarHours * 60;
    if (!is_far) continue;
    plain_far = std::max(plain_far, scores.average[i]);
    for (std::size_t j = 0; j < scores.shapes.size(); ++j)
      if (scores.shapes[j][i] > far) {
        far = scores.shapes[j][i];
        c.far_minutes = offset_minutes_at(i);
        c.far_shape = static_cast<int>(j);
      }
  }
  c.statistic = far - claimed;
  c.plain = plain_far - plain_claimed;
  c.llr = model.calibration.llr(c.statistic, c.plain, static_cast<double>(slots.size()));
  return c;
}

namespace {

// Newton's method on the class-balanced, weighted log-likelihood of the scaled statistics, with
// a small ridge on the slopes (the classes may separate). Returns the log-likelihood reached.
double fit_logistic(const std::vector<ClaimFeatures>& negatives,
                    const std::vector<ClaimFeatures>& positives, Calibration& cal) {
  double total_n = 0, total_p = 0;
  for (const auto& f : negatives) total_n += f.weight;
  for (const auto& f : positives) total_p += f.weight;
  const double wn = 0.5 / total_n, wp = 0.5 / total_p;
  constexpr double kRidge = 1e-4;
  double beta[3] = {0, 0.1, 0};
  // The scaled statistics, class and weight of every claim, computed once for the iterations.
  struct Row {
    double statistic, plain, y, w;
  };
  std::vector<Row> rows;
  rows.reserve(negatives.size() + positives.size());
  for (const auto* claims : {&negatives, &positives})
    for (const auto& f : *claims) {
      const double scale = cal.scale(f.slots);
      const bool positive = claims == &positives;
      rows.push_back({scale * f.statistic, scale * f.plain, positive ? 1.0 : 0.0,
                      (positive ? wp : wn) * f.weight});
    }
  double loglik = 0;
  for (int it = 0; it < 60; ++it) {
    double g[3] = {0, -kRidge * beta[1], -kRidge * beta[2]};
    double h[3][3] = {{1e-9, 0, 0}, {0, kRidge, 0}, {0, 0, kRidge}};
    loglik = 0;
    for (const auto& [statistic, plain, y, w] : rows) {
      const double x[3] = {1, statistic, plain};
      const double z = beta[0] + beta[1] * x[1] + beta[2] * x[2];
      const double p = 1.0 / (1.0 + std::exp(-z));
      // log(p) or log(1 - p) without overflow
      loglik -= w * (std::max(z, 0.0) - y * z + std::log1p(std::exp(-std::abs(z))));
      for (int i = 0; i < 3; ++i) {
        g[i] += w * (y - p) * x[i];
        for (int j = 0; j < 3; ++j) h[i][j] += w * p * (1 - p) * x[i] * x[j];
      }
    }
    // Solve h * step = g (Gaussian elimination; h is positive definite).
    double step[3];
    for (int i = 0; i < 3; ++i)
      for (int k = i + 1; k < 3; ++k) {
        const double m = h[k][i] / h[i][i];
        for (int j = i; j < 3; ++j) h[k][j] -= m * h[i][j];
        g[k] -= m * g[i];
      }
    for (int i = 2; i >= 0; --i) {
      double sum = g[i];
      for (int j = i + 1; j < 3; ++j) sum -= h[i][j] * step[j];
      step[i] = sum / h[i][i];
    }
    double moved = 0;
    for (int i = 0; i < 3; ++i) beta[i] += step[i], moved += std::abs(step[i]);
    if (moved < 1e-10) break;
  }
  cal.intercept = beta[0];
  cal.slope = beta[1];
  cal.slope_plain = beta[2];
  return loglik;
}

}  // namespace

Calibration fit_calibration(const std::vector<ClaimFeatures>& negatives,
                            const std::vector<ClaimFeatures>& positives) {
  Calibration best{0, 0, 0, 0};
  if (negatives.empty() || positives.empty()) return best;
  double best_loglik = -INFINITY;
  for (double exponent : kSizeExponents) {
    Calibration cal{0, 0, 0, exponent};
    const double loglik = fit_logistic(negatives, positives, cal);
    if (loglik > best_loglik) best_loglik = loglik, best = cal;
  }
  return best;
}

std::string calibration_formula(const Calibration& c) {
  return fmt::format(
      "llr = {:.3f} + ({:.0f} / active slots)^{:.2f} x ({:.4f} x chronotype statistic + {:.4f} x "
      "one-profile statistic)",
      c.intercept, kCalibrationSlots, c.size_exponent, c.slope, c.slope_plain);
}

std::string shape_hours(const ProfileTable& table, int shift_minutes) {
  double total = 0;
  for (double v : table.weekday) total += v;
  int best_start = 0, best_len = kQuartersPerDay;
  for (int start = 0; start < kQuartersPerDay; ++start) {
    double sum = 0;
    for (int len = 1; len <= kQuartersPerDay; ++len) {
      sum += table.weekday[(start + len - 1) % kQuartersPerDay];
      if (sum >= 0.8 * total) {
        if (len < best_len) best_len = len, best_start = start;
        break;
      }
    }
  }
  const int shift = shift_minutes / 15;
  return clock(best_start + shift) + "-" + clock(best_start + best_len + shift);
}

const Chronotypes& builtin_chronotypes() {
  static const Chronotypes model = [] {
    Chronotypes m;
    for (std::size_t j = 0; j < kChronoShapes; ++j) {
      ProfileTable t;
      std::copy(std::begin(kChronoWeekday[j]), std::end(kChronoWeekday[j]), t.weekday.begin());
      std::copy(std::begin(kChronoWeekend[j]), std::end(kChronoWeekend[j]), t.weekend.begin());
      t.authors = kChronoAuthors;
      m.tables.push_back(t);
      m.log_prior.push_back(kChronoLogPrior[j]);
    }
    m.calibration = {kCalibrationIntercept, kCalibrationSlope, kCalibrationSlopePlain,
                     kCalibrationSizeExponent};
    m.claim_shift_quarters = kClaimShiftQuarters;
    m.authors = kChronoAuthors;
    m.windows = kChronoWindows;
    make_profiles(m);
    return m;
  }();
  return model;
}

std::string chronotype_source(const Chronotypes& model, const std::string& how) {
  std::string out = "// Generated: " + how + "\n// Do not edit; regenerate (see README.md).\n";
  const std::size_t k = model.tables.size();
  out += fmt::format("constexpr std::size_t kChronoShapes = {};\n", k);
  out += fmt::format("constexpr std::size_t kChronoAuthors = {};\n", model.authors);
  out += fmt::format("constexpr std::size_t kChronoWindows = {};\n", model.windows);
  out += fmt::format("constexpr double kCalibrationIntercept = {:.6e};\n",
                     model.calibration.intercept);
  out += fmt::format("constexpr double kCalibrationSlope = {:.6e};\n", model.calibration.slope);
  out += fmt::format("constexpr double kCalibrationSlopePlain = {:.6e};\n",
                     model.calibration.slope_plain);
  out += fmt::format("constexpr double kCalibrationSizeExponent = {:.6e};\n",
                     model.calibration.size_exponent);
  out += fmt::format("constexpr int kClaimShiftQuarters = {};\n", model.claim_shift_quarters);
  out += fmt::format("constexpr double kChronoLogPrior[{}] = {{", k);
  for (double v : model.log_prior) out += fmt::format(" {:.6e},", v);
  out += " };\n";
  auto arrays = [&](const char* name, bool weekend) {
    out += fmt::format("constexpr double {}[{}][{}] = {{\n", name, k, kQuartersPerDay);
    for (const auto& t : model.tables) {
      out += fmt::format("    {{  // {}", shape_hours(t));
      const auto& values = weekend ? t.weekend : t.weekday;
      for (int q = 0; q < kQuartersPerDay; ++q)
        out += fmt::format("{}{:.6e},", q % 6 == 0 ? "\n        " : " ", values[q]);
      out += "\n    },\n";
    }
    out += "};\n";
  };
  arrays("kChronoWeekday", false);
  arrays("kChronoWeekend", true);
  return out;
}

}  // namespace candor::plugins::timezone
