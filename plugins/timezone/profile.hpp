#pragma once
// The human activity profile in local time: the probability of an active quarter-hour slot in
// each quarter-hour of a weekday and of a weekend day. Learned from real git histories whose
// recorded offsets give local time (see README.md); the shipped table is profile_data.inc.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "instant.hpp"

namespace candor::plugins::timezone {

inline constexpr int kQuartersPerDay = 96;

/// A day of quarter-hour bins smoothed with a triangular kernel over ±45 minutes (wrapping at
/// midnight): the population profile and the chronotypes are both learnt through it.
std::array<double, kQuartersPerDay> smooth_day(const std::array<double, kQuartersPerDay>& in);
inline constexpr int kWeekBins = 7 * kQuartersPerDay;  ///< Monday 00:00 is bin 0

/// The learned table: probability of one slot falling in one quarter-hour of one day
/// (5 x sum(weekday) + 2 x sum(weekend) = 1).
struct ProfileTable {
  std::array<double, kQuartersPerDay> weekday{};
  std::array<double, kQuartersPerDay> weekend{};
  std::size_t authors = 0;
  std::size_t slots = 0;
};

/// Log-probabilities by local week bin, with a uniform floor so that a stray event (travel, a
/// bot, a web-UI commit) cannot veto an offset.
struct Profile {
  std::array<double, kWeekBins> log_p{};
};

/// The share of the uniform distribution mixed into every profile.
inline constexpr double kUniformFloor = 0.03;

/// Builds the scoring profile from a table.
Profile make_profile(const ProfileTable& table);

/// The table compiled into the plugin (profile_data.inc).
const ProfileTable& builtin_table();
/// The profile built from builtin_table().
const Profile& builtin_profile();

/// One person's events with their recorded local offsets (the ground truth).
struct AuthorEvents {
  std::string label;  ///< "file: author"
  std::vector<Instant> events;
};

/// Learns a table: each author's offset-bearing events (offset +00:00 is left out: web-UI
/// commits record it) in local time, one count per quarter-hour slot, every author weighted
/// equally, smoothed over +-45 minutes.
ProfileTable learn_table(const std::vector<AuthorEvents>& authors);

/// The authors of git logs worth learning from: at least `min_events` offset-bearing events,
/// no bots.
std::vector<AuthorEvents> authors_from_git_logs(const std::vector<std::filesystem::path>& files,
                                                std::size_t min_events);

/// The C++ source of profile_data.inc for a table.
std::string table_source(const ProfileTable& table, const std::string& how);

}  // namespace candor::plugins::timezone
