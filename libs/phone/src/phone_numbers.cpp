#include "candor/phone/phone_numbers.hpp"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace candor::phone {

namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

std::string type_name(PhoneNumberUtil::PhoneNumberType type) {
  switch (type) {
    case PhoneNumberUtil::FIXED_LINE:
      return "fixed_line";
    case PhoneNumberUtil::MOBILE:
      return "mobile";
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE:
      return "fixed_line_or_mobile";
    case PhoneNumberUtil::TOLL_FREE:
      return "toll_free";
    case PhoneNumberUtil::PREMIUM_RATE:
      return "premium_rate";
    case PhoneNumberUtil::SHARED_COST:
      return "shared_cost";
    case PhoneNumberUtil::VOIP:
      return "voip";
    case PhoneNumberUtil::PERSONAL_NUMBER:
      return "personal_number";
    case PhoneNumberUtil::PAGER:
      return "pager";
    case PhoneNumberUtil::UAN:
      return "uan";
    case PhoneNumberUtil::VOICEMAIL:
      return "voicemail";
    case PhoneNumberUtil::UNKNOWN:
      break;
  }
  return "unknown";
}

std::string error_name(PhoneNumberUtil::ErrorType error) {
  switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
      return "no valid country code (write it as +<country code> …)";
    case PhoneNumberUtil::NOT_A_NUMBER:
      return "not a phone number";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
      return "too short after the international prefix";
    case PhoneNumberUtil::TOO_SHORT_NSN:
      return "too short";
    case PhoneNumberUtil::TOO_LONG_NSN:
      return "too long";
    case PhoneNumberUtil::NO_PARSING_ERROR:
      break;
  }
  return "unparseable";
}

}  // namespace

PhoneFacts analyse_phone(const std::string& number, const std::string& default_region,
                         std::size_t max_chars) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneFacts facts;
  facts.input = number;
  PhoneNumber parsed;
  // libphonenumber's regular expressions are superlinear: a 100,000-digit "number" kept a
  // screening busy for a minute. No written phone number, with spaces, brackets and an
  // extension, comes near this length.
  if (number.size() > max_chars) {
    facts.parse_error = "longer than " + std::to_string(max_chars) + " characters";
    facts.region = "ZZ";
    facts.type = "unknown";
    return facts;
  }
  const std::string region = default_region.empty() ? "ZZ" : default_region;
  const auto error = util.Parse(number, region, &parsed);
  if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
    facts.parse_error = error_name(error);
    facts.region = "ZZ";
    facts.type = "unknown";
    return facts;
  }
  facts.parsed = true;
  util.Format(parsed, PhoneNumberUtil::E164, &facts.e164);
  facts.possible = util.IsPossibleNumber(parsed);
  // Each of IsValidNumber, GetNumberType and GetRegionCodeForNumber resolves the region by
  // regular expressions (for +1, over every NANPA region); resolve it twice, not four times.
  // IsValidNumber(n) is exactly GetNumberType(n) != UNKNOWN.
  util.GetRegionCodeForNumber(parsed, &facts.region);
  if (facts.region.empty()) facts.region = "ZZ";
  const auto type = util.GetNumberType(parsed);
  facts.type = type_name(type);
  facts.valid = type != PhoneNumberUtil::UNKNOWN;
  facts.valid_for_claimed =
      !default_region.empty() &&
      (default_region == facts.region ? facts.valid
                                      : util.IsValidNumberForRegion(parsed, default_region));
  return facts;
}

std::string normalise_phone(const std::string& number, const std::string& default_region,
                            std::size_t max_chars) {
  const auto facts = analyse_phone(number, default_region, max_chars);
  return facts.parsed && facts.possible ? facts.e164 : "";
}

}  // namespace candor::phone
