#include "candor/tz/zone_table.hpp"

#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using candor::tz::distance_km;
using candor::tz::ZoneTable;

TEST_CASE("zone1970.tab gives the nearest zone of a country", "[tz]") {
  const ZoneTable zones = ZoneTable::load();
  CHECK(zones.size() > 300);
  CHECK(zones.nearest("US", {41.75, -88.15}) == "America/Chicago");  // Naperville
  // Nearest principal location is coarse: Austin is nearer Denver than Chicago (1 h apart).
  CHECK(zones.nearest("US", {30.27, -97.74}) == "America/Denver");
  CHECK(zones.nearest("US", {37.42, -122.08}) == "America/Los_Angeles");  // Mountain View
  CHECK(zones.nearest("US", {39.04, -77.49}) == "America/New_York");      // Ashburn
  CHECK(zones.nearest("US", {40.71, -74.01}) == "America/New_York");      // Manhattan
  CHECK(zones.nearest("DE", {52.52, 13.40}) == "Europe/Berlin");
  CHECK(zones.nearest("KP", {39.03, 125.75}) == "Asia/Pyongyang");
  CHECK_FALSE(zones.nearest("XX", {0, 0}));
  CHECK(zones.single_zone("GB") == "Europe/London");
  CHECK_FALSE(zones.single_zone("US"));
  const auto berlin = zones.location("Europe/Berlin");
  REQUIRE(berlin);
  CHECK(berlin->lat == Approx(52.5).margin(0.1));
  CHECK(berlin->lon == Approx(13.37).margin(0.1));
  CHECK(distance_km({30.27, -97.74}, {52.52, 13.40}) == Approx(8656).margin(20));
  CHECK(distance_km({10, 20}, {10, 20}) == 0);
}

TEST_CASE("a zone table is read from any file in zone1970.tab's format", "[tz]") {
  test::TempDir dir;
  test::write_text(dir / "zones.tab",
                   "# codes\tcoordinates\tTZ\tcomments\n"
                   "US\t+404251-0740023\tAmerica/New_York\tEastern (most areas)\n"
                   "US\t+415100-0873900\tAmerica/Chicago\tCentral (most areas)\n"
                   "CH,DE,LI\t+5230+01322\tEurope/Berlin\n");
  const ZoneTable zones = ZoneTable::load(dir / "zones.tab");
  CHECK(zones.size() == 3);
  CHECK(zones.nearest("US", {42.36, -71.06}) == "America/New_York");  // Boston
  CHECK(zones.nearest("US", {44.98, -93.27}) == "America/Chicago");   // Minneapolis
  CHECK(zones.single_zone("LI") == "Europe/Berlin");
  CHECK(zones.location("America/New_York")->lat == Approx(40.714).margin(0.001));
}

TEST_CASE("a missing or malformed zone table is a DataError naming the file", "[tz]") {
  test::TempDir dir;
  CHECK_THROWS_AS(ZoneTable::load(dir / "missing.tab"), DataError);
  test::write_text(dir / "bad.tab", "US\t+404251-0740023\tAmerica/New_York\nUS\tnowhere\tX/Y\n");
  CHECK_THROWS_WITH(ZoneTable::load(dir / "bad.tab"),
                    Catch::Contains("bad.tab") && Catch::Contains("line 2"));
  test::write_text(dir / "empty.tab", "# only comments\n");
  CHECK_THROWS_WITH(ZoneTable::load(dir / "empty.tab"), Catch::Contains("no zones"));
}
