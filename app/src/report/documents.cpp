// Documents: the MRZ with each field underlined and a failing check digit highlighted, the
// parsed fields beside the application's, and the forensic findings.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "sections.hpp"

namespace candor::app::report {

namespace {

// One MRZ field: line, first character, length, name, and for a check digit what it checks.
struct MrzField {
  int line, start, length;
  const char* name;
  const char* check;  // nullptr for a data field
};

// ICAO 9303 layouts of the machine-readable zone (TD3 passports, TD2 and TD1 cards).
const std::vector<MrzField>& layout(const std::vector<std::string>& lines) {
  static const std::vector<MrzField> td3 = {{0, 0, 2, "document code", nullptr},
                                            {0, 2, 3, "issuing state", nullptr},
                                            {0, 5, 39, "name", nullptr},
                                            {1, 0, 9, "document number", nullptr},
                                            {1, 9, 1, "check", "document_number"},
                                            {1, 10, 3, "nationality", nullptr},
                                            {1, 13, 6, "birth date", nullptr},
                                            {1, 19, 1, "check", "birth_date"},
                                            {1, 20, 1, "sex", nullptr},
                                            {1, 21, 6, "expiry date", nullptr},
                                            {1, 27, 1, "check", "expiry_date"},
                                            {1, 28, 14, "personal number", nullptr},
                                            {1, 42, 1, "check", "personal_number"},
                                            {1, 43, 1, "composite check", "composite"}};
  static const std::vector<MrzField> td2 = {{0, 0, 2, "document code", nullptr},
                                            {0, 2, 3, "issuing state", nullptr},
                                            {0, 5, 31, "name", nullptr},
                                            {1, 0, 9, "document number", nullptr},
                                            {1, 9, 1, "check", "document_number"},
                                            {1, 10, 3, "nationality", nullptr},
                                            {1, 13, 6, "birth date", nullptr},
                                            {1, 19, 1, "check", "birth_date"},
                                            {1, 20, 1, "sex", nullptr},
                                            {1, 21, 6, "expiry date", nullptr},
                                            {1, 27, 1, "check", "expiry_date"},
                                            {1, 28, 7, "optional data", nullptr},
                                            {1, 35, 1, "composite check", "composite"}};
  static const std::vector<MrzField> td1 = {
      {0, 0, 2, "document code", nullptr},        {0, 2, 3, "issuing state", nullptr},
      {0, 5, 9, "document number", nullptr},      {0, 14, 1, "check", "document_number"},
      {0, 15, 15, "optional data", nullptr},      {1, 0, 6, "birth date", nullptr},
      {1, 6, 1, "check", "birth_date"},           {1, 7, 1, "sex", nullptr},
      {1, 8, 6, "expiry date", nullptr},          {1, 14, 1, "check", "expiry_date"},
      {1, 15, 3, "nationality", nullptr},         {1, 18, 11, "optional data", nullptr},
      {1, 29, 1, "composite check", "composite"}, {2, 0, 30, "name", nullptr}};
  static const std::vector<MrzField> none;
  if (lines.size() == 2 && lines[0].size() == 44 && lines[1].size() == 44) return td3;
  if (lines.size() == 2 && lines[0].size() == 36 && lines[1].size() == 36) return td2;
  if (lines.size() == 3 && lines[0].size() == 30) return td1;
  return none;
}

std::string field(const std::vector<std::string>& lines, const char* name) {
  for (const auto& f : layout(lines))
    if (std::string_view(f.name) == name && f.line < int(lines.size()) &&
        f.start + f.length <= int(lines[f.line].size()))
      return lines[f.line].substr(f.start, f.length);
  return "";
}

std::string mrz_name(std::string raw) {
  while (!raw.empty() && raw.back() == '<') raw.pop_back();
  const auto split = raw.find("<<");
  std::string surname = raw.substr(0, split),
              given = split == std::string::npos ? "" : raw.substr(split + 2);
  std::replace(surname.begin(), surname.end(), '<', ' ');
  std::replace(given.begin(), given.end(), '<', ' ');
  return given.empty() ? surname : given + " " + surname;
}

std::string letters_upper(const std::string& s) {
  std::string out;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

nlohmann::json mrz_lines(const std::vector<std::string>& lines,
                         const std::vector<std::string>& failing) {
  nlohmann::json out = nlohmann::json::array();
  const auto& fields = layout(lines);
  for (int n = 0; n < int(lines.size()); ++n) {
    nlohmann::json segments = nlohmann::json::array();
    int at = 0;
    const int size = static_cast<int>(lines[n].size());
    for (const auto& f : fields) {
      if (f.line != n || f.start < at || f.start + f.length > size) continue;
      if (f.start > at)
        segments.push_back(
            {{"text", lines[n].substr(at, f.start - at)}, {"cls", ""}, {"title", ""}});
      const bool failed =
          f.check && std::find(failing.begin(), failing.end(), f.check) != failing.end();
      segments.push_back(
          {{"text", lines[n].substr(f.start, f.length)},
           {"cls", failed    ? "fail"
                   : f.check ? "check"
                             : "field"},
           {"title", failed ? std::string(f.name) + " (" + f.check + "): fails" : f.name}});
      at = f.start + f.length;
    }
    if (at < size) segments.push_back({{"text", lines[n].substr(at)}, {"cls", ""}, {"title", ""}});
    out.push_back({{"segments", std::move(segments)}});
  }
  return out;
}

}  // namespace

void add_documents(const PageInput& in, nlohmann::json& model) {
  struct Doc {
    std::string kind, issuing_country, number;
    std::vector<std::string> mrz;
  };
  std::vector<Doc> docs;
  if (in.candidate)
    for (const auto& d : in.candidate->documents)
      docs.push_back({d.kind, d.issuing_country, d.number, d.mrz});
  nlohmann::json out = nlohmann::json::array();
  std::vector<bool> used(signals_of(in.verdict).size(), false);
  const auto finding_of = [&](std::size_t doc_index) {
    nlohmann::json findings = nlohmann::json::array();
    std::vector<std::string> failing, lines;
    std::size_t i = 0;
    for (const auto& s : signals_of(in.verdict)) {
      const std::string id = s.value("id", "");
      const auto e = s.value("evidence", nlohmann::json::object());
      const bool mine = !e.contains("document") || (e["document"].is_number() &&
                                                    e["document"].get<std::size_t>() == doc_index);
      if (id.rfind("document.", 0) == 0 && mine && !used[i]) {
        used[i] = true;
        findings.push_back(
            {{"id", id}, {"summary", s.value("summary", "")}, {"detail", compact_evidence(e)}});
        if (e.contains("failing_check") && e["failing_check"].is_array())
          for (const auto& f : e["failing_check"])
            if (f.is_string()) failing.push_back(f);
        if (e.contains("lines") && e["lines"].is_array())
          for (const auto& l : e["lines"])
            if (l.is_string()) lines.push_back(l);
      }
      ++i;
    }
    return std::make_tuple(findings, failing, lines);
  };
  for (std::size_t i = 0; i < docs.size() || (docs.empty() && i == 0); ++i) {
    auto [findings, failing, evidence_lines] = finding_of(i);
    if (docs.empty() && findings.empty()) break;
    const Doc doc = i < docs.size() ? docs[i] : Doc{"document (from the evidence)", "", "", {}};
    const auto& lines = doc.mrz.empty() ? evidence_lines : doc.mrz;
    nlohmann::json d = {{"kind", doc.kind.empty() ? "document" : doc.kind},
                        {"issuing_country", doc.issuing_country},
                        {"number", doc.number},
                        {"findings", std::move(findings)},
                        {"has_mrz", !lines.empty()},
                        {"mrz_lines", mrz_lines(lines, failing)}};
    nlohmann::json fields = nlohmann::json::array();
    if (!layout(lines).empty()) {
      const Candidate* c = in.candidate;
      const auto row = [&](const char* name, std::string on_document, std::string application,
                           bool compare) {
        while (!on_document.empty() && on_document.back() == '<') on_document.pop_back();
        const bool differs = compare && !application.empty() && !on_document.empty() &&
                             letters_upper(on_document) != letters_upper(application);
        fields.push_back({{"name", name},
                          {"document", on_document},
                          {"application", application},
                          {"differs", differs}});
      };
      std::string dob = c ? c->date_of_birth : "";
      if (dob.size() == 10) dob = dob.substr(2, 2) + dob.substr(5, 2) + dob.substr(8, 2);
      row("name", mrz_name(field(lines, "name")), c ? c->name : "", true);
      row("document number", field(lines, "document number"), doc.number, true);
      row("nationality", field(lines, "nationality"), c ? c->nationality : "", true);
      row("birth date (YYMMDD)", field(lines, "birth date"), dob, true);
      row("expiry date (YYMMDD)", field(lines, "expiry date"), "", false);
      row("sex", field(lines, "sex"), "", false);
    }
    d["has_fields"] = !fields.empty();
    d["fields"] = std::move(fields);
    out.push_back(std::move(d));
  }
  if (out.empty()) return;
  model["has_documents"] = true;
  model["documents"] = std::move(out);
}

}  // namespace candor::app::report
