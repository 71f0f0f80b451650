// `candor rescreen`: after a list gains a row naming a stored candidate, exactly that candidate
// is reported; `forget` erases what rescreen reads.
#include <fstream>

#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;

namespace {

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// One sdn.csv row in OFAC's legacy format.
std::string sdn_row(int ent_num, const std::string& name, const std::string& remarks = "-0- ") {
  return std::to_string(ent_num) + ",\"" + name +
         "\",\"individual\",\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ," + remarks + "\n";
}

}  // namespace

TEST_CASE("rescreen reports exactly the stored candidate a new list row names",
          "[sanctions][rescreen]") {
  test::TempDir tmp;
  const auto list = tmp / "list";
  test::write_text(list / "sdn.csv", sdn_row(1, "ZORBEXIAN, Quillamaine"));
  const std::string base = " --data-dir " + quoted(tmp / "data") + " --sanctions-dir " +
                           quoted(list) + " --disable geoip --disable phone";
  test::write_text(tmp / "a.json", R"({"id": "cand-a", "name": "Thaddeus Wolfenbarger",
                                       "date_of_birth": "1961-04-02"})");
  test::write_text(tmp / "b.json", R"({"id": "cand-b", "name": "Jennifer Martinez"})");
  for (const char* f : {"a.json", "b.json"}) {
    const auto r = test::run_cli("check " + quoted(tmp / f) + base);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
  // Nothing changed yet.
  const auto before = test::run_cli("rescreen" + base);
  INFO(before.err);
  REQUIRE(before.exit_code == 0);
  CHECK(before.out.empty());
  CHECK_THAT(before.err, Catch::Contains("rescreened 2 candidates"));

  // The list gains a row naming candidate A (DOB agreeing).
  {
    std::ofstream out(list / "sdn.csv", std::ios::app);
    out << sdn_row(2, "WOLFENBARGER, Thaddeus", "\"DOB 02 Apr 1961; nationality Korea, North.\"");
  }
  const auto after = test::run_cli("rescreen" + base);
  INFO(after.err);
  REQUIRE(after.exit_code == 0);
  CHECK(std::count(after.out.begin(), after.out.end(), '\n') == 1);
  CHECK_THAT(after.out, Catch::StartsWith("cand-a\tclear -> "));
  CHECK_THAT(after.out, Catch::Contains("sanctions.name_match /name (2)"));
  CHECK(after.out.find("cand-b") == std::string::npos);
  // --since after both were screened keeps nobody; a bad date is bad input.
  const auto later = test::run_cli("rescreen --since 2999-01-01" + base);
  CHECK(later.out.empty());
  CHECK_THAT(later.err, Catch::Contains("rescreened 0 candidates"));
  const auto bad = test::run_cli("rescreen --since yesterday" + base);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::Contains("--since"));

  // forget erases the stored input with the rest: A is no longer rescreened.
  REQUIRE(test::run_cli("forget cand-a --data-dir " + quoted(tmp / "data")).exit_code == 0);
  const auto forgotten = test::run_cli("rescreen" + base);
  CHECK(forgotten.out.empty());
  CHECK_THAT(forgotten.err, Catch::Contains("rescreened 1 candidates"));
}
