#pragma once
// The one wrapper around libphonenumber (the phone and links plugins use it).
#include <cstddef>
#include <optional>
#include <string>

#include "candor/limits.hpp"

namespace candor::phone {

/// Longest text analysed as a phone number by default (candor::kMaxPhoneChars, the policy's
/// `limits.phone_chars`); longer input is "not a phone number" at once.
using candor::kMaxPhoneChars;

/// What libphonenumber makes of one number.
struct PhoneFacts {
  std::string input;
  bool parsed = false;      ///< false: not a phone number at all (parse error given)
  std::string parse_error;  ///< libphonenumber's reason when not parsed
  bool possible = false;    ///< of a possible length for its country (the bar for linking)
  bool valid = false;       ///< a number that can be assigned in its region
  std::string e164;         ///< +15125550123 (also for parsed but invalid numbers)
  std::string region;       ///< ISO 3166-1 alpha-2 of the number, "ZZ" when unknown
  std::string type;         ///< fixed_line, mobile, fixed_line_or_mobile, voip, toll_free …
  bool valid_for_claimed = false;  ///< valid as a number of the claimed country
};

/// Parses `number` with `default_region` (ISO alpha-2, may be empty) for numbers written
/// without a country code; a number longer than `max_chars` is not parsed. Never throws for bad
/// numbers: the facts say what is wrong.
PhoneFacts analyse_phone(const std::string& number, const std::string& default_region,
                         std::size_t max_chars = kMaxPhoneChars);

/// E.164 with `default_region` for national numbers; empty when it is not a possible number.
std::string normalise_phone(const std::string& number, const std::string& default_region,
                            std::size_t max_chars = kMaxPhoneChars);

}  // namespace candor::phone
