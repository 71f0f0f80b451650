#include "specimens.hpp"

#include <string_view>

#include "candor/error.hpp"
#include "state_codes.hpp"

namespace candor::plugins::document {

std::string_view embedded_specimens_text();

Specimens::Specimens(const nlohmann::json& json, const std::string& file) {
  try {
    states_ = json.at("specimen_states").get<std::vector<std::string>>();
    for (const auto& n : json.at("specimen_names"))
      names_.push_back({n.at("surname").get<std::string>(), n.value("given_names", "")});
    for (const auto& d : json.at("documents"))
      documents_.push_back({d.at("number").get<std::string>(), d.at("state").get<std::string>(),
                            d.value("name", ""), d.value("source", "")});
  } catch (const nlohmann::json::exception& e) {
    throw DataError(file, std::string("malformed specimen list: ") + e.what());
  }
}

const Specimens& Specimens::embedded() {
  static const Specimens specimens(nlohmann::json::parse(embedded_specimens_text()),
                                   "plugins/document/data/specimens.json");
  return specimens;
}

std::optional<nlohmann::json> Specimens::match(const Mrz& mrz) const {
  std::string issuing(trim_state(mrz.issuing_state));
  std::string nationality(trim_state(mrz.nationality));
  for (const std::string& s : states_) {
    if (issuing == s || nationality == s)
      return nlohmann::json{{"reason", "specimen state code"}, {"state", s}};
  }
  for (const Doc& d : documents_) {
    if (d.number == mrz.document_number && (d.state == "*" || d.state == issuing))
      return nlohmann::json{{"reason", "published specimen document number"},
                            {"number", d.number},
                            {"specimen_holder", d.name},
                            {"source", d.source}};
  }
  for (const Name& n : names_) {
    if (n.surname == mrz.surname && (n.given_names.empty() || n.given_names == mrz.given_names))
      return nlohmann::json{{"reason", "specimen holder name"},
                            {"surname", mrz.surname},
                            {"given_names", mrz.given_names}};
  }
  return std::nullopt;
}

}  // namespace candor::plugins::document
