#include "model.hpp"

#include <algorithm>

#include "activity.hpp"
#include "catch.hpp"
#include "plugin.hpp"
#include "synthetic.hpp"

using namespace candor::plugins::timezone;
using candor::test::office_hours;
using candor::test::office_hours_at;
using candor::tz::ZoneOffsets;

namespace {

constexpr std::int64_t kJan2024 = 1704067200;  // 2024-01-01T00:00:00Z, a Monday

std::vector<Instant> parse_all(const std::vector<std::string>& lines, bool keep_offsets = false) {
  std::vector<Instant> out;
  for (const auto& l : lines) {
    auto i = parse_rfc3339_instant(l);
    REQUIRE(i);
    if (!keep_offsets) i->offset_minutes.reset();
    out.push_back(*i);
  }
  return out;
}

}  // namespace

TEST_CASE("RFC 3339 instants keep their offsets, epoch seconds and Z carry none", "[timezone]") {
  auto a = parse_rfc3339_instant("2024-03-10T02:30:00+05:30");
  REQUIRE(a);
  CHECK(a->utc == 1710018000 - 0);  // 2024-03-09T21:00:00Z
  CHECK(a->offset_minutes == 330);
  auto b = parse_rfc3339_instant("2024-03-09T21:00:00.250Z");
  REQUIRE(b);
  CHECK(b->utc == a->utc);
  CHECK_FALSE(b->offset_minutes);
  CHECK(parse_timestamp("1710018000")->utc == a->utc);
  CHECK(parse_timestamp("1710018000.5")->utc == a->utc);
  CHECK_FALSE(parse_rfc3339_instant("2024-02-30T00:00:00Z"));
  CHECK_FALSE(parse_rfc3339_instant("2024-03-10T02:30:00"));
  CHECK_FALSE(parse_timestamp("yesterday"));
}

TEST_CASE("a year across both DST changes fits its own zone, not one far away", "[timezone]") {
  const auto events = parse_all(office_hours("America/New_York", kJan2024, 1500, true));
  const auto slots = active_slots(events);
  const auto& profile = builtin_profile();
  const auto scores = offset_log_likelihoods(utc_histogram(slots), profile);
  const auto zone = ZoneOffsets::find("America/New_York");
  const auto test = test_claim(slots, *zone, profile, scores);
  CHECK(test.claimed_offsets == std::vector<int>{-300, -240});
  CHECK(test.llr_far < Options{}.llr_threshold);
  CHECK(test.night_share < 0.05);
  const auto post = make_posterior(scores);
  CHECK(std::min(clock_distance(post.map_minutes, -300), clock_distance(post.map_minutes, -240)) <=
        60);
  const auto shanghai = test_claim(slots, *ZoneOffsets::find("Asia/Shanghai"), profile, scores);
  CHECK(shanghai.llr_far > Options{}.llr_threshold);
}

TEST_CASE("a half-hour zone (+05:30) is found and tested", "[timezone]") {
  const auto events = parse_all(office_hours_at(330, kJan2024, 400));
  const auto slots = active_slots(events);
  const auto& profile = builtin_profile();
  const auto scores = offset_log_likelihoods(utc_histogram(slots), profile);
  const auto post = make_posterior(scores);
  CHECK(clock_distance(post.map_minutes, 330) <= 60);
  CHECK(std::any_of(post.credible.begin(), post.credible.end(),
                    [](int o) { return clock_distance(o, 330) <= 30; }));
  const Options options;
  CHECK(test_claim(slots, *ZoneOffsets::find("Asia/Kolkata"), profile, scores).llr_far <
        options.llr_threshold);
  CHECK(test_claim(slots, *ZoneOffsets::find("America/Chicago"), profile, scores).llr_far >
        options.llr_threshold);
}

TEST_CASE("a move from +09:00 to -06:00 shows as two segments", "[timezone]") {
  auto first = parse_all(office_hours_at(540, kJan2024, 300, 1));
  const auto second = parse_all(office_hours_at(-360, kJan2024 + 120 * 86400, 300, 2));
  first.insert(first.end(), second.begin(), second.end());
  const auto segments = change_points(active_slots(first), builtin_profile());
  REQUIRE(segments.size() == 2);
  CHECK(clock_distance(segments[0].map_minutes, 540) <= 60);
  CHECK(clock_distance(segments[1].map_minutes, -360) <= 60);
  CHECK(segments[1].from >= kJan2024 + 100 * 86400);
  const auto one = change_points(active_slots(second), builtin_profile());
  CHECK(one.size() == 1);
}

TEST_CASE("shift work has no quiet hours, one person has", "[timezone]") {
  const auto one = parse_all(office_hours_at(60, kJan2024, 600));
  CHECK(quietest_six_hours_share(utc_histogram(active_slots(one))) < 0.05);
  auto shifts = one;
  for (int offset : {60 + 480, 60 + 960}) {
    const auto more = parse_all(office_hours_at(offset, kJan2024, 600, offset));
    shifts.insert(shifts.end(), more.begin(), more.end());
  }
  CHECK(quietest_six_hours_share(utc_histogram(active_slots(shifts))) >
        Options{}.round_the_clock_share);
}

TEST_CASE("the shipped profile was learned from real logs and has a sleep gap", "[timezone]") {
  const auto& table = builtin_table();
  CHECK(table.authors >= 5);
  double night = 0, day = 0;
  for (int q = 0; q < 24; ++q) night += table.weekday[q + 8];  // 02:00-08:00
  for (int q = 0; q < 24; ++q) day += table.weekday[q + 52];   // 13:00-19:00
  CHECK(day > 4 * night);
}
