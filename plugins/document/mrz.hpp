#pragma once
// ICAO Doc 9303 machine-readable zones (TD1, TD2, TD3, MRV-A, MRV-B), the pre-2021 French
// identity card and the Swiss driving licence: parsing, check digits, calendar and state-code
// validation, OCR correction.
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace candor::plugins::document {

/// The layout an MRZ was recognised as.
enum class MrzFormat { kUnknown, kTd1, kTd2, kTd3, kMrvA, kMrvB, kFrCni, kChDl };

/// "TD1", "TD2", "TD3", "MRVA", "MRVB", "FR_CNI", "CH_DL" or "unknown".
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

/// The check digits of one MRZ (at most five per layout), kept inline.
class CheckDigits {
 public:
  static constexpr std::size_t kCapacity = 6;
  void push_back(const CheckDigit& digit) {
    if (size_ < kCapacity) items_[size_++] = digit;
  }
  const CheckDigit* begin() const { return items_.data(); }
  const CheckDigit* end() const { return items_.data() + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const CheckDigit& operator[](std::size_t i) const { return items_[i]; }

 private:
  std::array<CheckDigit, kCapacity> items_{};
  std::size_t size_ = 0;
};

/// A non-fatal observation about an MRZ. Parsing records codes; text is built only when a
/// warning is reported (see MrzWarnings::text).
enum class MrzWarning : std::uint8_t {
  kExpired,                 ///< expired_before_<reference date>
  kSingleIdentifier,        ///< single_identifier_or_no_double_filler_in_name
  kNameFieldFull,           ///< name_field_full_possibly_truncated
  kDocumentNumberOverflow,  ///< document_number_overflow (>9 chars)
  kSexX,                    ///< sex_X_in_MRZ (...)
  kSpecimenState,           ///< specimen_state_code_UTO
  kShortStateCode,          ///< short_state_code_padded (...)
  kPersonalNumberFiller,    ///< personal_number_check_digit_is_filler
};

/// The warnings of one MRZ as codes. Iterating yields each warning's text (std::string), the
/// vocabulary of the MRZ test data.
class MrzWarnings {
 public:
  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = std::string;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string;
    const_iterator() = default;
    std::string operator*() const { return owner_->text(index_); }
    const_iterator& operator++() {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++index_;
      return before;
    }
    bool operator==(const const_iterator& other) const { return index_ == other.index_; }

   private:
    friend class MrzWarnings;
    const_iterator(const MrzWarnings* owner, std::size_t index) : owner_(owner), index_(index) {}
    const MrzWarnings* owner_ = nullptr;
    std::size_t index_ = 0;
  };

  /// Records `code` once; `reference` is the date kExpired is relative to.
  void add(MrzWarning code, const Date& reference = {});
  bool contains(MrzWarning code) const;
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  MrzWarning code(std::size_t i) const { return codes_[i]; }
  /// The text of the i-th warning, e.g. "expired_before_2025-01-01".
  std::string text(std::size_t i) const;
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }
  /// All texts, for evidence.
  nlohmann::json to_json() const;

 private:
  std::array<MrzWarning, 8> codes_{};
  std::size_t size_ = 0;
  Date reference_{};
};

/// A parsed MRZ. Field values are as printed (names with '<' as spaces, trailing fillers gone).
struct Mrz {
  MrzFormat format = MrzFormat::kUnknown;
  bool parsed = false;  ///< false when the layout or character set is wrong
  bool valid = false;   ///< layout, charset, check digits, calendar dates, sex and state codes
  std::vector<std::string_view> failing;  ///< failed checks (vocabulary of the MRZ test data)
  MrzWarnings warnings;                   ///< non-fatal observations
  CheckDigits check_digits;

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
  int line = 0;    ///< 0-based
  int column = 0;  ///< 0-based
  char from = 0;
  char to = 0;
  std::string field;
};

/// The result of parsing an OCR'd or typed MRZ with permitted corrections.
struct CorrectedMrz {
  Mrz mrz;                              ///< after corrections (raw when none applied)
  std::vector<std::string> lines;       ///< the lines that `mrz` was parsed from
  std::vector<Correction> corrections;  ///< empty when the raw lines were used
};

/// Parses `lines`; when the raw MRZ is not valid, tries field-type-aware OCR confusions
/// (digits-only fields: O->0, I->1, Z->2, S->5, G->6, B->8, D->0, Q->0; alphabetic fields the
/// reverse; K/C/E inside filler runs -> '<') and keeps a correction only if every check digit
/// covering the changed field then verifies and the result is valid.
CorrectedMrz parse_mrz_corrected(const std::vector<std::string>& lines, const Date& today);

}  // namespace candor::plugins::document
