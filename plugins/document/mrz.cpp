// MRZ parsing and validation. Hot path of `candor bench document`: no regexes, no maps, one
// pass over fixed positions; no heap allocation for a typical MRZ (check digits and warnings
// are kept inline, warning text is built only when reported, composites are summed in place).
#include "mrz.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

#include "state_codes.hpp"

namespace candor::plugins::document {

namespace {

constexpr std::uint8_t kNotMrz = 0xff;

// Check-digit value of every byte: digits, A-Z = 10..35, '<' = 0, anything else kNotMrz.
constexpr std::array<std::uint8_t, 256> kValues = [] {
  std::array<std::uint8_t, 256> v{};
  v.fill(kNotMrz);
  for (int c = '0'; c <= '9'; ++c)
    v[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - '0');
  for (int c = 'A'; c <= 'Z'; ++c)
    v[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(c - 'A' + 10);
  v['<'] = 0;
  return v;
}();

int char_value(char c) {
  std::uint8_t v = kValues[static_cast<unsigned char>(c)];
  return v == kNotMrz ? 0 : v;  // the charset check runs before any digit is computed
}

bool mrz_line(std::string_view line) {
  for (char c : line)
    if (kValues[static_cast<unsigned char>(c)] == kNotMrz) return false;
  return true;
}

// 7-3-1 weighted sum over several pieces, as if they were one string (composites).
class CheckSum {
 public:
  CheckSum& add(std::string_view text) {
    for (char c : text) {
      sum_ += char_value(c) * kWeights[phase_];
      phase_ = phase_ == 2 ? 0 : phase_ + 1;
    }
    return *this;
  }
  char digit() const { return static_cast<char>('0' + sum_ % 10); }

 private:
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum_ = 0;
  int phase_ = 0;
};

std::string_view strip_trailing(std::string_view s) {
  while (!s.empty() && s.back() == '<') s.remove_suffix(1);
  return s;
}

void fillers_to_spaces(std::string_view s, std::string& out) {
  s = strip_trailing(s);
  out.assign(s);
  std::replace(out.begin(), out.end(), '<', ' ');
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

int two(std::string_view s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Resolves YYMMDD. Unknown parts written as '<' pass the calendar check but give no date.
struct DateCheck {
  bool calendar_ok = false;
  std::optional<Date> date;
};

DateCheck resolve_date(std::string_view yymmdd, const Date& today, bool birth) {
  DateCheck out;
  bool unknown = yymmdd.find('<') != std::string_view::npos;
  if (unknown) {
    std::string_view yy = yymmdd.substr(0, 2), mm = yymmdd.substr(2, 2), dd = yymmdd.substr(4, 2);
    auto part_ok = [](std::string_view p, int lo, int hi) {
      if (p == "<<") return true;
      if (!all_digits(p)) return false;
      int v = (p[0] - '0') * 10 + (p[1] - '0');
      return v >= lo && v <= hi;
    };
    out.calendar_ok = part_ok(yy, 0, 99) && part_ok(mm, 1, 12) && part_ok(dd, 1, 31);
    return out;
  }
  if (!all_digits(yymmdd)) return out;
  int yy = two(yymmdd, 0), mm = two(yymmdd, 2), dd = two(yymmdd, 4);
  int year;
  if (birth) {
    year = 2000 + yy;
    if (Date{year, mm, dd} > today) year -= 100;
  } else {
    year = 2000 + yy;
    if (year > today.year + 50) year -= 100;
  }
  if (mm < 1 || mm > 12 || dd < 1 || dd > days_in_month(year, mm)) return out;
  out.calendar_ok = true;
  out.date = Date{year, mm, dd};
  return out;
}

class Validator {
 public:
  explicit Validator(Mrz& mrz) : mrz_(mrz) {}

  // Check digit over `text` printed as `found`.
  bool check(std::string_view name, std::string_view text, char found) {
    return check_computed(name, check_digit(text), found);
  }
  bool check_computed(std::string_view name, char expected, char found) {
    bool ok = found == expected;
    record(name, expected, found, ok);
    return ok;
  }
  void record(std::string_view name, char expected, char found, bool ok) {
    mrz_.check_digits.push_back({name, expected, found, ok});
    if (!ok) fail(name);
  }
  void fail(std::string_view name) {
    if (!mrz_.fails(name)) mrz_.failing.push_back(name);
  }

 private:
  Mrz& mrz_;
};

void split_name(std::string_view field, Mrz& mrz) {
  std::string_view name = strip_trailing(field);
  std::size_t sep = name.find("<<");
  if (sep == std::string_view::npos) {
    fillers_to_spaces(name, mrz.surname);
    mrz.given_names.clear();
  } else {
    fillers_to_spaces(name.substr(0, sep), mrz.surname);
    std::string_view given = name.substr(sep + 2);
    while (!given.empty() && given.front() == '<') given.remove_prefix(1);
    fillers_to_spaces(given, mrz.given_names);
  }
  if (mrz.given_names.empty() && !mrz.surname.empty())
    mrz.warnings.add(MrzWarning::kSingleIdentifier);
  if (!field.empty() && field.back() != '<') mrz.warnings.add(MrzWarning::kNameFieldFull);
}

// Document number at `number` (9 chars) with check digit `cd`; on overflow ('<' as the check
// digit and the optional data starting with more number characters) the rest of the number
// and its check digit lead `optional`. Returns the optional data after the overflow part.
std::string_view document_number(std::string_view number, char cd, std::string_view optional,
                                 Mrz& mrz, Validator& v) {
  if (cd == '<' && !optional.empty() && optional.front() != '<') {
    std::size_t end = optional.find('<');
    if (end == std::string_view::npos) end = optional.size();
    std::string_view extension = optional.substr(0, end == 0 ? 0 : end - 1);
    char embedded = end == 0 ? '<' : optional[end - 1];
    mrz.document_number.assign(number);
    mrz.document_number.append(extension);
    mrz.warnings.add(MrzWarning::kDocumentNumberOverflow);
    // ICAO computes the digit over the whole number; some issuers (Belgium BEL-BO-03003)
    // include the '<' at position 15. Both are accepted.
    char without = CheckSum().add(number).add(extension).digit();
    char with = CheckSum().add(number).add("<").add(extension).digit();
    v.record("document_number", without, embedded, embedded == without || embedded == with);
    std::string_view rest = optional.substr(std::min(end + 1, optional.size()));
    return rest;
  }
  mrz.document_number.assign(strip_trailing(number));
  v.check("document_number", number, cd);
  return optional;
}

void check_dates_and_codes(Mrz& mrz, Validator& v, const Date& today) {
  DateCheck b = resolve_date(mrz.birth_date, today, true);
  if (!b.calendar_ok) v.fail("birth_date_calendar");
  mrz.birth = b.date;
  if (!mrz.expiry_date.empty()) {
    DateCheck e = resolve_date(mrz.expiry_date, today, false);
    if (!e.calendar_ok) v.fail("expiry_date_calendar");
    mrz.expiry = e.date;
    if (e.date && *e.date < today) mrz.warnings.add(MrzWarning::kExpired, today);
  }
  const std::string& s = mrz.sex;
  if (s == "X") {
    mrz.warnings.add(MrzWarning::kSexX);
  } else if (s != "M" && s != "F" && s != "<") {
    v.fail("sex");
  }
  if (!known_state_code(mrz.issuing_state)) v.fail("issuing_state_code");
  if (!mrz.nationality.empty() && !known_state_code(mrz.nationality)) v.fail("nationality_code");
  if (mrz.issuing_state == "UTO" || mrz.nationality == "UTO")
    mrz.warnings.add(MrzWarning::kSpecimenState);
  if (mrz.issuing_state.find('<') != std::string::npos)
    mrz.warnings.add(MrzWarning::kShortStateCode);
}

void header(std::string_view line1, Mrz& mrz) {
  mrz.document_code.assign(strip_trailing(line1.substr(0, 2)));
  mrz.issuing_state.assign(line1.substr(2, 3));
}

void parse_td1(const std::vector<std::string>& l, Mrz& mrz, Validator& v) {
  std::string_view a = l[0], b = l[1], c = l[2];
  header(a, mrz);
  std::string_view opt1 = document_number(a.substr(5, 9), a[14], a.substr(15, 15), mrz, v);
  mrz.optional_data_1.assign(strip_trailing(opt1));
  mrz.birth_date.assign(b.substr(0, 6));
  v.check("birth_date", b.substr(0, 6), b[6]);
  mrz.sex.assign(1, b[7]);
  mrz.expiry_date.assign(b.substr(8, 6));
  v.check("expiry_date", b.substr(8, 6), b[14]);
  mrz.nationality.assign(b.substr(15, 3));
  mrz.optional_data_2.assign(strip_trailing(b.substr(18, 11)));
  CheckSum composite;
  composite.add(a.substr(5, 25)).add(b.substr(0, 7)).add(b.substr(8, 7)).add(b.substr(18, 11));
  v.check_computed("composite", composite.digit(), b[29]);
  split_name(c, mrz);
}

// TD2 and MRV-B share the 2x36 layout; TD3 and MRV-A the 2x44 one.
void parse_two_line(const std::vector<std::string>& l, Mrz& mrz, Validator& v, bool visa) {
  std::string_view a = l[0], b = l[1];
  std::size_t width = a.size();
  header(a, mrz);
  split_name(a.substr(5), mrz);
  std::string_view optional = b.substr(28, width == 44 ? (visa ? 16 : 14) : (visa ? 8 : 7));
  if (width == 36 && !visa) {
    optional = document_number(b.substr(0, 9), b[9], optional, mrz, v);
  } else {
    mrz.document_number.assign(strip_trailing(b.substr(0, 9)));
    v.check("document_number", b.substr(0, 9), b[9]);
  }
  mrz.nationality.assign(b.substr(10, 3));
  mrz.birth_date.assign(b.substr(13, 6));
  v.check("birth_date", b.substr(13, 6), b[19]);
  mrz.sex.assign(1, b[20]);
  mrz.expiry_date.assign(b.substr(21, 6));
  v.check("expiry_date", b.substr(21, 6), b[27]);
  if (visa) {
    mrz.optional_data.assign(strip_trailing(optional));
    return;
  }
  CheckSum composite;
  if (width == 44) {
    mrz.personal_number.assign(strip_trailing(optional));
    char cd = b[42];
    if (mrz.personal_number.empty() && cd == '<') {
      v.record("personal_number", '<', '<', true);
      mrz.warnings.add(MrzWarning::kPersonalNumberFiller);
    } else {
      v.check("personal_number", optional, cd);
    }
    composite.add(b.substr(0, 10)).add(b.substr(13, 7)).add(b.substr(21, 22));
    v.check_computed("composite", composite.digit(), b[43]);
  } else {
    mrz.optional_data.assign(strip_trailing(optional));
    composite.add(b.substr(0, 10)).add(b.substr(13, 7)).add(b.substr(21, 14));
    v.check_computed("composite", composite.digit(), b[35]);
  }
}

// Pre-2021 French identity card (2x36, not TD2): line 1 IDFRA + surname (25) + administrative
// code (6); line 2 issue YYMM, office (3), serial (5), check digit, given names (14), DOB,
// check digit, sex, composite over both lines.
void parse_fr_cni(const std::vector<std::string>& l, Mrz& mrz, Validator& v, const Date& today) {
  std::string_view a = l[0], b = l[1];
  mrz.document_code.assign(a.substr(0, 2));
  mrz.issuing_state.assign(a.substr(2, 3));
  fillers_to_spaces(a.substr(5, 25), mrz.surname);
  mrz.administrative_code.assign(strip_trailing(a.substr(30, 6)));
  mrz.issue_yymm.assign(b.substr(0, 4));
  mrz.issuing_office.assign(b.substr(4, 3));
  mrz.document_number.assign(b.substr(0, 12));
  v.check("document_number", b.substr(0, 12), b[12]);
  fillers_to_spaces(b.substr(13, 14), mrz.given_names);
  mrz.birth_date.assign(b.substr(27, 6));
  v.check("birth_date", b.substr(27, 6), b[33]);
  mrz.sex.assign(1, b[34]);
  v.check_computed("composite", CheckSum().add(a).add(b.substr(0, 35)).digit(), b[35]);
  DateCheck birth = resolve_date(mrz.birth_date, today, true);
  if (!birth.calendar_ok) v.fail("birth_date_calendar");
  mrz.birth = birth.date;
  if (mrz.sex != "M" && mrz.sex != "F") v.fail("sex");
}

// Swiss and Liechtenstein credit-card driving licence (3 lines of 9, 30, 30; FEDRO layout):
// line 1 card code (3 letters or digits, 3 digits, language D/F/I/R, "<<"); line 2 "FA", CHE or
// LIE, licence number (9-digit PIN and 3-digit version), "<<", birth YYMMDD, "<<<<<"; line 3 the
// name. It has no check digits, so it is recognised only when every fixed part is in place.
bool swiss_driving_licence(const std::vector<std::string>& l) {
  if (l.size() != 3 || l[0].size() != 9 || l[1].size() != 30 || l[2].size() != 30) return false;
  const std::string_view a = l[0], b = l[1];
  const bool card_code = std::all_of(a.begin(), a.begin() + 3, [](char c) { return c != '<'; }) &&
                         all_digits(a.substr(3, 3)) &&
                         std::string_view("DFIR").find(a[6]) != std::string_view::npos &&
                         a.substr(7) == "<<";
  const std::string_view state = b.substr(2, 3);
  return card_code && b.substr(0, 2) == "FA" && (state == "CHE" || state == "LIE") &&
         all_digits(b.substr(5, 12)) && b.substr(17, 2) == "<<" && all_digits(b.substr(19, 6)) &&
         b.substr(25) == "<<<<<";
}

void parse_ch_dl(const std::vector<std::string>& l, Mrz& mrz, Validator& v, const Date& today) {
  const std::string_view a = l[0], b = l[1];
  mrz.optional_data.assign(a.substr(0, 7));
  mrz.document_code.assign(b.substr(0, 2));
  mrz.issuing_state.assign(b.substr(2, 3));
  // The licence number printed on the card (field 5): unique to its holder, so the key for reuse.
  mrz.document_number.assign(b.substr(5, 12));
  mrz.birth_date.assign(b.substr(19, 6));
  split_name(l[2], mrz);
  DateCheck birth = resolve_date(mrz.birth_date, today, true);
  if (!birth.calendar_ok) v.fail("birth_date_calendar");
  mrz.birth = birth.date;
}

MrzFormat detect(const std::vector<std::string>& lines) {
  if (lines.size() == 3 && lines[0].size() == 30 && lines[1].size() == 30 && lines[2].size() == 30)
    return MrzFormat::kTd1;
  if (swiss_driving_licence(lines)) return MrzFormat::kChDl;
  if (lines.size() != 2 || lines[0].size() != lines[1].size()) return MrzFormat::kUnknown;
  const std::string& a = lines[0];
  if (a.size() == 44) return a[0] == 'V' ? MrzFormat::kMrvA : MrzFormat::kTd3;
  if (a.size() == 36) {
    if (a.compare(0, 5, "IDFRA") == 0) return MrzFormat::kFrCni;
    return a[0] == 'V' ? MrzFormat::kMrvB : MrzFormat::kTd2;
  }
  return MrzFormat::kUnknown;
}

}  // namespace

std::string_view format_name(MrzFormat format) {
  switch (format) {
    case MrzFormat::kTd1:
      return "TD1";
    case MrzFormat::kTd2:
      return "TD2";
    case MrzFormat::kTd3:
      return "TD3";
    case MrzFormat::kMrvA:
      return "MRVA";
    case MrzFormat::kMrvB:
      return "MRVB";
    case MrzFormat::kFrCni:
      return "FR_CNI";
    case MrzFormat::kChDl:
      return "CH_DL";
    case MrzFormat::kUnknown:
      break;
  }
  return "unknown";
}

std::string Date::iso() const {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

std::optional<Date> parse_iso_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  std::string_view y = t.substr(0, 4), m = t.substr(5, 2), d = t.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  Date out{(y[0] - '0') * 1000 + (y[1] - '0') * 100 + two(y, 2), two(m, 0), two(d, 0)};
  if (out.month < 1 || out.month > 12 || out.day < 1 ||
      out.day > days_in_month(out.year, out.month))
    return std::nullopt;
  return out;
}

char check_digit(std::string_view text) { return CheckSum().add(text).digit(); }

void MrzWarnings::add(MrzWarning code, const Date& reference) {
  if (contains(code) || size_ == codes_.size()) return;
  codes_[size_++] = code;
  if (code == MrzWarning::kExpired) reference_ = reference;
}

bool MrzWarnings::contains(MrzWarning code) const {
  for (std::size_t i = 0; i < size_; ++i)
    if (codes_[i] == code) return true;
  return false;
}

std::string MrzWarnings::text(std::size_t i) const {
  switch (codes_[i]) {
    case MrzWarning::kExpired:
      return "expired_before_" + reference_.iso();
    case MrzWarning::kSingleIdentifier:
      return "single_identifier_or_no_double_filler_in_name";
    case MrzWarning::kNameFieldFull:
      return "name_field_full_possibly_truncated";
    case MrzWarning::kDocumentNumberOverflow:
      return "document_number_overflow (>9 chars)";
    case MrzWarning::kSexX:
      return "sex_X_in_MRZ (ICAO 7th ed. MRZ allows M/F/<; X appears on some real documents)";
    case MrzWarning::kSpecimenState:
      return "specimen_state_code_UTO";
    case MrzWarning::kShortStateCode:
      return "short_state_code_padded (e.g. D<<, SI<)";
    case MrzWarning::kPersonalNumberFiller:
      return "personal_number_check_digit_is_filler";
  }
  return "unknown";
}

nlohmann::json MrzWarnings::to_json() const {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < size_; ++i) out.push_back(text(i));
  return out;
}

bool Mrz::fails(std::string_view check) const {
  return std::find(failing.begin(), failing.end(), check) != failing.end();
}

Mrz parse_mrz(const std::vector<std::string>& lines, const Date& today) {
  Mrz mrz;
  mrz.format = detect(lines);
  if (mrz.format == MrzFormat::kUnknown) {
    mrz.failing.push_back("format");
    return mrz;
  }
  for (const std::string& line : lines) {
    if (!mrz_line(line)) {
      mrz.failing.push_back("charset");
      return mrz;
    }
  }
  mrz.parsed = true;
  Validator v(mrz);
  switch (mrz.format) {
    case MrzFormat::kTd1:
      parse_td1(lines, mrz, v);
      break;
    case MrzFormat::kTd2:
      parse_two_line(lines, mrz, v, false);
      break;
    case MrzFormat::kTd3:
      parse_two_line(lines, mrz, v, false);
      break;
    case MrzFormat::kMrvA:
      parse_two_line(lines, mrz, v, true);
      break;
    case MrzFormat::kMrvB:
      parse_two_line(lines, mrz, v, true);
      break;
    case MrzFormat::kFrCni:
      parse_fr_cni(lines, mrz, v, today);
      break;
    case MrzFormat::kChDl:
      parse_ch_dl(lines, mrz, v, today);
      break;
    case MrzFormat::kUnknown:
      break;
  }
  // The national layouts carry no expiry, sex or nationality to check.
  if (mrz.format != MrzFormat::kFrCni && mrz.format != MrzFormat::kChDl)
    check_dates_and_codes(mrz, v, today);
  mrz.valid = mrz.failing.empty();
  return mrz;
}

nlohmann::json Mrz::fields_json() const {
  nlohmann::json j = nlohmann::json::object();
  if (!parsed) return nullptr;
  j["document_code"] = document_code;
  j["issuing_state"] = issuing_state;
  j["document_number"] = document_number;
  j["surname"] = surname;
  j["given_names"] = given_names;
  j["birth_date"] = birth_date;
  j["sex"] = sex;
  switch (format) {
    case MrzFormat::kFrCni:
      j["administrative_code"] = administrative_code;
      j["issue_yymm"] = issue_yymm;
      j["issuing_office"] = issuing_office;
      return j;
    case MrzFormat::kChDl:
      j.erase("sex");
      j["card_code"] = optional_data;
      return j;
    case MrzFormat::kTd1:
      j["optional_data_1"] = optional_data_1;
      j["optional_data_2"] = optional_data_2;
      break;
    case MrzFormat::kTd3:
      j["personal_number"] = personal_number;
      break;
    default:
      j["optional_data"] = optional_data;
      break;
  }
  j["nationality"] = nationality;
  j["expiry_date"] = expiry_date;
  return j;
}

nlohmann::json Mrz::to_json() const {
  nlohmann::json j;
  j["format"] = format_name(format);
  j["valid"] = valid;
  j["failing_check"] = nlohmann::json::array();
  for (auto f : failing) j["failing_check"].push_back(f);
  j["warnings"] = warnings.to_json();
  j["fields"] = fields_json();
  nlohmann::json digits = nlohmann::json::array();
  for (const CheckDigit& d : check_digits)
    digits.push_back({{"check", d.check},
                      {"expected", std::string(1, d.expected)},
                      {"found", std::string(1, d.found)},
                      {"ok", d.ok}});
  j["check_digits"] = digits;
  if (birth) j["date_of_birth"] = birth->iso();
  if (expiry) j["date_of_expiry"] = expiry->iso();
  return j;
}

}  // namespace candor::plugins::document
