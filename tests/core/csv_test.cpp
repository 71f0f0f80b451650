#include <sstream>

#include "candor/csv.hpp"
#include "candor/error.hpp"
#include "catch.hpp"

using candor::CsvReader;

TEST_CASE("CSV reader handles quotes, doubled quotes, CRLF and embedded newlines", "[core]") {
  std::istringstream in("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\nlast");
  CsvReader reader(in);
  std::vector<std::string> f;
  REQUIRE(reader.next(f));
  CHECK(f == std::vector<std::string>{"a", "b,c", "say \"hi\""});
  CHECK(reader.line() == 1);
  REQUIRE(reader.next(f));
  CHECK(f == std::vector<std::string>{"multi\nline", "", "x"});
  CHECK(reader.line() == 2);
  REQUIRE(reader.next(f));
  CHECK(f == std::vector<std::string>{"last"});
  CHECK(reader.line() == 4);
  CHECK_FALSE(reader.next(f));
}

TEST_CASE("CSV reader reports an unclosed quote with its line", "[core]") {
  std::istringstream in("ok\n\"never closed,\n");
  CsvReader reader(in);
  std::vector<std::string> f;
  REQUIRE(reader.next(f));
  CHECK_THROWS_WITH(reader.next(f), "line 2: unclosed quote");
}
