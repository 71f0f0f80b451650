#include "profile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "activity.hpp"
#include "candor/text/text.hpp"

namespace candor::plugins::timezone {

std::array<double, kQuartersPerDay> smooth_day(const std::array<double, kQuartersPerDay>& in) {
  constexpr int kRadius = 3;
  std::array<double, kQuartersPerDay> out{};
  for (int q = 0; q < kQuartersPerDay; ++q) {
    double sum = 0, weight = 0;
    for (int d = -kRadius; d <= kRadius; ++d) {
      const double w = kRadius + 1 - std::abs(d);
      sum += w * in[(q + d + kQuartersPerDay) % kQuartersPerDay];
      weight += w;
    }
    out[q] = sum / weight;
  }
  return out;
}
namespace {

#include "profile_data.inc"

// Monday = 0; 1970-01-01 was a Thursday.
int local_week_bin(std::int64_t local_seconds) {
  const std::int64_t day =
      local_seconds >= 0 ? local_seconds / 86400 : -((-local_seconds + 86399) / 86400);
  const int weekday = static_cast<int>(((day + 3) % 7 + 7) % 7);
  const int quarter = static_cast<int>((local_seconds - day * 86400) / 900);
  return weekday * kQuartersPerDay + quarter;
}

bool is_bot(const std::string& author) {
  const std::string a = text::ascii_lower(author);
  return a.find("[bot]") != std::string::npos || a.find("bot@") != std::string::npos ||
         a.find("github-action") != std::string::npos || a.find("dependabot") != std::string::npos;
}

}  // namespace

Profile make_profile(const ProfileTable& table) {
  Profile profile;
  for (int bin = 0; bin < kWeekBins; ++bin) {
    const int day = bin / kQuartersPerDay, quarter = bin % kQuartersPerDay;
    const double p = day >= 5 ? table.weekend[quarter] : table.weekday[quarter];
    profile.log_p[bin] = std::log((1.0 - kUniformFloor) * p + kUniformFloor / kWeekBins);
  }
  return profile;
}

const ProfileTable& builtin_table() {
  static const ProfileTable table = [] {
    ProfileTable t;
    std::copy(std::begin(kLearnedWeekday), std::end(kLearnedWeekday), t.weekday.begin());
    std::copy(std::begin(kLearnedWeekend), std::end(kLearnedWeekend), t.weekend.begin());
    t.authors = kLearnedAuthors;
    t.slots = kLearnedSlots;
    return t;
  }();
  return table;
}

const Profile& builtin_profile() {
  static const Profile profile = make_profile(builtin_table());
  return profile;
}

ProfileTable learn_table(const std::vector<AuthorEvents>& authors) {
  ProfileTable table;
  std::array<double, kQuartersPerDay> weekday{}, weekend{};
  for (const auto& author : authors) {
    std::set<std::int64_t> slots;
    std::array<double, kWeekBins> counts{};
    for (const auto& e : author.events) {
      if (!e.offset_minutes || *e.offset_minutes == 0) continue;
      const std::int64_t local = e.utc + *e.offset_minutes * 60;
      if (!slots.insert(local >= 0 ? local / 900 : (local - 899) / 900).second) continue;
      counts[local_week_bin(local)] += 1.0;
    }
    if (slots.empty()) continue;
    ++table.authors;
    table.slots += slots.size();
    const double n = static_cast<double>(slots.size());
    for (int bin = 0; bin < kWeekBins; ++bin) {
      auto& target = bin / kQuartersPerDay >= 5 ? weekend : weekday;
      target[bin % kQuartersPerDay] += counts[bin] / n;
    }
  }
  // Per author equal weight; then per day of each kind, smoothed with a triangular kernel.
  const double total = table.authors ? static_cast<double>(table.authors) : 1.0;
  auto smooth = [&](const std::array<double, kQuartersPerDay>& in, double days) {
    auto out = smooth_day(in);
    for (double& v : out) v /= total * days;
    return out;
  };
  table.weekday = smooth(weekday, 5.0);
  table.weekend = smooth(weekend, 2.0);
  if (table.authors == 0) {
    table.weekday.fill(1.0 / kWeekBins);
    table.weekend.fill(1.0 / kWeekBins);
  }
  return table;
}

std::vector<AuthorEvents> authors_from_git_logs(const std::vector<std::filesystem::path>& files,
                                                std::size_t min_events) {
  std::vector<AuthorEvents> out;
  for (const auto& file : files) {
    ParsedActivity warnings;
    std::map<std::string, std::vector<Instant>> by_author;
    for (auto& e : read_git_log(file, warnings)) by_author[e.author].push_back(e.instant);
    for (auto& [author, events] : by_author) {
      if (is_bot(author)) continue;
      const auto with_offset = std::count_if(events.begin(), events.end(), [](const Instant& e) {
        return e.offset_minutes && *e.offset_minutes != 0;
      });
      if (static_cast<std::size_t>(with_offset) < min_events) continue;
      out.push_back({file.filename().string() + ": " + author, std::move(events)});
    }
  }
  return out;
}

std::string table_source(const ProfileTable& table, const std::string& how) {
  std::string out = "// Generated: " + how + "\n// Do not edit; regenerate (see README.md).\n";
  out += fmt::format("constexpr std::size_t kLearnedAuthors = {};\n", table.authors);
  out += fmt::format("constexpr std::size_t kLearnedSlots = {};\n", table.slots);
  auto array = [&](const char* name, const std::array<double, kQuartersPerDay>& values) {
    out += fmt::format("constexpr double {}[{}] = {{", name, kQuartersPerDay);
    for (int q = 0; q < kQuartersPerDay; ++q)
      out += fmt::format("{}{:.6e},", q % 6 == 0 ? "\n    " : " ", values[q]);
    out += "\n};\n";
  };
  array("kLearnedWeekday", table.weekday);
  array("kLearnedWeekend", table.weekend);
  return out;
}

}  // namespace candor::plugins::timezone
