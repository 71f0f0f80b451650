#pragma once
// Secondary identifiers of a listed entry (from its Remarks and addresses) and their comparison
// with the candidate's: what confirms or clears a name match, as analysts do.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/candidate.hpp"
#include "sdn_list.hpp"

namespace candor::plugins::sanctions {

/// A listed date of birth: a day, a month, a year, or a range of years (`circa`, `to`).
struct ListedDob {
  std::string text;  ///< as listed, e.g. "DOB 05 Feb 1970"
  int year_from = 0, year_to = 0;
  int month = 0, day = 0;  ///< 0 when not given
};

struct ListedIdentifiers {
  std::vector<ListedDob> dobs;
  std::vector<std::string> nationalities;  ///< ISO 3166-1 alpha-2 (nationality, citizen)
  std::vector<std::string> nationality_texts;
  std::vector<std::string> places_of_birth;
  std::vector<std::string> documents;  ///< passport and national ID numbers, normalised
  std::vector<std::string> emails;     ///< lower case
  std::vector<std::string> phones;     ///< digits only
};

/// Reads the `;`-separated clauses of a Remarks value (`DOB …`, `POB …`, `nationality …`,
/// `citizen …`, `Passport …`, `National ID No. …`, `Email Address …`, `Phone Number …`,
/// `Telephone …`), `alt.` variants included. Bounded: at most 64 clauses of 512 characters.
ListedIdentifiers parse_identifiers(const std::string& remarks);

/// OFAC's Remarks clause for an ISO date of birth: "1970-02-05" → "DOB 05 Feb 1970",
/// "1970-02" → "DOB Feb 1970", "1970" → "DOB 1970" (a zero month or day is left out); empty
/// when `iso` is none of these. Lists in other formats write their dates this way so that
/// parse_identifiers reads them as it reads OFAC's.
std::string dob_clause(std::string_view iso);

/// A value made fit for a Remarks clause: `;` (the clause separator) becomes `,`.
std::string clause_value(std::string_view value);

/// ISO 3166-1 alpha-2 of an OFAC/UN country name ("Korea, North" → KP) or of an alpha-2/alpha-3
/// code; empty when unknown.
std::string country_code(const std::string& name_or_code);

/// A passport or ID number as compared: letters and digits only, upper case.
std::string normalise_document(const std::string& number);

/// How the candidate's identifiers compare with one entry's.
struct IdentifierComparison {
  nlohmann::json comparisons = nlohmann::json::array();  ///< one object per comparison
  bool contradicted = false;                             ///< a different DOB year or nationality
  double llr = 0.0;   ///< what the agreements add to the name's LLR
  bool hard = false;  ///< a listed passport/ID number or e-mail is the candidate's
};

/// DOB: the same full date adds kDobDateLlr, the same year (or within a listed range)
/// kDobYearLlr, a different year contradicts. Nationality: the same adds kNationalityLlr, a
/// different one contradicts. Phones: the same number adds kPhoneLlr. Passport/ID numbers and
/// e-mails: the same is hard. A listed street line (8 letters or more) found in a candidate's
/// address adds kAddressLlr.
IdentifierComparison compare_identifiers(const Candidate& c, const SdnEntry& e,
                                         const ListedIdentifiers& listed);

constexpr double kDobDateLlr = 3.0;
constexpr double kDobYearLlr = 2.0;
constexpr double kNationalityLlr = 1.0;
constexpr double kPhoneLlr = 2.0;
constexpr double kAddressLlr = 1.0;

}  // namespace candor::plugins::sanctions
