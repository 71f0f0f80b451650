#include "consistency.hpp"

#include "state_codes.hpp"

namespace candor::plugins::document {

namespace {

// Codes for which issuing state and nationality legitimately differ.
bool special_nationality(std::string_view code) {
  return code == "XXA" || code == "XXB" || code == "XXC" || code == "XXX" || code == "UNO" ||
         code == "UNA" || code == "UNK" || code.substr(0, 2) == "GB";
}

void add(nlohmann::json& out, const char* field, const std::string& application,
         const std::string& mrz) {
  out.push_back({{"field", field}, {"application", application}, {"mrz", mrz}});
}

}  // namespace

std::string normalise_number(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

nlohmann::json compare_with_application(const Mrz& mrz, const Candidate& candidate,
                                        const Document& document, const NameNormaliser& names) {
  nlohmann::json out = nlohmann::json::array();
  if (!candidate.name.empty()) {
    auto app = names.tokens(candidate.name);
    auto doc = names.tokens(mrz.surname + " " + mrz.given_names);
    bool any = names_match(app, doc);
    for (const std::string& alias : candidate.aliases)
      any = any || names_match(names.tokens(alias), doc);
    if (!any) add(out, "name", candidate.name, join_tokens(doc));
  }
  if (!candidate.date_of_birth.empty() && mrz.birth && mrz.birth->iso() != candidate.date_of_birth)
    add(out, "date_of_birth", candidate.date_of_birth, mrz.birth->iso());
  std::string mrz_nationality = to_alpha3(mrz.nationality);
  std::string mrz_issuer = to_alpha3(mrz.issuing_state);
  if (!candidate.nationality.empty() && !mrz_nationality.empty()) {
    std::string claimed = to_alpha3(candidate.nationality);
    if (claimed != mrz_nationality) add(out, "nationality", candidate.nationality, mrz_nationality);
    // A passport is issued by the holder's state; residence permits and visas are not.
    if (!mrz.document_code.empty() && mrz.document_code[0] == 'P' && claimed != mrz_issuer &&
        !special_nationality(mrz_nationality) && claimed == mrz_nationality)
      add(out, "issuing_state", candidate.nationality, mrz_issuer);
  }
  if (!document.number.empty() &&
      normalise_number(document.number) != normalise_number(mrz.document_number))
    add(out, "document_number", document.number, mrz.document_number);
  if (!document.issuing_country.empty() && to_alpha3(document.issuing_country) != mrz_issuer)
    add(out, "issuing_country", document.issuing_country, mrz_issuer);
  return out;
}

nlohmann::json compare_reads(const Mrz& a, const Mrz& b) {
  nlohmann::json out = nlohmann::json::array();
  auto cmp = [&](const char* field, const std::string& x, const std::string& y) {
    if (x != y) out.push_back({{"field", field}, {"vendor", x}, {"image", y}});
  };
  cmp("document_number", a.document_number, b.document_number);
  cmp("birth_date", a.birth_date, b.birth_date);
  cmp("expiry_date", a.expiry_date, b.expiry_date);
  cmp("surname", a.surname, b.surname);
  cmp("given_names", a.given_names, b.given_names);
  cmp("nationality", a.nationality, b.nationality);
  return out;
}

}  // namespace candor::plugins::document
