#include "candor/phone/phone_numbers.hpp"

#include <phonenumbers/phonenumberutil.h>

#include "catch.hpp"

using namespace candor;

TEST_CASE("real numbers parse to E.164 with their region and type", "[phone]") {
  const auto us = phone::analyse_phone("(512) 463-4630", "US");  // Texas state switchboard
  REQUIRE(us.parsed);
  CHECK(us.e164 == "+15124634630");
  CHECK(us.region == "US");
  CHECK(us.possible);
  CHECK(us.valid);
  CHECK(us.valid_for_claimed);

  const auto cn = phone::analyse_phone("+86 138 0013 8000", "US");
  REQUIRE(cn.parsed);
  CHECK(cn.e164 == "+8613800138000");
  CHECK(cn.region == "CN");
  CHECK(cn.type == "mobile");
  CHECK_FALSE(cn.valid_for_claimed);

  const auto de = phone::analyse_phone("030 1827 2720", "DE");  // Berlin, national format
  CHECK(de.e164 == "+493018272720");
  CHECK(de.region == "DE");
  CHECK(de.type == "fixed_line");

  const auto ca = phone::analyse_phone("+1 416 967 1111", "US");  // +1, but Toronto
  CHECK(ca.region == "CA");
  CHECK_FALSE(ca.valid_for_claimed);

  CHECK(phone::analyse_phone("056 1234 5678", "GB").type == "voip");
}

TEST_CASE("what is not a phone number says why, and never throws", "[phone]") {
  const auto words = phone::analyse_phone("call me", "US");
  CHECK_FALSE(words.parsed);
  CHECK(words.parse_error == "not a phone number");
  CHECK(words.region == "ZZ");
  const auto no_country = phone::analyse_phone("030 1827 2720", "");
  CHECK_FALSE(no_country.parsed);
  CHECK_THAT(no_country.parse_error, Catch::Contains("country code"));
  const auto short_number = phone::analyse_phone("555-12", "US");
  CHECK_FALSE(short_number.possible);
  // Once a minute of libphonenumber's regular expressions; now refused by length at once.
  const auto huge = phone::analyse_phone("+1" + std::string(100'000, '5'), "US");
  CHECK_FALSE(huge.parsed);
  CHECK(huge.parse_error == "longer than 64 characters");
  CHECK(phone::normalise_phone(std::string(100'000, '5'), "US").empty());
  CHECK(phone::analyse_phone("+1 (512) 555-0123 ext. 4567", "US").parsed);
}

TEST_CASE("normalise_phone gives E.164 for possible numbers and nothing otherwise", "[phone]") {
  CHECK(phone::normalise_phone("(512) 463-4630", "US") == "+15124634630");
  CHECK(phone::normalise_phone("+1 512.463.4630", "DE") == "+15124634630");
  CHECK(phone::normalise_phone("+44 20 7946 0958", "") == "+442079460958");
  CHECK(phone::normalise_phone("555-12", "US") == "");
  CHECK(phone::normalise_phone("call me", "US") == "");
}

TEST_CASE("analyse_phone agrees with libphonenumber's own validity calls", "[phone]") {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"+1 512 555 0123", "US"},  {"+1 512 867 5309", "US"},  {"+1 416 555 0199", "US"},
      {"+1 416 967 1111", "CA"},  {"+1 876 927 1234", "US"},  {"+86 138 0013 8000", "US"},
      {"+44 56 1234 5678", "GB"}, {"+49 30 123456", "DE"},    {"030 123456", "DE"},
      {"+850 2 381 8111", "US"},  {"+7 495 123 45 67", "KZ"}, {"+7 727 250 1234", "RU"},
      {"+1 200 555 0123", "US"},  {"+882 1234 5678", "US"},   {"12", "US"},
      {"+800 1234 5678", ""},     {"+33 6 12 34 56 78", ""},  {"+1 684 733 1234", "AS"}};
  for (const auto& [number, region] : cases) {
    CAPTURE(number, region);
    const auto facts = phone::analyse_phone(number, region);
    PhoneNumber parsed;
    const bool parses = util.Parse(number, region.empty() ? "ZZ" : region, &parsed) ==
                        PhoneNumberUtil::NO_PARSING_ERROR;
    REQUIRE(facts.parsed == parses);
    if (!parses) continue;
    CHECK(facts.valid == util.IsValidNumber(parsed));
    CHECK(facts.valid_for_claimed ==
          (!region.empty() && util.IsValidNumberForRegion(parsed, region)));
  }
}
