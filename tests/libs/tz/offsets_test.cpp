#include "candor/tz/offsets.hpp"

#include "catch.hpp"

using candor::tz::format_offset;
using candor::tz::utc_offset_minutes;
using candor::tz::ZoneOffsets;

TEST_CASE("New York is UTC-5 in January and UTC-4 in July", "[tz]") {
  constexpr std::int64_t january = 1736942400;  // 2025-01-15T12:00Z
  constexpr std::int64_t july = 1752580800;     // 2025-07-15T12:00Z
  CHECK(utc_offset_minutes("America/New_York", january) == -300);
  CHECK(utc_offset_minutes("America/New_York", july) == -240);
  const auto new_york = ZoneOffsets::find("America/New_York");
  REQUIRE(new_york);
  CHECK(new_york->name() == "America/New_York");
  CHECK(new_york->offset_minutes(january) == -300);
  CHECK(new_york->offset_minutes(july) == -240);
  CHECK(new_york->offset_minutes(january) == -300);
}

TEST_CASE("an unknown or empty zone is nullopt", "[tz]") {
  CHECK_FALSE(utc_offset_minutes("Mars/Olympus_Mons", 1752580800));
  CHECK_FALSE(utc_offset_minutes("", 1752580800));
  CHECK_FALSE(ZoneOffsets::find("Mars/Olympus_Mons"));
  CHECK_FALSE(ZoneOffsets::find(""));
}

TEST_CASE("UTC offsets follow daylight saving time", "[tz]") {
  // 2026-01-15T12:00Z and 2026-07-15T12:00Z.
  constexpr std::int64_t winter = 1768478400, summer = 1784116800;
  CHECK(utc_offset_minutes("America/Chicago", winter) == -360);
  CHECK(utc_offset_minutes("America/Chicago", summer) == -300);
  CHECK(utc_offset_minutes("Europe/Berlin", winter) == 60);
  CHECK(utc_offset_minutes("Europe/Berlin", summer) == 120);
  CHECK(utc_offset_minutes("Asia/Shanghai", summer) == 480);
  CHECK(utc_offset_minutes("Asia/Kolkata", summer) == 330);
  CHECK_FALSE(utc_offset_minutes("Mars/Olympus_Mons", summer));
  // The US changes on 2026-03-08, Europe on 2026-03-29: New York to London is 4 h in between.
  constexpr std::int64_t march_gap = 1773489600;  // 2026-03-14T12:00Z
  CHECK(*utc_offset_minutes("Europe/London", march_gap) -
            *utc_offset_minutes("America/New_York", march_gap) ==
        240);
}

TEST_CASE("a zone's offsets are DST-correct at each instant, in any order", "[tz]") {
  auto chicago = ZoneOffsets::find("America/Chicago");
  REQUIRE(chicago);
  // US DST 2024 began 2024-03-10 08:00 UTC and ended 2024-11-03 07:00 UTC.
  CHECK(chicago->offset_minutes(1710057600 - 1) == -360);
  CHECK(chicago->offset_minutes(1710057600) == -300);
  CHECK(chicago->offset_minutes(1730617200 - 1) == -300);
  CHECK(chicago->offset_minutes(1730617200) == -360);
  CHECK(chicago->offset_minutes(1710057600 - 1) == -360);  // the cache goes backwards too
  CHECK(ZoneOffsets::find("Asia/Kolkata")->offset_minutes(1704067200) == 330);
}

TEST_CASE("offsets format as +HH:MM", "[tz]") {
  CHECK(format_offset(0) == "+00:00");
  CHECK(format_offset(-300) == "-05:00");
  CHECK(format_offset(330) == "+05:30");
  CHECK(format_offset(-330) == "-05:30");
  CHECK(format_offset(525) == "+08:45");
  CHECK(format_offset(14 * 60) == "+14:00");
}
