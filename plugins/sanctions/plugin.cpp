// The sanctions plugin: screens the candidate's names, employers, payout beneficiary, bank and
// wallet against OFAC's SDN and consolidated lists (legacy CSV files), the UN Security Council
// Consolidated List (XML) and OpenSanctions' targets.simple.csv.
#include "candor/plugin.hpp"

#include <fmt/format.h>

#include <cmath>

#include "candor/error.hpp"
#include "candor/text/text.hpp"
#include "match_strength.hpp"
#include "name_score.hpp"
#include "opensanctions_list.hpp"
#include "screening_data.hpp"
#include "un_list.hpp"

namespace candor::plugins::sanctions {

namespace {

// The LLR of a name or entity match is a function of the evidence (see SIGNALS.md): the exact-
// match LLR below times a score factor and a rarity factor, plus what agreeing identifiers add.
const std::vector<SignalSpec> kSignals = {
    {"sanctions.name_match",
     "sanctions",
     {{"", 6.0}},
     false,
     "the candidate's name or an alias matches a name on a loaded sanctions list"},
    {"sanctions.entity_match",
     "sanctions",
     {{"", 7.0}},
     false,
     "an employer, the payout beneficiary or the bank matches a name on a loaded sanctions list"},
    {"sanctions.wallet_match",
     "sanctions",
     {{"", 9.0}},
     true,
     "the payout wallet is a digital currency address on a loaded sanctions list"},
    {"sanctions.identifier_match",
     "sanctions",
     {{"", 9.0}},
     true,
     "a passport/ID number or e-mail of the candidate is listed on a sanctions list entry"},
};

const SignalSpec& kNameMatch = find_spec(kSignals, "sanctions.name_match");
const SignalSpec& kEntityMatch = find_spec(kSignals, "sanctions.entity_match");
const SignalSpec& kWalletMatch = find_spec(kSignals, "sanctions.wallet_match");
const SignalSpec& kIdentifierMatch = find_spec(kSignals, "sanctions.identifier_match");

struct Options {
  std::vector<std::filesystem::path> dirs;
  double threshold = kDefaultThreshold;
};

double round3(double x) { return std::round(x * 1000.0) / 1000.0; }

// The list an entry is on, with its publication date, and the list's own id for the entry.
void add_list_evidence(const ScreeningData& data, const SdnEntry& e, nlohmann::json& ev) {
  if (!e.reference.empty()) ev["reference"] = e.reference;
  if (e.list.empty()) return;
  ev["list"] = e.list;
  for (const auto& l : data.list.lists)
    if (l.name == e.list) ev["list_published"] = l.published;
}

nlohmann::json match_evidence(const ScreeningData& data, const std::string& field,
                              const std::string& query, const NameMatch& m) {
  const SdnEntry* e = data.entry(m.ent_num);
  nlohmann::json ev = {{"field", field},
                       {"screened", query},
                       {"ent_num", m.ent_num},
                       {"matched_name", m.listed},
                       {"score", round3(m.score)},
                       {"ofac_style_score", std::round(ofac_style_score(query, m.listed))},
                       {"romanisation_variant", m.romanisation},
                       {"exact", m.exact}};
  if (e) {
    ev["listed_name"] = e->name;
    ev["program"] = e->programs;
    ev["type"] = e->individual() ? "individual" : (e->type.empty() ? "entity" : e->type);
    add_list_evidence(data, *e, ev);
  }
  return ev;
}

// "OFAC SDN of 2026-12-01, OFAC consolidated non-SDN of 2026-12-01".
std::string lists_named(const SdnList& list) {
  std::string out;
  for (const auto& l : list.lists)
    out += (out.empty() ? "" : ", ") + l.name + (l.published.empty() ? "" : " of " + l.published);
  return out;
}

// Attribution and licence of each loaded list.
std::vector<std::string> list_notes(const SdnList& list) {
  std::vector<std::string> notes;
  bool ofac = false;
  for (const auto& l : list.lists) {
    if (l.name.rfind("OFAC", 0) == 0 && !ofac) {
      ofac = true;
      notes.push_back("OFAC SDN data is a US-government work in the public domain");
    } else if (l.name == kUnListName) {
      notes.push_back("UN Security Council Consolidated List, published by the United Nations");
    } else if (l.name == kOpenSanctionsListName) {
      notes.push_back(
          "OpenSanctions data (opensanctions.org), CC BY-NC 4.0: business use needs their "
          "licence");
    }
  }
  return notes;
}

// The candidate's fields the plugin reads, as `candor.candidate/v1` JSON.
nlohmann::json screened_input(const Candidate& c) {
  nlohmann::json j = {{"id", c.id}};
  if (!c.name.empty()) j["name"] = c.name;
  if (!c.aliases.empty()) j["aliases"] = c.aliases;
  if (!c.date_of_birth.empty()) j["date_of_birth"] = c.date_of_birth;
  if (!c.nationality.empty()) j["nationality"] = c.nationality;
  if (!c.emails.empty()) j["emails"] = c.emails;
  if (!c.phones.empty()) j["phones"] = c.phones;
  for (const auto& a : c.addresses)
    j["addresses"].push_back({{"text", a.text}, {"country", a.country}});
  for (const auto& d : c.documents)
    if (!d.number.empty())
      j["documents"].push_back(
          {{"kind", d.kind}, {"number", d.number}, {"issuing_country", d.issuing_country}});
  for (const auto& e : c.employers)
    if (!e.name.empty()) j["employers"].push_back({{"name", e.name}});
  if (!c.payout.beneficiary.empty()) j["payout"]["beneficiary"] = c.payout.beneficiary;
  if (!c.payout.bank.empty()) j["payout"]["bank"] = c.payout.bank;
  if (!c.payout.wallet.empty()) j["payout"]["wallet"] = c.payout.wallet;
  return j;
}

class SanctionsPlugin final : public Plugin {
 public:
  SanctionsPlugin(std::shared_ptr<const ScreeningData> data, Options options)
      : data_(std::move(data)), options_(std::move(options)) {}

  PluginOutcome run(RunContext& context) override {
    if (!data_) return PluginOutcome::skip("no SDN list loaded (run: candor feeds update)");
    const Candidate& c = context.candidate();
    struct Item {
      std::string field, value;
      bool person;
    };
    std::vector<Item> names;
    if (!c.name.empty()) names.push_back({"/name", c.name, true});
    for (std::size_t i = 0; i < c.aliases.size(); ++i)
      names.push_back({"/aliases/" + std::to_string(i), c.aliases[i], true});
    for (std::size_t i = 0; i < c.employers.size(); ++i)
      if (!c.employers[i].name.empty())
        names.push_back({"/employers/" + std::to_string(i) + "/name", c.employers[i].name, false});
    if (!c.payout.beneficiary.empty())
      names.push_back({"/payout/beneficiary", c.payout.beneficiary, false});
    if (!c.payout.bank.empty()) names.push_back({"/payout/bank", c.payout.bank, false});
    if (names.empty() && c.payout.wallet.empty() && c.documents.empty() && c.emails.empty())
      return PluginOutcome::skip("no name, employer, payee or wallet to screen");

    // What `candor rescreen` needs to screen this candidate again when a list changes: only
    // the screened fields, kept with the verdict and erased with it by `candor forget`.
    context.remember(std::string(kInputItemKind), c.id, screened_input(c).dump());
    PluginOutcome outcome;
    for (const auto& item : names) {
      const auto matches = data_->index.search(item.value, options_.threshold,
                                               item.person ? EntryKind::person : EntryKind::entity);
      if (matches.empty()) continue;
      // The best match that the candidate's identifiers do not contradict; a contradicted one
      // (another DOB year, another nationality) is cleared, as an analyst would clear it.
      const NameMatch* chosen = nullptr;
      IdentifierComparison comparison;
      nlohmann::json cleared = nlohmann::json::array();
      for (const auto& m : matches) {
        const SdnEntry* e = data_->entry(m.ent_num);
        IdentifierComparison cmp;
        if (item.person && e) {
          const auto it = data_->identifiers.find(m.ent_num);
          if (it != data_->identifiers.end()) cmp = compare_identifiers(c, *e, it->second);
        }
        if (cmp.contradicted) {
          if (cleared.size() < 3)
            cleared.push_back({{"ent_num", m.ent_num},
                               {"matched_name", m.listed},
                               {"identifiers", cmp.comparisons}});
          continue;
        }
        chosen = &m;
        comparison = std::move(cmp);
        break;
      }
      if (!chosen) continue;
      const NameMatch& m = *chosen;
      nlohmann::json evidence = match_evidence(*data_, item.field, item.value, m);
      const double query_rarity = data_->index.query_rarity(item.value);
      const MatchStrength strength = match_strength(m, query_rarity);
      evidence["rarity"] = round3(m.rarity);
      evidence["screened_rarity"] = round3(query_rarity);
      evidence["identifiers"] = comparison.comparisons;
      if (!cleared.empty()) evidence["cleared_by_identifiers"] = cleared;
      if (matches.size() > 1) {
        nlohmann::json others = nlohmann::json::array();
        for (const auto& o : matches) {
          if (&o == chosen) continue;
          if (others.size() >= 3) break;
          others.push_back(
              {{"ent_num", o.ent_num}, {"matched_name", o.listed}, {"score", round3(o.score)}});
        }
        if (!others.empty()) evidence["other_matches"] = others;
      }
      const std::string listed = evidence.value("listed_name", m.listed);
      const SignalSpec& spec = item.person ? kNameMatch : kEntityMatch;
      const double exact = spec.levels.front().llr;
      const double name_llr = exact * strength.score_factor * strength.rarity_factor;
      const double llr = name_llr + comparison.llr;
      evidence["llr_parts"] = {{"name", round3(name_llr)},
                               {"score_factor", round3(strength.score_factor)},
                               {"rarity_factor", round3(strength.rarity_factor)},
                               {"identifiers", round3(comparison.llr)}};
      const std::string what =
          item.person ? "name" : (item.field.rfind("/employers", 0) == 0 ? "employer" : "payee");
      const std::string list_name = evidence.value("list", std::string("sanctions list"));
      std::string summary = fmt::format("The {} '{}' matches {} entry {} '{}' (score {:.2f}{})",
                                        what, item.value, list_name, m.ent_num, listed, m.score,
                                        comparison.llr > 0 ? ", identifiers agree" : "");
      outcome.signals.push_back(spec.make(std::move(summary), std::move(evidence), llr / exact));
    }
    // A listed passport/ID number or e-mail is the candidate's: hard, whatever the name.
    auto identifier_hits = [&](const std::string& field, const std::string& value,
                               const std::vector<std::int64_t>& ents) {
      const SdnEntry* e = data_->entry(ents.front());
      nlohmann::json evidence = {
          {"field", field},
          {"value", value},
          {"ent_num", ents.front()},
          {"listed_name", e ? e->name : ""},
          {"program", e ? nlohmann::json(e->programs) : nlohmann::json::array()}};
      if (e) add_list_evidence(*data_, *e, evidence);
      outcome.signals.push_back(kIdentifierMatch.make(
          fmt::format("The {} {} is listed on {} entry {} '{}'",
                      field.rfind("/emails", 0) == 0 ? "e-mail" : "document number", value,
                      e && !e->list.empty() ? e->list : "sanctions list", ents.front(),
                      e ? e->name : ""),
          std::move(evidence)));
    };
    for (std::size_t i = 0; i < c.documents.size(); ++i) {
      const std::string n = normalise_document(c.documents[i].number);
      if (n.size() < 5) continue;
      if (const auto it = data_->documents.find(n); it != data_->documents.end())
        identifier_hits("/documents/" + std::to_string(i) + "/number", c.documents[i].number,
                        it->second);
    }
    for (std::size_t i = 0; i < c.emails.size(); ++i) {
      const auto it = data_->emails.find(text::ascii_lower(c.emails[i]));
      if (it != data_->emails.end())
        identifier_hits("/emails/" + std::to_string(i), c.emails[i], it->second);
    }
    if (!c.payout.wallet.empty()) {
      const auto it = data_->wallets.find(normalise_wallet(c.payout.wallet));
      if (it != data_->wallets.end()) {
        const auto& w = it->second.front();
        const SdnEntry* e = data_->entry(w.ent_num);
        nlohmann::json evidence = {
            {"field", "/payout/wallet"},
            {"wallet", c.payout.wallet},
            {"currency", w.currency},
            {"ent_num", w.ent_num},
            {"listed_name", e ? e->name : ""},
            {"program", e ? nlohmann::json(e->programs) : nlohmann::json::array()}};
        if (e) add_list_evidence(*data_, *e, evidence);
        outcome.signals.push_back(kWalletMatch.make(
            fmt::format("The payout wallet {} is listed on {} entry {} '{}'", c.payout.wallet,
                        e && !e->list.empty() ? e->list : "sanctions list", w.ent_num,
                        e ? e->name : ""),
            std::move(evidence)));
      }
    }
    return outcome;
  }

 private:
  std::shared_ptr<const ScreeningData> data_;
  Options options_;
};

class SanctionsFactory final : public PluginFactory {
 public:
  std::string name() const override { return "sanctions"; }
  std::string description() const override {
    return "OFAC, UN and OpenSanctions screening of names, employers, payee, bank, wallet, "
           "documents and e-mails";
  }
  std::vector<Feed> feeds() const override {
    // OFAC's Sanctions List Service (the legacy treasury.gov/ofac/downloads paths redirect
    // here): the SDN list and the consolidated non-SDN list, legacy CSV.
    const std::string base =
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/";
    const auto upper = [](std::string f) {
      for (auto& ch : f) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      return f;
    };
    std::vector<Feed> out;
    for (const std::string f : {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"})
      out.push_back({"ofac-" + f.substr(0, f.size() - 4), base + upper(f), "sanctions/" + f,
                     "OFAC SDN list, legacy CSV (" + f + ")", 64ull << 20});
    for (const std::string f :
         {"cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"})
      out.push_back({"ofac-" + f.substr(0, f.size() - 4), base + upper(f), "sanctions/" + f,
                     "OFAC consolidated non-SDN list, legacy CSV (" + f + ")", 16ull << 20});
    // The UN Security Council Consolidated List (about 2 MB). OpenSanctions' data is licensed,
    // so it has no feed: a user who licenses it puts targets.simple.csv in a --sanctions-dir.
    out.push_back({"un-consolidated",
                   "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
                   std::string("sanctions/") + kUnListFile,
                   "UN Security Council Consolidated List, XML", 16ull << 20});
    return out;
  }
  std::vector<SignalSpec> signals() const override { return kSignals; }
  std::vector<PluginOption> options() const override {
    return {{"--sanctions-dir", "dirs",
             "Folder holding OFAC sdn.csv/alt.csv/add.csv/sdn_comments.csv, cons_*.csv, UN "
             "consolidated.xml or OpenSanctions targets.simple.csv (repeatable)",
             true}};
  }
  void configure(const nlohmann::json& section, const PluginSetup& setup) override {
    reject_unknown_keys(section, {"dirs", "threshold"}, setup.policy_file, "plugins.sanctions");
    Options o;
    if (section.contains("threshold")) {
      const auto& t = section["threshold"];
      if (!t.is_number() || t.get<double>() <= 0.5 || t.get<double>() > 1.0)
        throw ConfigError(setup.policy_file, "plugins.sanctions.threshold",
                          "expected a number in (0.5, 1]");
      o.threshold = t.get<double>();
    }
    if (section.contains("dirs")) {
      const auto& d = section["dirs"];
      if (d.is_string())
        o.dirs.emplace_back(d.get<std::string>());
      else if (d.is_array()) {
        for (const auto& x : d) {
          if (!x.is_string())
            throw ConfigError(setup.policy_file, "plugins.sanctions.dirs", "expected folder names");
          o.dirs.emplace_back(x.get<std::string>());
        }
      } else {
        throw ConfigError(setup.policy_file, "plugins.sanctions.dirs", "expected folder names");
      }
    }
    std::vector<std::filesystem::path> folders;
    const auto default_dir = setup.data_dir.sub("sanctions");
    bool default_has_files = false;
    for (const char* f :
         {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv", "cons_prim.csv", "cons_alt.csv",
          "cons_add.csv", "cons_comments.csv", kUnListFile, kOpenSanctionsFile})
      default_has_files = default_has_files || std::filesystem::exists(default_dir / f);
    if (default_has_files) folders.push_back(default_dir);
    for (const auto& d : o.dirs) folders.push_back(d);
    options_ = o;
    data_.reset();
    if (folders.empty()) {
      readiness_ = {false, "no SDN list in " + default_dir.string(), "candor feeds update", {}};
      return;
    }
    data_ = load_screening_data(folders, setup.limits);
    readiness_ = {
        true,
        fmt::format("{} entries, {} names, {} wallets from {} files ({})",
                    data_->list.entries.size(), data_->list.name_count(), data_->wallets.size(),
                    data_->list.files.size(), lists_named(data_->list)),
        "", list_notes(data_->list)};
  }
  Readiness readiness() const override { return readiness_; }
  std::unique_ptr<Plugin> make() const override {
    return std::make_unique<SanctionsPlugin>(data_, options_);
  }

 private:
  Options options_;
  std::shared_ptr<const ScreeningData> data_;
  Readiness readiness_{false, "not configured", "", {}};
};

}  // namespace

std::shared_ptr<PluginFactory> make_factory() { return std::make_shared<SanctionsFactory>(); }

}  // namespace candor::plugins::sanctions
