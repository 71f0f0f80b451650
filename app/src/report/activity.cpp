// Activity: the candidate's events by hour of the week in the claimed zone, beside the same
// events at the best-fitting offset the timezone plugin found, and its 90 % credible offsets.
#include <fmt/format.h>

#include <set>

#include "candor/activity/activity.hpp"
#include "candor/error.hpp"
#include "candor/tz/offsets.hpp"
#include "charts.hpp"
#include "sections.hpp"

namespace candor::app::report {

namespace {

void count(WeekHours& week, std::int64_t local) {
  const std::int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const int weekday = static_cast<int>(((day + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  const int hour = static_cast<int>((local - day * 86400) / 3600);
  ++week[weekday][hour];
}

std::vector<OffsetRange> credible_ranges(const nlohmann::json& set) {
  std::vector<OffsetRange> out;
  if (!set.is_array()) return out;
  for (const auto& item : set) {
    if (!item.is_string()) continue;
    const std::string text = item;
    const auto dots = text.find("..");
    const auto a = parse_offset(text.substr(0, dots));
    const auto b = dots == std::string::npos ? a : parse_offset(text.substr(dots + 2));
    if (a && b) out.push_back({*a, *b});
  }
  return out;
}

}  // namespace

void add_activity(const PageInput& in, nlohmann::json& model) {
  if (!in.candidate) return;
  nlohmann::json notes = nlohmann::json::array();
  activity::ParsedActivity parsed;
  try {
    parsed = activity::candidate_activity(*in.candidate);
  } catch (const Error& e) {
    notes.push_back(std::string("Activity could not be read: ") + e.what());
  }
  if (parsed.events.empty() && notes.empty()) return;
  if (parsed.malformed)
    notes.push_back(fmt::format("{} lines or records could not be read.", parsed.malformed));

  nlohmann::json mismatch;
  for (const auto& s : signals_of(in.verdict))
    if (s.value("id", "") == "timezone.offset_mismatch") mismatch = s.value("evidence", mismatch);
  std::string zone = in.candidate->claimed_location.timezone;
  if (zone.empty()) zone = text_of(mismatch, "claimed_zone");
  auto offsets = zone.empty() ? std::nullopt : tz::ZoneOffsets::find(zone);
  if (!offsets) {
    notes.push_back(zone.empty() ? "No time zone was claimed: the claimed side is drawn in UTC."
                                 : "The claimed zone " + zone + " is unknown: drawn in UTC.");
    zone = "UTC";
  }
  const auto best = parse_offset(text_of(mismatch, "inferred_offset"));
  // What an honest schedule at the claimed zone would look like, where the reviewer sees the hours.
  for (const char* key : {"night_work", "morning_work", "ambiguity"})
    if (const std::string text = text_of(mismatch, key); !text.empty())
      notes.push_back("Timezone: " + text + ".");

  WeekHours claimed{}, fitted{};
  std::set<int> claimed_offsets;
  for (const auto& event : parsed.events) {
    const int off = offsets ? offsets->offset_minutes(event.utc) : 0;
    claimed_offsets.insert(off);
    count(claimed, event.utc + std::int64_t(off) * 60);
    count(fitted, event.utc + std::int64_t(best.value_or(off)) * 60);
  }
  const std::string best_label =
      best ? "UTC" + tz::format_offset(*best) : zone + " (no better offset found)";
  nlohmann::json section = {
      {"events", std::to_string(parsed.events.size())},
      {"claimed_zone", zone},
      {"best_label", best_label},
      {"heat_claimed_svg", heatmap_svg(claimed, true, "claimed zone " + zone)},
      {"heat_best_svg", heatmap_svg(fitted, false, best_label)},
      {"notes", std::move(notes)}};
  const auto ranges =
      credible_ranges(mismatch.is_object() ? mismatch.value("credible_set_90", nlohmann::json())
                                           : nlohmann::json());
  if (!ranges.empty())
    section["offsets_svg"] =
        offsets_svg(ranges, std::vector<int>(claimed_offsets.begin(), claimed_offsets.end()), best);
  model["activity"] = std::move(section);
}

}  // namespace candor::app::report
