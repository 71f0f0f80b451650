#pragma once
// Synthetic honest schedules. The shared logs hold almost no morning-only workers and few night
// workers, so their figures cannot show how often such people are flagged at their own zone;
// `candor eval timezone-schedules` generates them and measures it. A stress test of groups the
// data lack, not a headline figure (those come from the real logs, `candor eval timezone`).
#include <cstddef>
#include <vector>

#include "candor/app/plugin_command.hpp"
#include "instant.hpp"

namespace candor::plugins::timezone {

/// One person keeping their own hours at a fixed UTC offset from Monday 2024-01-01: on weekdays
/// 3-8 events between `start` and `start + hours` local (each day starting up to 45 minutes
/// earlier or later), one weekend day in four likewise. Deterministic in `seed`.
std::vector<Instant> synthetic_schedule(double start, double hours, int offset_minutes,
                                        std::size_t days, unsigned seed);

/// A kind of schedule: the local start hours and working lengths its people are drawn from.
struct ScheduleGroup {
  const char* name;
  std::vector<double> starts;
  std::vector<double> hours;
};

/// Office hours, morning-only, late and night work.
const std::vector<ScheduleGroup>& schedule_groups();

app::PluginCommand schedules_command();

}  // namespace candor::plugins::timezone
