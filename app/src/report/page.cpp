// The page's frame: header, the reasons and their waterfall, plugins and data sources; the
// evidence sections live beside it.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>

#include "candor/app/report.hpp"
#include "candor/error.hpp"
#include "charts.hpp"
#include "sections.hpp"

namespace candor::app {

using report::text_of;

namespace {

const char* band_symbol(const std::string& band) {
  if (band == "clear") return "✓";
  if (band == "review") return "!";
  if (band == "high") return "▲";
  return "■";
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string now_rfc3339() {
  const auto now = std::chrono::system_clock::now();
  return format_rfc3339(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

// Every `database` the evidence names, at any depth.
void collect_databases(const nlohmann::json& value, std::set<std::string>& out) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      if (key == "database" && item.is_string()) out.insert(item.get<std::string>());
      collect_databases(item, out);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) collect_databases(item, out);
  }
}

nlohmann::json data_sources(const nlohmann::json& verdict, const ReportOptions& options) {
  std::set<std::string> names;
  bool geoip_ran = false;
  for (const auto& p : verdict.value("plugins", nlohmann::json::array()))
    geoip_ran = geoip_ran || (p.value("name", "") == "geoip" && p.value("status", "") == "ok");
  if (geoip_ran) names.insert(options.data_sources.begin(), options.data_sources.end());
  for (const auto& s : report::signals_of(verdict))
    if (s.contains("evidence")) collect_databases(s["evidence"], names);
  nlohmann::json out = nlohmann::json::array();
  bool dbip = false;
  for (const auto& name : names) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("dbip", 0) == 0 || lower.find("db-ip") != std::string::npos) {
      dbip = true;
      continue;
    }
    if (lower.find("geolite2") != std::string::npos)
      out.push_back({{"text", name + ": GeoLite2 data created by MaxMind"},
                     {"url", "https://www.maxmind.com"},
                     {"link_text", "maxmind.com"}});
    else
      out.push_back({{"text", name}});
  }
  if (dbip)
    out.insert(out.begin(),
               nlohmann::json{{"text", "IP geolocation: DB-IP Lite databases"},
                              {"url", "https://db-ip.com"},
                              {"link_text", "IP Geolocation by DB-IP"},
                              {"licence", "CC BY 4.0"},
                              {"licence_url", "https://creativecommons.org/licenses/by/4.0/"}});
  for (const auto& p : verdict.value("plugins", nlohmann::json::array()))
    if (p.value("name", "") == "sanctions" && p.value("status", "") == "ok")
      out.push_back({{"text",
                      "Sanctions: OFAC Specially Designated Nationals list (U.S. Department of "
                      "the Treasury, public domain)"}});
  // The other lists a sanctions finding came from; OpenSanctions' licence asks for attribution.
  std::set<std::string> lists;
  for (const auto& s : report::signals_of(verdict))
    if (s.contains("evidence") && s["evidence"].is_object() && s["evidence"].contains("list") &&
        s["evidence"]["list"].is_string())
      lists.insert(s["evidence"]["list"].get<std::string>());
  if (lists.count("UN Security Council"))
    out.push_back({{"text", "Sanctions: UN Security Council Consolidated List (United Nations)"}});
  if (lists.count("OpenSanctions"))
    out.push_back({{"text", "Sanctions: OpenSanctions"},
                   {"url", "https://www.opensanctions.org"},
                   {"link_text", "opensanctions.org"},
                   {"licence", "CC BY-NC 4.0"},
                   {"licence_url", "https://creativecommons.org/licenses/by-nc/4.0/"}});
  return out;
}

nlohmann::json signal_model(const report::PageInput& in) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : in.rows) {
    nlohmann::json row = {{"id", r.id},
                          {"summary", r.summary},
                          {"group", r.group},
                          {"hard", r.hard},
                          {"llr", fmt::format("{:+.2f}", r.llr)},
                          {"contribution", fmt::format("{:+.2f}", r.contribution)},
                          {"evidence", report::compact_evidence(r.evidence.front())}};
    if (r.count > 1) {
      std::string kinds;
      for (const auto& k : r.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
      row["count_note"] =
          fmt::format("{} signals of this id{}{}", r.count, kinds.empty() ? "" : ": ", kinds);
    }
    if (!r.hard && std::abs(r.contribution) + 1e-6 < std::abs(r.llr))
      row["capped_note"] = fmt::format(
          "correlation group {} capped: counts {:.2f} of its {:.2f} (one fact, counted once)",
          r.group, r.contribution, r.llr);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<SignalRow> fold_signals(const nlohmann::json& signals) {
  std::vector<SignalRow> rows;
  if (!signals.is_array()) return rows;
  for (const auto& s : signals) {
    if (!s.is_object()) continue;
    const std::string id = s.value("id", "");
    auto row =
        std::find_if(rows.begin(), rows.end(), [&](const SignalRow& r) { return r.id == id; });
    if (row == rows.end()) {
      rows.push_back({id, s.value("summary", ""), s.value("group", "")});
      row = rows.end() - 1;
    }
    row->llr += s.value("llr", 0.0);
    row->contribution += s.value("contribution", 0.0);
    row->hard = row->hard || s.value("hard", false);
    ++row->count;
    const nlohmann::json evidence = s.value("evidence", nlohmann::json::object());
    // One signal listing several kinds (one IP's anonymizer kinds) shows them all.
    if (evidence.is_object() && evidence.contains("kinds") && evidence["kinds"].is_array())
      for (const auto& k : evidence["kinds"])
        if (k.is_string() && std::find(row->kinds.begin(), row->kinds.end(),
                                       k.get<std::string>()) == row->kinds.end())
          row->kinds.push_back(k.get<std::string>());
    for (const char* key : {"kind", "level"})
      if (evidence.is_object() && evidence.contains(key) && evidence[key].is_string()) {
        const std::string kind = evidence[key];
        if (std::find(row->kinds.begin(), row->kinds.end(), kind) == row->kinds.end())
          row->kinds.push_back(kind);
        break;
      }
    row->evidence.push_back(evidence);
  }
  return rows;
}

std::string report_file_name(std::string_view id) {
  std::string safe;
  for (char c : id.substr(0, 80)) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                    (c == '.' && !safe.empty());
    safe += ok ? c : '_';
  }
  if (safe.empty() || safe != id || safe == "index") {
    // FNV-1a of the whole id: two ids that read alike after the change stay two files.
    std::uint64_t h = 1469598103934665603ull;
    for (char c : id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    safe += fmt::format("-{:08x}", static_cast<std::uint32_t>(h ^ (h >> 32)));
  }
  return safe + ".html";
}

std::string render_report_page(const nlohmann::json& verdict, const Candidate* candidate,
                               const ReportOptions& options) {
  if (!verdict.is_object() || verdict.value("schema", "") != "candor.verdict/v1" ||
      !verdict.contains("candidate") || !verdict["candidate"].is_string())
    throw InputError("<verdict>",
                     verdict.is_object() && verdict.contains("schema") ? "/candidate" : "/schema",
                     "expected a candor.verdict/v1 object with a candidate id");
  const report::PageInput in{verdict, candidate, options,
                             fold_signals(report::signals_of(verdict))};
  const std::string band = verdict.value("band", "review");
  std::string screened = options.screened_at;
  if (screened.empty() && verdict.contains("screened_at"))
    screened = text_of(verdict, "screened_at");
  nlohmann::json model = {
      {"css", report::report_css()},
      {"candidate_id", verdict["candidate"].get<std::string>()},
      {"band", band},
      {"band_word", upper(band)},
      {"band_symbol", band_symbol(band)},
      {"probability", fmt::format("{:.3f}", verdict.value("probability", 0.0))},
      {"score", fmt::format("{}", verdict.value("score", 0))},
      {"log_odds", fmt::format("{:.2f}", verdict.value("log_odds", 0.0))},
      {"policy", verdict.value("policy", "")},
      {"version", verdict.value("version", "")},
      {"screened_label", screened.empty() ? "screened" : "screened at"},
      {"screened_at", screened.empty() ? "time not recorded" : screened},
      {"rendered_at", now_rfc3339()},
      {"incomplete_reasons", verdict.value("incomplete_reasons", nlohmann::json::array())},
      {"signals", signal_model(in)},
      {"has_signals", !in.rows.empty()}};
  if (candidate && !candidate->name.empty()) model["name"] = candidate->name;

  std::vector<report::WaterfallStep> steps;
  for (const auto& r : in.rows) steps.push_back({r.id, r.contribution, r.hard});
  model["waterfall_svg"] = report::waterfall_svg(verdict.value("prior_log_odds", 0.0), steps,
                                                 verdict.value("log_odds", 0.0), options.bands);

  nlohmann::json plugins = nlohmann::json::array();
  for (const auto& p : verdict.value("plugins", nlohmann::json::array()))
    plugins.push_back({{"name", p.value("name", "")},
                       {"status", p.value("status", "")},
                       {"reason", p.value("reason", "")},
                       {"ms", fmt::format("{:.1f}", p.value("ms", 0.0))}});
  model["plugins"] = std::move(plugins);
  model["sources"] = data_sources(verdict, options);
  model["has_sources"] = !model["sources"].empty();

  report::add_photos(in, model);
  report::add_activity(in, model);
  report::add_sessions(in, model);
  report::add_documents(in, model);
  report::add_links(in, model);
  report::add_sanctions(in, model);
  return report::render_template("page", model);
}

}  // namespace candor::app
