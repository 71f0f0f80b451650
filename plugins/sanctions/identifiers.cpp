#include "identifiers.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "candor/text/text.hpp"

namespace candor::plugins::sanctions {

namespace {

using text::trim;

struct Country {
  const char* iso2;
  const char* iso3;
  std::vector<const char*> names;  ///< lower case, as OFAC and the UN write them
};

// The countries named in the DPRK, cyber and related programs' remarks, and those of the
// countries where candidates usually claim to live; an unknown name compares as unknown.
const std::vector<Country>& countries() {
  static const std::vector<Country> table = {
      {"KP",
       "PRK",
       {"korea, north", "north korea", "democratic people's republic of korea", "dprk"}},
      {"KR", "KOR", {"korea, south", "south korea", "republic of korea", "korea"}},
      {"CN", "CHN", {"china", "people's republic of china"}},
      {"RU", "RUS", {"russia", "russian federation"}},
      {"TR", "TUR", {"turkey", "turkiye", "türkiye"}},
      {"AE", "ARE", {"united arab emirates", "uae"}},
      {"SY", "SYR", {"syria", "syrian arab republic"}},
      {"IR", "IRN", {"iran"}},
      {"MM", "MMR", {"burma", "myanmar"}},
      {"LA", "LAO", {"laos"}},
      {"VN", "VNM", {"vietnam", "viet nam"}},
      {"KH", "KHM", {"cambodia"}},
      {"TH", "THA", {"thailand"}},
      {"SG", "SGP", {"singapore"}},
      {"MY", "MYS", {"malaysia"}},
      {"ID", "IDN", {"indonesia"}},
      {"PH", "PHL", {"philippines"}},
      {"HK", "HKG", {"hong kong"}},
      {"MO", "MAC", {"macau", "macao"}},
      {"TW", "TWN", {"taiwan"}},
      {"JP", "JPN", {"japan"}},
      {"MN", "MNG", {"mongolia"}},
      {"IN", "IND", {"india"}},
      {"PK", "PAK", {"pakistan"}},
      {"BD", "BGD", {"bangladesh"}},
      {"NP", "NPL", {"nepal"}},
      {"LK", "LKA", {"sri lanka"}},
      {"US", "USA", {"united states", "united states of america", "usa"}},
      {"CA", "CAN", {"canada"}},
      {"MX", "MEX", {"mexico"}},
      {"BR", "BRA", {"brazil"}},
      {"GB", "GBR", {"united kingdom", "uk"}},
      {"DE", "DEU", {"germany"}},
      {"FR", "FRA", {"france"}},
      {"ES", "ESP", {"spain"}},
      {"IT", "ITA", {"italy"}},
      {"NL", "NLD", {"netherlands"}},
      {"PL", "POL", {"poland"}},
      {"UA", "UKR", {"ukraine"}},
      {"BY", "BLR", {"belarus"}},
      {"KZ", "KAZ", {"kazakhstan"}},
      {"UZ", "UZB", {"uzbekistan"}},
      {"KG", "KGZ", {"kyrgyzstan"}},
      {"AM", "ARM", {"armenia"}},
      {"GE", "GEO", {"georgia"}},
      {"AZ", "AZE", {"azerbaijan"}},
      {"CY", "CYP", {"cyprus"}},
      {"EG", "EGY", {"egypt"}},
      {"LY", "LBY", {"libya"}},
      {"KW", "KWT", {"kuwait"}},
      {"QA", "QAT", {"qatar"}},
      {"SA", "SAU", {"saudi arabia"}},
      {"IQ", "IRQ", {"iraq"}},
      {"LB", "LBN", {"lebanon"}},
      {"NG", "NGA", {"nigeria"}},
      {"NA", "NAM", {"namibia"}},
      {"AO", "AGO", {"angola"}},
      {"ZA", "ZAF", {"south africa"}},
      {"ET", "ETH", {"ethiopia"}},
      {"TZ", "TZA", {"tanzania"}},
      {"UG", "UGA", {"uganda"}},
      {"SD", "SDN", {"sudan"}},
      {"BZ", "BLZ", {"belize"}},
      {"PA", "PAN", {"panama"}},
      {"VE", "VEN", {"venezuela"}},
      {"CU", "CUB", {"cuba"}},
      {"AU", "AUS", {"australia"}},
  };
  return table;
}

std::string lower(std::string_view s) { return text::ascii_lower(std::string(trim(s))); }

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

int month_number(std::string_view m) {
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string l = lower(m.substr(0, std::min<std::size_t>(3, m.size())));
  for (int i = 0; i < 12; ++i)
    if (l == names[i]) return i + 1;
  return 0;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

std::optional<ListedDob> parse_dob(std::string_view value, std::string text) {
  ListedDob d;
  d.text = std::move(text);
  auto w = words(value);
  if (!w.empty() && (lower(w[0]) == "circa" || lower(w[0]) == "ca.")) {
    w.erase(w.begin());
    if (w.size() == 1 && all_digits(w[0]) && w[0].size() == 4) {
      const int y = std::stoi(w[0]);
      d.year_from = y - 1;  // circa: a year either side
      d.year_to = y + 1;
      return d;
    }
    return std::nullopt;
  }
  if (w.size() == 3 && w[1] == "to" && all_digits(w[0]) && all_digits(w[2]) && w[0].size() == 4 &&
      w[2].size() == 4) {
    d.year_from = std::stoi(w[0]);
    d.year_to = std::stoi(w[2]);
    return d;
  }
  if (w.empty() || !all_digits(w.back()) || w.back().size() != 4) return std::nullopt;
  d.year_from = d.year_to = std::stoi(w.back());
  if (w.size() >= 2) d.month = month_number(w[w.size() - 2]);
  if (w.size() >= 3 && all_digits(w[0]) && w[0].size() <= 2) d.day = std::stoi(w[0]);
  return d;
}

std::string first_word(std::string_view s) {
  const auto w = words(s);
  return w.empty() ? "" : w.front();
}

std::string digits(std::string_view s) {
  std::string out;
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) out += c;
  return out;
}

// Letters and digits of an address, lower case, for containment.
std::string address_key(std::string_view s) {
  std::string out;
  bool space = true;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
      space = false;
    } else if (!space) {
      out += ' ';
      space = true;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string dob_clause(std::string_view iso) {
  static const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto number = [&](std::size_t at, std::size_t n) {
    if (iso.size() < at + n) return -1;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(iso[i]))) return -1;
      v = v * 10 + (iso[i] - '0');
    }
    return v;
  };
  const int year = number(0, 4);
  if (year <= 0 || (iso.size() != 4 && iso[4] != '-')) return "";
  const int month = iso.size() >= 7 ? number(5, 2) : 0;
  const int day = iso.size() >= 10 && (iso.size() == 10 || iso[10] == 'T') ? number(8, 2) : 0;
  if (month < 0 || month > 12 || day < 0 || day > 31 || (iso.size() > 4 && iso.size() < 7))
    return "";
  std::string out = "DOB ";
  if (month > 0 && day > 0) out += (day < 10 ? "0" : "") + std::to_string(day) + " ";
  if (month > 0) out += std::string(names[month - 1]) + " ";
  return out + std::to_string(year);
}

std::string clause_value(std::string_view value) {
  std::string out(trim(value));
  std::replace(out.begin(), out.end(), ';', ',');
  return out;
}

std::string country_code(const std::string& name_or_code) {
  const std::string l = lower(name_or_code);
  if (l.empty()) return "";
  for (const auto& c : countries()) {
    if (l == lower(c.iso2) || l == lower(c.iso3)) return c.iso2;
    for (const char* n : c.names)
      if (l == n) return c.iso2;
  }
  return "";
}

std::string normalise_document(const std::string& number) {
  std::string out;
  for (char c : number)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

ListedIdentifiers parse_identifiers(const std::string& remarks) {
  constexpr std::size_t kMaxClauses = 64, kMaxClauseChars = 512;
  ListedIdentifiers out;
  std::size_t start = 0, clauses = 0;
  while (start <= remarks.size() && clauses < kMaxClauses) {
    std::size_t end = remarks.find(';', start);
    if (end == std::string::npos) end = remarks.size();
    std::string_view clause = trim(std::string_view(remarks).substr(start, end - start));
    start = end + 1;
    ++clauses;
    if (clause.size() > kMaxClauseChars) continue;
    if (starts_with(clause, "alt. ")) clause = trim(clause.substr(5));
    while (!clause.empty() && clause.back() == '.') clause.remove_suffix(1);
    const std::string text(clause);
    auto after = [&](std::string_view label) { return trim(clause.substr(label.size())); };
    if (starts_with(clause, "DOB ")) {
      if (auto d = parse_dob(after("DOB "), text)) out.dobs.push_back(*d);
    } else if (starts_with(clause, "POB ")) {
      out.places_of_birth.emplace_back(after("POB "));
    } else if (starts_with(clause, "nationality ") || starts_with(clause, "Nationality ") ||
               starts_with(clause, "citizen ") || starts_with(clause, "Citizen ")) {
      const std::string_view value = trim(clause.substr(clause.find(' ') + 1));
      out.nationality_texts.push_back(text);
      if (const auto code = country_code(std::string(value)); !code.empty())
        out.nationalities.push_back(code);
    } else if (starts_with(clause, "Passport ")) {
      out.documents.push_back(normalise_document(first_word(after("Passport "))));
    } else if (starts_with(clause, "National ID No. ")) {
      out.documents.push_back(normalise_document(first_word(after("National ID No. "))));
    } else if (starts_with(clause, "Identification Number ")) {
      out.documents.push_back(normalise_document(first_word(after("Identification Number "))));
    } else if (starts_with(clause, "Email Address ")) {
      out.emails.push_back(lower(first_word(after("Email Address "))));
    } else if (starts_with(clause, "Phone Number ") || starts_with(clause, "Telephone")) {
      const std::string d = digits(clause);
      if (d.size() >= 7) out.phones.push_back(d);
    }
    if (end == remarks.size()) break;
  }
  auto dedupe = [](std::vector<std::string>& v) {
    v.erase(std::remove(v.begin(), v.end(), std::string()), v.end());
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
  };
  dedupe(out.nationalities);
  dedupe(out.documents);
  dedupe(out.emails);
  dedupe(out.phones);
  return out;
}

IdentifierComparison compare_identifiers(const Candidate& c, const SdnEntry& e,
                                         const ListedIdentifiers& listed) {
  IdentifierComparison r;
  auto note = [&](const std::string& field, const std::string& candidate, const std::string& value,
                  const char* result) {
    r.comparisons.push_back(
        {{"field", field}, {"candidate", candidate}, {"listed", value}, {"result", result}});
  };
  // Date of birth.
  if (!c.date_of_birth.empty() && !listed.dobs.empty() && c.date_of_birth.size() >= 10) {
    const int y = std::atoi(c.date_of_birth.substr(0, 4).c_str());
    const int m = std::atoi(c.date_of_birth.substr(5, 2).c_str());
    const int d = std::atoi(c.date_of_birth.substr(8, 2).c_str());
    int best = 0;  // 0 contradicts, 1 same year but another day, 2 year agrees, 3 date agrees
    const ListedDob* best_dob = &listed.dobs.front();
    for (const auto& dob : listed.dobs) {
      int v = 0;
      if (y >= dob.year_from && y <= dob.year_to) {
        if (dob.month == 0 || (dob.month == m && (dob.day == 0 || dob.day == d)))
          v = dob.day != 0 ? 3 : 2;
        else
          v = 1;
      }
      if (v > best) {
        best = v;
        best_dob = &dob;
      }
    }
    static const char* results[] = {"contradicts", "same year, another day", "year agrees",
                                    "date agrees"};
    note("/date_of_birth", c.date_of_birth, best_dob->text, results[best]);
    if (best == 0) r.contradicted = true;
    if (best == 2) r.llr += kDobYearLlr;
    if (best == 3) r.llr += kDobDateLlr;
  }
  // Nationality.
  if (!c.nationality.empty() && !listed.nationality_texts.empty()) {
    const std::string code = country_code(c.nationality);
    const bool same = !code.empty() &&
                      std::find(listed.nationalities.begin(), listed.nationalities.end(), code) !=
                          listed.nationalities.end();
    const std::string shown = listed.nationality_texts.front();
    if (same) {
      note("/nationality", c.nationality, shown, "agrees");
      r.llr += kNationalityLlr;
    } else if (!code.empty() && !listed.nationalities.empty()) {
      note("/nationality", c.nationality, shown, "contradicts");
      r.contradicted = true;
    } else {
      note("/nationality", c.nationality, shown, "unknown country");
    }
  }
  // Passport and ID numbers, e-mails: an exact listed identifier settles the case.
  for (std::size_t i = 0; i < c.documents.size(); ++i) {
    const std::string n = normalise_document(c.documents[i].number);
    if (n.size() < 5) continue;
    if (std::binary_search(listed.documents.begin(), listed.documents.end(), n)) {
      note("/documents/" + std::to_string(i) + "/number", c.documents[i].number, n, "agrees");
      r.hard = true;
    }
  }
  for (std::size_t i = 0; i < c.emails.size(); ++i) {
    const std::string m = lower(c.emails[i]);
    if (std::binary_search(listed.emails.begin(), listed.emails.end(), m)) {
      note("/emails/" + std::to_string(i), c.emails[i], m, "agrees");
      r.hard = true;
    }
  }
  // Phones: the last nine digits (country and trunk prefixes are written many ways).
  auto tail = [](const std::string& d) { return d.size() > 9 ? d.substr(d.size() - 9) : d; };
  for (std::size_t i = 0; i < c.phones.size(); ++i) {
    const std::string d = digits(c.phones[i]);
    if (d.size() < 7) continue;
    for (const auto& p : listed.phones)
      if (tail(p) == tail(d)) {
        note("/phones/" + std::to_string(i), c.phones[i], p, "agrees");
        r.llr += kPhoneLlr;
        break;
      }
  }
  // Addresses: the listed street line and the country both in the candidate's address.
  for (std::size_t i = 0; i < c.addresses.size(); ++i) {
    const std::string have = " " + address_key(c.addresses[i].text) + " ";
    for (const auto& a : e.addresses) {
      const auto comma = a.find(',');
      const std::string street = address_key(a.substr(0, comma));
      if (street.size() < 8 || comma == std::string::npos) continue;
      if (have.find(" " + street + " ") == std::string::npos) continue;
      note("/addresses/" + std::to_string(i) + "/text", c.addresses[i].text, a, "agrees");
      r.llr += kAddressLlr;
      break;
    }
  }
  return r;
}

}  // namespace candor::plugins::sanctions
