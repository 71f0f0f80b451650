#include "un_list.hpp"

#include <algorithm>
#include <cctype>

#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/text/text.hpp"
#include "identifiers.hpp"
#include "xml_document.hpp"

namespace candor::plugins::sanctions {

namespace {

bool four_digits(const std::string& s) {
  return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

// One INDIVIDUAL_DATE_OF_BIRTH as OFAC writes it: an exact date, a year, `circa` for an
// approximate year, `A to B` for a range.
std::string dob_remark(const xmlNode* dob) {
  const std::string type = text::ascii_lower(child_text(dob, "TYPE_OF_DATE"));
  const std::string date = child_text(dob, "DATE");
  const std::string year = child_text(dob, "YEAR");
  const std::string from = child_text(dob, "FROM_YEAR"), to = child_text(dob, "TO_YEAR");
  if (four_digits(from) && four_digits(to)) return "DOB " + from + " to " + to;
  const std::string single = !date.empty() ? date : year;
  if (type == "approximately") {
    const std::string y = single.substr(0, 4);
    return four_digits(y) ? "DOB circa " + y : "";
  }
  return dob_clause(single);
}

// "STREET, CITY, STATE_PROVINCE, COUNTRY" with the empty parts left out, as add.csv gives
// "address, city, country".
std::string place(const xmlNode* node) {
  return join({child_text(node, "STREET"), child_text(node, "CITY"),
               child_text(node, "STATE_PROVINCE"), child_text(node, "COUNTRY")},
              ", ");
}

std::int64_t data_id(const xmlNode* row, const std::filesystem::path& file) {
  const std::string v = child_text(row, "DATAID");
  std::int64_t n = 0;
  bool ok = !v.empty() && v.size() <= 10;
  for (char c : v) {
    if (!std::isdigit(static_cast<unsigned char>(c))) ok = false;
    if (ok) n = n * 10 + (c - '0');
  }
  if (!ok || n <= 0 || n >= kUnMaxDataId)
    throw DataError(file.string(), "line " + std::to_string(element_line(row)) + ": " +
                                       std::string(element_name(row)) + " DATAID '" + v +
                                       "' is not a number from 1 to 999999999");
  return n;
}

void add_alias(SdnEntry& e, const std::string& type, const std::string& name) {
  if (name.empty() || name == e.name) return;
  for (const auto& a : e.aliases)
    if (a.name == name) return;
  e.aliases.push_back({type, name});
}

void read_row(const xmlNode* row, bool individual, const std::filesystem::path& file,
              SdnList& list) {
  const std::int64_t num = kUnEntNumOffset + data_id(row, file);
  SdnEntry& e = list.entries[num];
  if (!e.name.empty() || !e.aliases.empty()) return;  // the same row from another folder
  e.ent_num = num;
  e.in_sdn_file = true;
  e.list = kUnListName;
  e.type = individual ? "individual" : "";
  e.reference = child_text(row, "REFERENCE_NUMBER");
  e.name = join({child_text(row, "FIRST_NAME"), child_text(row, "SECOND_NAME"),
                 child_text(row, "THIRD_NAME"), child_text(row, "FOURTH_NAME")},
                " ");
  if (const std::string program = child_text(row, "UN_LIST_TYPE"); !program.empty())
    e.programs.push_back(program);

  const char* alias_tag = individual ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS";
  for (const xmlNode* a : child_elements(row, alias_tag)) {
    const std::string quality = text::ascii_lower(child_text(a, "QUALITY"));
    // The UN marks an alias "Low" when it is too weak to identify anyone on its own (often a
    // bare given name or a common nickname): matched, it would send honest applicants to
    // review, so it is not indexed.
    if (quality == "low") continue;
    const std::string type = quality == "f.k.a." ? "fka" : "aka";
    // One ALIAS_NAME sometimes holds several names separated by "; ".
    const std::string names = child_text(a, "ALIAS_NAME");
    std::size_t start = 0;
    while (start <= names.size()) {
      const std::size_t end = std::min(names.find(';', start), names.size());
      add_alias(e, type,
                std::string(text::trim(std::string_view(names).substr(start, end - start))));
      start = end + 1;
    }
  }
  add_alias(e, "aka", child_text(row, "NAME_ORIGINAL_SCRIPT"));

  const char* address_tag = individual ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS";
  for (const xmlNode* a : child_elements(row, address_tag)) {
    const std::string text = place(a);
    if (!text.empty() &&
        std::find(e.addresses.begin(), e.addresses.end(), text) == e.addresses.end())
      e.addresses.push_back(text);
  }

  // Remarks in OFAC's clause form. COMMENTS1 is free text and stays out: a sentence that began
  // like a clause ("nationality …") would be read as an identifier and could clear a true match.
  std::vector<std::string> clauses;
  if (individual) {
    for (const xmlNode* d : child_elements(row, "INDIVIDUAL_DATE_OF_BIRTH"))
      if (auto c = dob_remark(d); !c.empty()) clauses.push_back(std::move(c));
    for (const xmlNode* p : child_elements(row, "INDIVIDUAL_PLACE_OF_BIRTH"))
      if (const auto where = place(p); !where.empty())
        clauses.push_back("POB " + clause_value(where));
    for (const xmlNode* n : child_elements(child_element(row, "NATIONALITY"), "VALUE"))
      if (const auto v = element_text(n); !v.empty())
        clauses.push_back("nationality " + clause_value(v));
    for (const xmlNode* d : child_elements(row, "INDIVIDUAL_DOCUMENT")) {
      // Letters and digits only (the clause reader takes the number's first word: "836 110 456"
      // is one number), and nothing from a note after it ("123456 (expired)").
      const std::string raw = child_text(d, "NUMBER");
      const std::string number = normalise_document(raw.substr(0, raw.find_first_of("(,;")));
      if (number.empty()) continue;
      const std::string kind = text::ascii_lower(child_text(d, "TYPE_OF_DOCUMENT"));
      std::string country = child_text(d, "ISSUING_COUNTRY");
      if (country.empty()) country = child_text(d, "COUNTRY_OF_ISSUE");
      std::string clause =
          (kind.find("passport") != std::string::npos ? "Passport " : "Identification Number ") +
          number;
      if (!country.empty()) clause += " (" + clause_value(country) + ")";
      clauses.push_back(std::move(clause));
    }
  }
  e.remarks = join(clauses, "; ");
  if (!e.remarks.empty()) e.remarks += ".";
  if (e.name.empty() && e.aliases.empty()) list.entries.erase(num);  // nothing to screen
}

// The date part of `dateGenerated` ("2026-09-14T23:00:00.818Z" → "2026-09-14").
std::string generated_date(const std::string& stamp) {
  if (stamp.size() < 10) return "";
  const std::string d = stamp.substr(0, 10);
  for (std::size_t i = 0; i < d.size(); ++i)
    if (i == 4 || i == 7 ? d[i] != '-' : !std::isdigit(static_cast<unsigned char>(d[i]))) return "";
  return d;
}

}  // namespace

void load_un_list(const std::filesystem::path& file, SdnList& list, std::uintmax_t max_bytes) {
  const XmlDocument doc = XmlDocument::read(file, max_bytes);
  const xmlNode* root = doc.root();
  if (element_name(root) != "CONSOLIDATED_LIST")
    throw DataError(file.string(), "line " + std::to_string(element_line(root)) +
                                       ": root element is " + std::string(element_name(root)) +
                                       ", expected CONSOLIDATED_LIST");
  for (const xmlNode* row : child_elements(child_element(root, "INDIVIDUALS"), "INDIVIDUAL"))
    read_row(row, true, file, list);
  for (const xmlNode* row : child_elements(child_element(root, "ENTITIES"), "ENTITY"))
    read_row(row, false, file, list);
  list.files.push_back(file);
  std::string published = generated_date(attribute(root, "dateGenerated"));
  if (published.empty()) published = list_file_date(file);
  note_list(list, kUnListName, published);
}

}  // namespace candor::plugins::sanctions
