// `candor eval timezone-schedules`: synthetic honest schedules at their own zone.
#include "schedules.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>

#include "candor/error.hpp"
#include "candor/tz/offsets.hpp"
#include "chronotype.hpp"
#include "eval.hpp"
#include "model.hpp"
#include "plugin.hpp"

namespace candor::plugins::timezone {
namespace {

using app::CommandArgs;
using app::CommandContext;
using app::PluginCommand;
using Kind = app::CommandArg::Kind;

constexpr std::int64_t kJan2024 = 1704067200;  // a Monday
// Where the people live: the zones of the shared logs' authors (-08:00 to +09:00) and a few more.
constexpr int kZones[] = {-480, -360, -300, -180, 0, 60, 120, 180, 330, 480, 540, 600};
// Far claims per window, hours from the truth (+12 and -12 are one claim).
constexpr int kFarClaimHours[] = {8, 9, 10, 11, 12};

struct Tally {
  std::size_t windows = 0, flagged = 0, far = 0, far_flagged = 0;
  double rate() const { return windows ? 100.0 * flagged / windows : 0.0; }
  double power() const { return far ? 100.0 * far_flagged / far : 0.0; }
};

// Every window of `window` events of one person: its true claim and far claims.
void score_person(const std::vector<Instant>& events, int truth, std::size_t window,
                  const Chronotypes& model, double threshold, Tally& tally) {
  for (std::size_t begin = 0; begin + window <= events.size(); begin += window) {
    const std::vector<Instant> part(events.begin() + static_cast<std::ptrdiff_t>(begin),
                                    events.begin() + static_cast<std::ptrdiff_t>(begin + window));
    const auto slots = active_slots(part);
    const auto scores = shape_log_likelihoods(utc_histogram(slots), model);
    auto flagged = [&](int claimed) {
      return test_chrono_claim(slots, nullptr, claimed, model, scores).llr >= threshold;
    };
    ++tally.windows;
    tally.flagged += flagged(truth);
    for (int hours : kFarClaimHours)
      for (int sign : {1, -1}) {
        if (hours == 12 && sign < 0) continue;
        ++tally.far;
        tally.far_flagged += flagged(wrap_offset(truth + sign * hours * 60));
      }
  }
}

// Chronotypes learnt and calibrated on every one of `files` (git logs).
Chronotypes trained(const std::vector<std::string>& files, const TrainOptions& options) {
  if (files.size() < 2) throw InputError(files.front(), "", "training needs several git logs");
  std::vector<LogData> logs;
  for (const auto& f : files) {
    if (!std::filesystem::is_regular_file(f)) throw InputError(f, "", "cannot read git log");
    logs.push_back(read_log(f, kTrainWindow));
  }
  return train_chronotypes(logs, -1, options);
}

// "starts 04:00-07:00, 4-6 h"
std::string hours_label(const ScheduleGroup& group) {
  const auto [first, last] = std::minmax_element(group.starts.begin(), group.starts.end());
  const auto [shortest, longest] = std::minmax_element(group.hours.begin(), group.hours.end());
  return fmt::format("starts {:02}:00-{:02}:00, {:g}-{:g} h", static_cast<int>(*first),
                     static_cast<int>(*last), *shortest, *longest);
}

int run_schedules(const CommandArgs& args, CommandContext& context) {
  const std::size_t window = args.count("--window");
  if (window < 10) throw InputError("--window", "", "windows need at least 10 events");
  const std::size_t people = args.count("--people");
  if (people < 1 || people > 20) throw InputError("--people", "", "expected 1 to 20");
  const std::size_t days = args.count("--days");
  if (days < 28 || days > 3650) throw InputError("--days", "", "expected 28 to 3650 days");
  const double threshold =
      args.given("--threshold") ? args.number("--threshold") : Options{}.min_llr;
  const TrainOptions train = train_options(args);
  const auto& files = args.values("files");
  for (const char* option : {"--claim-shift", "--shapes"})
    if (files.empty() && args.given(option))
      throw InputError(option, "", "training a model needs git logs");
  const Chronotypes model = files.empty() ? builtin_chronotypes() : trained(files, train);
  // Written once every group has windows, so a bad option prints no partial report.
  std::ostringstream out;
  out << fmt::format(
      "timezone schedules: synthetic honest people at their own zone ({} per start, length and "
      "zone, {} days each), {}-event windows, {} model, flagged at calibrated LLR >= {}\n",
      people, days, window, files.empty() ? "shipped" : "trained", threshold);
  std::vector<std::vector<Tally>> by_zone;
  unsigned seed = static_cast<unsigned>(args.count("--seed"));
  for (const auto& group : schedule_groups()) {
    Tally all;
    std::vector<Tally> zones(std::size(kZones));
    for (std::size_t z = 0; z < std::size(kZones); ++z)
      for (double start : group.starts)
        for (double hours : group.hours)
          for (std::size_t p = 0; p < people; ++p) {
            const auto events = synthetic_schedule(start, hours, kZones[z], days, ++seed);
            score_person(events, kZones[z], window, model, threshold, zones[z]);
          }
    std::size_t worst = 0;
    for (std::size_t z = 0; z < zones.size(); ++z) {
      if (zones[z].rate() > zones[worst].rate()) worst = z;
      all.windows += zones[z].windows, all.flagged += zones[z].flagged;
      all.far += zones[z].far, all.far_flagged += zones[z].far_flagged;
    }
    if (all.windows == 0)
      throw InputError("--days", "",
                       fmt::format("{} days hold no {}-event window; raise --days or lower "
                                   "--window",
                                   days, window));
    out << fmt::format(
        "{:<13} {:<27} windows {:>5}  false-alarm {:5.1f}%  worst UTC{} {:5.1f}%  flagged>=8h "
        "{:5.1f}%\n",
        group.name, hours_label(group), all.windows, all.rate(), tz::format_offset(kZones[worst]),
        zones[worst].rate(), all.power());
    by_zone.push_back(std::move(zones));
  }
  out << "false alarms by zone:\n" << fmt::format("  {:<12}", "group");
  for (int zone : kZones) out << fmt::format(" {:>6}", tz::format_offset(zone));
  out << "\n";
  for (std::size_t g = 0; g < by_zone.size(); ++g) {
    out << fmt::format("  {:<12}", schedule_groups()[g].name);
    for (const auto& t : by_zone[g]) out << fmt::format(" {:>5.0f}%", t.rate());
    out << "\n";
  }
  context.out() << out.str();
  return 0;
}

}  // namespace

std::vector<Instant> synthetic_schedule(double start, double hours, int offset_minutes,
                                        std::size_t days, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<Instant> out;
  for (std::size_t d = 0; d < days; ++d) {
    const int weekday = static_cast<int>(d % 7);
    if (weekday >= 5 && unit(random) > 0.25) continue;
    const int events = 3 + static_cast<int>(unit(random) * 6);
    const double shift = (unit(random) - 0.5) * 1.5;  // days start a little earlier or later
    for (int e = 0; e < events; ++e) {
      const double hour = start + shift + unit(random) * hours;
      const std::int64_t local =
          kJan2024 + static_cast<std::int64_t>(d) * 86400 + static_cast<std::int64_t>(hour * 3600);
      out.push_back({local - offset_minutes * 60, std::nullopt});
    }
  }
  return out;
}

const std::vector<ScheduleGroup>& schedule_groups() {
  static const std::vector<ScheduleGroup> groups = {
      {"office", {8, 9, 10}, {8, 9}},
      {"morning-only", {4, 5, 6, 7}, {4, 5, 6}},
      {"late", {13, 14, 15, 16}, {8, 9, 10}},
      {"night", {19, 20, 21, 22}, {6, 8}},
  };
  return groups;
}

PluginCommand schedules_command() {
  return {"eval",
          "timezone-schedules",
          "Screen synthetic honest schedules (office, morning-only, late, night) at their own "
          "zone and at zones 8 h or more away",
          {{"files",
            "git logs (%an|%aI) to train a model on with --shapes and --claim-shift (default: the "
            "shipped model)",
            Kind::positional, false, true},
           {"--window", "events per window", Kind::option, false, false, "100"},
           {"--people", "people per start hour, length and zone", Kind::option, false, false, "3"},
           {"--days", "days of activity per person", Kind::option, false, false, "400"},
           {"--seed", "first random seed", Kind::option, false, false, "1"},
           {"--shapes", "chronotypes to learn (with git logs)", Kind::option, false, false,
            std::to_string(kDefaultShapes)},
           {"--claim-shift", kClaimShiftHelp, Kind::option, false, false, "0"},
           {"--threshold", "flag at this calibrated LLR (default: the plugin's)"}},
          false,
          false,
          run_schedules};
}

}  // namespace candor::plugins::timezone
