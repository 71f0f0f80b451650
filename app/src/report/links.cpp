// Links to other candidates (shared identifiers, drawn as a small graph) and sanctions matches.
#include <map>

#include "charts.hpp"
#include "sections.hpp"

namespace candor::app::report {

void add_links(const PageInput& in, nlohmann::json& model) {
  nlohmann::json rows = nlohmann::json::array();
  std::map<std::string, std::vector<std::string>> shared;  // other id → what it shares
  std::vector<std::string> order;
  for (const auto& s : signals_of(in.verdict)) {
    if (s.value("id", "").rfind("links.", 0) != 0) continue;
    const auto e = s.value("evidence", nlohmann::json::object());
    const std::string kind = text_of(e, "kind");
    std::string others;
    if (e.contains("others") && e["others"].is_array())
      for (const auto& o : e["others"]) {
        const std::string id = text_of(o, "id"), name = text_of(o, "name");
        others += (others.empty() ? "" : "; ") + id + (name.empty() ? "" : " (" + name + ")");
        if (!shared.count(id)) order.push_back(id);
        shared[id].push_back(kind);
      }
    rows.push_back({{"kind", kind}, {"value", text_of(e, "value")}, {"others", others}});
  }
  if (rows.empty()) return;
  std::vector<LinkedNode> nodes;
  for (const auto& id : order) nodes.push_back({id, shared[id]});
  model["has_links"] = true;
  model["links"] = std::move(rows);
  model["links_svg"] = cluster_svg(in.verdict.value("candidate", ""), nodes);
}

void add_sanctions(const PageInput& in, nlohmann::json& model) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& s : signals_of(in.verdict)) {
    if (s.value("id", "").rfind("sanctions.", 0) != 0) continue;
    const auto e = s.value("evidence", nlohmann::json::object());
    std::string screened = text_of(e, "screened");
    if (screened.empty()) screened = text_of(e, "wallet");
    std::string score = text_of(e, "score");
    if (const auto ofac = text_of(e, "ofac_style_score"); !ofac.empty())
      score += (score.empty() ? "" : " · OFAC-style ") + ofac;
    rows.push_back({{"listed_name", text_of(e, "listed_name")},
                    {"list_date", text_of(e, "list_date")},
                    {"program", text_of(e, "program")},
                    {"ent_num", text_of(e, "ent_num")},
                    {"screened", screened},
                    {"field", text_of(e, "field")},
                    {"matched_name", text_of(e, "matched_name")},
                    {"score", score}});
  }
  if (rows.empty()) return;
  model["has_sanctions"] = true;
  model["sanctions"] = std::move(rows);
}

}  // namespace candor::app::report
