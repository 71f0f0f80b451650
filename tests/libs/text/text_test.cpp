#include "candor/text/text.hpp"

#include "catch.hpp"

using candor::text::ascii_lower;
using candor::text::trim;

TEST_CASE("trim drops ASCII whitespace at both ends and keeps the inside", "[text]") {
  CHECK(trim("  Astrill exit range \t\r\n") == "Astrill exit range");
  CHECK(trim("\n\v\f\r\t x") == "x");
  CHECK(trim("a  b") == "a  b");
  CHECK(trim("") == "");
  CHECK(trim(" \t\r\n").empty());
  // A view into the text it was given, not a copy.
  const std::string line = "  2024-03-10T09:15:00Z\r";
  const std::string_view trimmed = trim(line);
  CHECK(trimmed == "2024-03-10T09:15:00Z");
  CHECK(trimmed.data() == line.data() + 2);
  // Not ASCII whitespace: a no-break space (UTF-8 C2 A0) stays.
  CHECK(trim("\xC2\xA0x\xC2\xA0") == "\xC2\xA0x\xC2\xA0");
}

TEST_CASE("ascii_lower lowers A-Z only", "[text]") {
  CHECK(ascii_lower("GitHub-Actions[BOT]") == "github-actions[bot]");
  CHECK(ascii_lower("0xAbCdEF12") == "0xabcdef12");
  // UTF-8 bytes pass through unchanged ("ÄÖ" stays upper case, but intact).
  CHECK(ascii_lower("\xC3\x84\xC3\x96 ABC") == "\xC3\x84\xC3\x96 abc");
  CHECK(ascii_lower("") == "");
}
