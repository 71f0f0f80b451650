// MRZ parsing and validation. Hot path of `candor bench document`: no regexes, no maps, one
// pass over fixed positions.
#include "candor/document/mrz.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "state_codes.hpp"

namespace candor::document {

namespace {

int char_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 0;  // '<' (the charset check runs first)
}

bool mrz_char(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '<'; }

std::string_view strip_trailing(std::string_view s) {
  while (!s.empty() && s.back() == '<') s.remove_suffix(1);
  return s;
}

std::string fillers_to_spaces(std::string_view s) {
  s = strip_trailing(s);
  std::string out(s);
  std::replace(out.begin(), out.end(), '<', ' ');
  return out;
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
    char expected = check_digit(text);
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
    mrz.surname = fillers_to_spaces(name);
    mrz.given_names.clear();
  } else {
    mrz.surname = fillers_to_spaces(name.substr(0, sep));
    std::string_view given = name.substr(sep + 2);
    while (!given.empty() && given.front() == '<') given.remove_prefix(1);
    mrz.given_names = fillers_to_spaces(given);
  }
  if (mrz.given_names.empty() && !mrz.surname.empty())
    mrz.warnings.emplace_back("single_identifier_or_no_double_filler_in_name");
  if (!field.empty() && field.back() != '<')
    mrz.warnings.emplace_back("name_field_full_possibly_truncated");
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
    std::string full(number);
    full.append(extension);
    mrz.document_number = full;
    mrz.warnings.emplace_back("document_number_overflow (>9 chars)");
    // ICAO computes the digit over the whole number; some issuers (Belgium BEL-BO-03003)
    // include the '<' at position 15. Both are accepted.
    char without = check_digit(full);
    std::string with_filler(number);
    with_filler.push_back('<');
    with_filler.append(extension);
    char with = check_digit(with_filler);
    v.record("document_number", without, embedded, embedded == without || embedded == with);
    std::string_view rest = optional.substr(std::min(end + 1, optional.size()));
    return rest;
  }
  mrz.document_number = std::string(strip_trailing(number));
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
    if (e.date && *e.date < today) mrz.warnings.push_back("expired_before_" + today.iso());
  }
  const std::string& s = mrz.sex;
  if (s == "X") {
    mrz.warnings.emplace_back(
        "sex_X_in_MRZ (ICAO 7th ed. MRZ allows M/F/<; X appears on some real documents)");
  } else if (s != "M" && s != "F" && s != "<") {
    v.fail("sex");
  }
  if (!known_state_code(mrz.issuing_state)) v.fail("issuing_state_code");
  if (!mrz.nationality.empty() && !known_state_code(mrz.nationality)) v.fail("nationality_code");
  if (mrz.issuing_state == "UTO" || mrz.nationality == "UTO")
    mrz.warnings.emplace_back("specimen_state_code_UTO");
  if (mrz.issuing_state.find('<') != std::string::npos)
    mrz.warnings.emplace_back("short_state_code_padded (e.g. D<<, SI<)");
}

void header(std::string_view line1, Mrz& mrz) {
  mrz.document_code = std::string(strip_trailing(line1.substr(0, 2)));
  mrz.issuing_state = std::string(line1.substr(2, 3));
}

void parse_td1(const std::vector<std::string>& l, Mrz& mrz, Validator& v) {
  std::string_view a = l[0], b = l[1], c = l[2];
  header(a, mrz);
  std::string_view opt1 = document_number(a.substr(5, 9), a[14], a.substr(15, 15), mrz, v);
  mrz.optional_data_1 = std::string(strip_trailing(opt1));
  mrz.birth_date = std::string(b.substr(0, 6));
  v.check("birth_date", b.substr(0, 6), b[6]);
  mrz.sex = std::string(1, b[7]);
  mrz.expiry_date = std::string(b.substr(8, 6));
  v.check("expiry_date", b.substr(8, 6), b[14]);
  mrz.nationality = std::string(b.substr(15, 3));
  mrz.optional_data_2 = std::string(strip_trailing(b.substr(18, 11)));
  std::string composite;
  composite.reserve(60);
  composite.append(a.substr(5, 25)).append(b.substr(0, 7)).append(b.substr(8, 7)).append(
      b.substr(18, 11));
  v.check("composite", composite, b[29]);
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
    mrz.document_number = std::string(strip_trailing(b.substr(0, 9)));
    v.check("document_number", b.substr(0, 9), b[9]);
  }
  mrz.nationality = std::string(b.substr(10, 3));
  mrz.birth_date = std::string(b.substr(13, 6));
  v.check("birth_date", b.substr(13, 6), b[19]);
  mrz.sex = std::string(1, b[20]);
  mrz.expiry_date = std::string(b.substr(21, 6));
  v.check("expiry_date", b.substr(21, 6), b[27]);
  if (visa) {
    mrz.optional_data = std::string(strip_trailing(optional));
    return;
  }
  std::string composite;
  composite.reserve(44);
  if (width == 44) {
    mrz.personal_number = std::string(strip_trailing(optional));
    char cd = b[42];
    if (mrz.personal_number.empty() && cd == '<') {
      v.record("personal_number", '<', '<', true);
      mrz.warnings.emplace_back("personal_number_check_digit_is_filler");
    } else {
      v.check("personal_number", optional, cd);
    }
    composite.append(b.substr(0, 10)).append(b.substr(13, 7)).append(b.substr(21, 22));
    v.check("composite", composite, b[43]);
  } else {
    mrz.optional_data = std::string(strip_trailing(optional));
    composite.append(b.substr(0, 10)).append(b.substr(13, 7)).append(b.substr(21, 14));
    v.check("composite", composite, b[35]);
  }
}

// Pre-2021 French identity card (2x36, not TD2): line 1 IDFRA + surname (25) + administrative
// code (6); line 2 issue YYMM, office (3), serial (5), check digit, given names (14), DOB,
// check digit, sex, composite over both lines.
void parse_fr_cni(const std::vector<std::string>& l, Mrz& mrz, Validator& v, const Date& today) {
  std::string_view a = l[0], b = l[1];
  mrz.document_code = std::string(a.substr(0, 2));
  mrz.issuing_state = std::string(a.substr(2, 3));
  mrz.surname = fillers_to_spaces(a.substr(5, 25));
  mrz.administrative_code = std::string(strip_trailing(a.substr(30, 6)));
  mrz.issue_yymm = std::string(b.substr(0, 4));
  mrz.issuing_office = std::string(b.substr(4, 3));
  mrz.document_number = std::string(b.substr(0, 12));
  v.check("document_number", b.substr(0, 12), b[12]);
  mrz.given_names = fillers_to_spaces(b.substr(13, 14));
  mrz.birth_date = std::string(b.substr(27, 6));
  v.check("birth_date", b.substr(27, 6), b[33]);
  mrz.sex = std::string(1, b[34]);
  std::string composite(a);
  composite.append(b.substr(0, 35));
  v.check("composite", composite, b[35]);
  DateCheck birth = resolve_date(mrz.birth_date, today, true);
  if (!birth.calendar_ok) v.fail("birth_date_calendar");
  mrz.birth = birth.date;
  if (mrz.sex != "M" && mrz.sex != "F") v.fail("sex");
}

MrzFormat detect(const std::vector<std::string>& lines) {
  if (lines.size() == 3 && lines[0].size() == 30 && lines[1].size() == 30 &&
      lines[2].size() == 30)
    return MrzFormat::kTd1;
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
    case MrzFormat::kTd1: return "TD1";
    case MrzFormat::kTd2: return "TD2";
    case MrzFormat::kTd3: return "TD3";
    case MrzFormat::kMrvA: return "MRVA";
    case MrzFormat::kMrvB: return "MRVB";
    case MrzFormat::kFrCni: return "FR_CNI";
    case MrzFormat::kUnknown: break;
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

char check_digit(std::string_view text) {
  static constexpr int kWeights[3] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < text.size(); ++i) sum += char_value(text[i]) * kWeights[i % 3];
  return static_cast<char>('0' + sum % 10);
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
    if (!std::all_of(line.begin(), line.end(), mrz_char)) {
      mrz.failing.push_back("charset");
      return mrz;
    }
  }
  mrz.parsed = true;
  Validator v(mrz);
  switch (mrz.format) {
    case MrzFormat::kTd1: parse_td1(lines, mrz, v); break;
    case MrzFormat::kTd2: parse_two_line(lines, mrz, v, false); break;
    case MrzFormat::kTd3: parse_two_line(lines, mrz, v, false); break;
    case MrzFormat::kMrvA: parse_two_line(lines, mrz, v, true); break;
    case MrzFormat::kMrvB: parse_two_line(lines, mrz, v, true); break;
    case MrzFormat::kFrCni: parse_fr_cni(lines, mrz, v, today); break;
    case MrzFormat::kUnknown: break;
  }
  if (mrz.format != MrzFormat::kFrCni) check_dates_and_codes(mrz, v, today);
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
    case MrzFormat::kTd1:
      j["optional_data_1"] = optional_data_1;
      j["optional_data_2"] = optional_data_2;
      break;
    case MrzFormat::kTd3: j["personal_number"] = personal_number; break;
    default: j["optional_data"] = optional_data; break;
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
  j["warnings"] = warnings;
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

}  // namespace candor::document
