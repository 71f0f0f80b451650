#pragma once
// ICAO Doc 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B) and the pre-2021 French
// identity card: parsing, check digits, calendar and state-code validation, OCR correction.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace candor::document {

/// The layout an MRZ was recognised as.
enum class MrzFormat { kUnknown, kTd1, kTd2, kTd3, kMrvA, kMrvB, kFrCni };

/// "TD1", "TD2", "TD3", "MRVA", "MRVB", "FR_CNI" or "unknown".
std::string_view format_name(MrzFormat format);

/// A calendar date.
struct Date {
  int year = 0, month = 0, day = 0;
  auto operator<=>(const Date&) const = default;
  /// YYYY-MM-DD.
  std::string iso() const;
};

/// Parses YYYY-MM-DD; nullopt when malformed.
std::optional<Date> parse_iso_date(std::string_view text);

/// One check digit as printed and as computed.
struct CheckDigit {
  std::string_view check;  ///< document_number, birth_date, expiry_date, personal_number, composite
  char expected = '0';
  char found = '0';
  bool ok = false;
};

/// A parsed MRZ. Field values are as printed (names with '<' as spaces, trailing fillers gone).
struct Mrz {
  MrzFormat format = MrzFormat::kUnknown;
  bool parsed = false;  ///< false when the layout or character set is wrong
  bool valid = false;   ///< layout, charset, check digits, calendar dates, sex and state codes
  std::vector<std::string_view> failing;  ///< failed checks (vocabulary of the MRZ test data)
  std::vector<std::string> warnings;      ///< non-fatal observations
  std::vector<CheckDigit> check_digits;

  std::string document_code, issuing_state, document_number, nationality, birth_date, sex,
      expiry_date, surname, given_names, personal_number, optional_data, optional_data_1,
      optional_data_2, administrative_code, issue_yymm, issuing_office;
  std::optional<Date> birth;   ///< resolved century: not after the reference date
  std::optional<Date> expiry;  ///< resolved century: 20YY unless beyond 50 years ahead

  bool fails(std::string_view check) const;
  /// The format's fields under the test-data key names.
  nlohmann::json fields_json() const;
  /// Everything, for evidence.
  nlohmann::json to_json() const;
};

/// Parses and validates `lines` as printed. `today` resolves two-digit years and the
/// `expired_before_<today>` warning.
Mrz parse_mrz(const std::vector<std::string>& lines, const Date& today);

/// Check digit (7-3-1 weights; digits, A-Z = 10..35, '<' = 0) of `text`, as a character.
char check_digit(std::string_view text);

/// One character changed by OCR correction.
struct Correction {
  int line = 0;      ///< 0-based
  int column = 0;    ///< 0-based
  char from = 0;
  char to = 0;
  std::string field;
};

/// The result of parsing an OCR'd or typed MRZ with permitted corrections.
struct CorrectedMrz {
  Mrz mrz;                               ///< after corrections (raw when none applied)
  std::vector<std::string> lines;        ///< the lines that `mrz` was parsed from
  std::vector<Correction> corrections;   ///< empty when the raw lines were used
};

/// Parses `lines`; when the raw MRZ is not valid, tries field-type-aware OCR confusions
/// (digits-only fields: O->0, I->1, Z->2, S->5, G->6, B->8, D->0, Q->0; alphabetic fields the
/// reverse; K/C/E inside filler runs -> '<') and keeps a correction only if every check digit
/// covering the changed field then verifies and the result is valid.
CorrectedMrz parse_mrz_corrected(const std::vector<std::string>& lines, const Date& today);

}  // namespace candor::document
