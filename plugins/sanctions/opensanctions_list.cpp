#include "opensanctions_list.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <optional>
#include <unordered_set>

#include "candor/csv.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/text/text.hpp"
#include "identifiers.hpp"

namespace candor::plugins::sanctions {

namespace {

using text::trim;

std::vector<std::string> split_values(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= cell.size()) {
    const std::size_t end = std::min(cell.find(';', start), cell.size());
    std::string v(trim(std::string_view(cell).substr(start, end - start)));
    if (!v.empty()) out.push_back(std::move(v));
    start = end + 1;
  }
  return out;
}

// The entry type of an OpenSanctions schema: "individual", "vessel", "aircraft", "" for an
// organisation; nullopt for a schema that is neither a person nor an organisation.
std::optional<std::string> entry_type(const std::string& schema) {
  if (schema == "Person") return "individual";
  if (schema == "Vessel") return "vessel";
  if (schema == "Airplane") return "aircraft";
  if (schema == "Organization" || schema == "Company" || schema == "LegalEntity" ||
      schema == "PublicBody")
    return "";
  return std::nullopt;
}

bool iso_date(const std::string& d) {
  if (d.size() != 10) return false;
  for (std::size_t i = 0; i < d.size(); ++i)
    if (i == 4 || i == 7 ? d[i] != '-' : !std::isdigit(static_cast<unsigned char>(d[i])))
      return false;
  return true;
}

}  // namespace

void load_opensanctions_list(const std::filesystem::path& file, SdnList& list,
                             std::uintmax_t max_bytes) {
  if (const auto problem = unreadable_file(file, max_bytes))
    throw DataError(file.string(), *problem);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw DataError(file.string(), "cannot read");
  CsvReader reader(in);
  std::vector<std::string> fields;

  // Ids loaded before (the same file in another folder) and the next free entry number.
  std::unordered_set<std::string> known;
  std::int64_t next = kOpenSanctionsEntNumOffset + 1;
  for (auto it = list.entries.lower_bound(kOpenSanctionsEntNumOffset); it != list.entries.end();
       ++it) {
    if (it->second.list == kOpenSanctionsListName) known.insert(it->second.reference);
    next = it->first + 1;
  }

  std::string published;
  try {
    if (!reader.next(fields)) throw DataError(file.string(), "empty: no header row");
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      std::string name(trim(fields[i]));
      if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0) name.erase(0, 3);  // UTF-8 BOM
      column.emplace(text::ascii_lower(name), i);
    }
    for (const char* required : {"id", "schema", "name"})
      if (!column.count(required))
        throw DataError(file.string(),
                        std::string("line 1: no '") + required + "' column in the header");
    auto cell = [&](const char* name) -> std::string {
      const auto it = column.find(name);
      if (it == column.end() || it->second >= fields.size()) return "";
      return std::string(trim(fields[it->second]));
    };

    while (reader.next(fields)) {
      if (fields.size() == 1 && trim(fields[0]).empty()) continue;  // blank line
      const std::string last_change = cell("last_change").substr(0, 10);
      if (iso_date(last_change) && last_change > published) published = last_change;
      const std::string id = cell("id"), name = cell("name");
      const auto type = entry_type(cell("schema"));
      // A row with no name or of another schema (a wallet, an address) is not screened here.
      if (id.empty() || name.empty() || !type || !known.insert(id).second) continue;
      SdnEntry& e = list.entries[next];
      e.ent_num = next++;
      e.in_sdn_file = true;
      e.list = kOpenSanctionsListName;
      e.reference = id;
      e.name = name;
      e.type = *type;
      e.programs = split_values(cell("program_ids"));
      for (auto& a : split_values(cell("aliases")))
        if (a != e.name) e.aliases.push_back({"aka", std::move(a)});
      e.addresses = split_values(cell("addresses"));

      // `countries` mixes nationality with residence, birth and address countries, so it is
      // not written as a nationality: a candidate's other nationality would clear a true match.
      std::vector<std::string> clauses;
      for (const auto& d : split_values(cell("birth_date")))
        if (auto c = dob_clause(d); !c.empty()) clauses.push_back(std::move(c));
      // Identifiers of people only: an organisation's registration or tax number equal to a
      // candidate's passport number would be coincidence, not evidence.
      if (e.individual())
        for (const auto& n : split_values(cell("identifiers")))
          if (const auto d = normalise_document(n); !d.empty())
            clauses.push_back("Identification Number " + d);
      for (const auto& m : split_values(cell("emails"))) clauses.push_back("Email Address " + m);
      for (const auto& p : split_values(cell("phones"))) clauses.push_back("Phone Number " + p);
      for (const auto& c : clauses) e.remarks += (e.remarks.empty() ? "" : "; ") + c;
      if (!e.remarks.empty()) e.remarks += ".";
    }
  } catch (const DataError&) {
    throw;
  } catch (const Error& e) {
    throw DataError(file.string(), e.what());
  }
  list.files.push_back(file);
  note_list(list, kOpenSanctionsListName, published.empty() ? list_file_date(file) : published);
}

}  // namespace candor::plugins::sanctions
