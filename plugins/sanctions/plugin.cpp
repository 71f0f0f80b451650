// The sanctions plugin: screens the candidate's names, employers, payout beneficiary, bank and
// wallet against OFAC's SDN list (legacy CSV files).
#include "candor/plugin.hpp"

#include <fmt/format.h>

#include <cmath>

#include "candor/error.hpp"
#include "name_score.hpp"
#include "screening_data.hpp"

namespace candor::plugins::sanctions {

namespace {

// Name and entity matches carry the exact-match LLR below times a share that rises linearly
// from the threshold (kNameAtThreshold / kEntityAtThreshold) to 1 for an exact match.
const std::vector<SignalSpec> kSignals = {
    {"sanctions.name_match",
     "sanctions",
     {{"", 6.0}},
     false,
     "the candidate's name or an alias matches a name on the SDN list"},
    {"sanctions.entity_match",
     "sanctions",
     {{"", 7.0}},
     false,
     "an employer, the payout beneficiary or the bank matches a name on the SDN list"},
    {"sanctions.wallet_match",
     "sanctions",
     {{"", 9.0}},
     true,
     "the payout wallet is a digital currency address on the SDN list"},
};

const SignalSpec& kNameMatch = find_spec(kSignals, "sanctions.name_match");
const SignalSpec& kEntityMatch = find_spec(kSignals, "sanctions.entity_match");
const SignalSpec& kWalletMatch = find_spec(kSignals, "sanctions.wallet_match");

constexpr double kNameAtThreshold = 2.5;
constexpr double kEntityAtThreshold = 3.0;

struct Options {
  std::vector<std::filesystem::path> dirs;
  double threshold = kDefaultThreshold;
};

// LLR rises linearly from `low` at the threshold to `high` for an exact match.
double llr_for(double score, double threshold, double low, double high) {
  const double t = threshold >= 1.0 ? 0.0 : (score - threshold) / (1.0 - threshold);
  return low + std::clamp(t, 0.0, 1.0) * (high - low);
}

double round3(double x) { return std::round(x * 1000.0) / 1000.0; }

nlohmann::json match_evidence(const ScreeningData& data, const std::string& field,
                              const std::string& query, const NameMatch& m) {
  const SdnEntry* e = data.entry(m.ent_num);
  nlohmann::json ev = {{"field", field},
                       {"screened", query},
                       {"ent_num", m.ent_num},
                       {"matched_name", m.listed},
                       {"score", round3(m.score)},
                       {"ofac_style_score", std::round(ofac_style_score(query, m.listed))},
                       {"romanisation_variant", m.romanisation}};
  if (e) {
    ev["listed_name"] = e->name;
    ev["program"] = e->programs;
    ev["type"] = e->individual() ? "individual" : (e->type.empty() ? "entity" : e->type);
  }
  return ev;
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
    if (names.empty() && c.payout.wallet.empty())
      return PluginOutcome::skip("no name, employer, payee or wallet to screen");

    PluginOutcome outcome;
    for (const auto& item : names) {
      const auto matches = data_->index.search(item.value, options_.threshold);
      if (matches.empty()) continue;
      const NameMatch& m = matches.front();
      nlohmann::json evidence = match_evidence(*data_, item.field, item.value, m);
      if (matches.size() > 1) {
        nlohmann::json others = nlohmann::json::array();
        for (std::size_t i = 1; i < matches.size() && i < 4; ++i)
          others.push_back({{"ent_num", matches[i].ent_num},
                            {"matched_name", matches[i].listed},
                            {"score", round3(matches[i].score)}});
        evidence["other_matches"] = others;
      }
      const std::string listed = evidence.value("listed_name", m.listed);
      if (item.person) {
        const double exact = kNameMatch.levels.front().llr;
        const double llr = llr_for(m.score, options_.threshold, kNameAtThreshold, exact);
        outcome.signals.push_back(
            kNameMatch.make(fmt::format("The name '{}' matches SDN entry {} '{}' (score {:.2f})",
                                        item.value, m.ent_num, listed, m.score),
                            std::move(evidence), llr / exact));
      } else {
        const double exact = kEntityMatch.levels.front().llr;
        const double llr = llr_for(m.score, options_.threshold, kEntityAtThreshold, exact);
        outcome.signals.push_back(kEntityMatch.make(
            fmt::format("The {} '{}' matches SDN entry {} '{}' (score {:.2f})",
                        item.field.rfind("/employers", 0) == 0 ? "employer" : "payee", item.value,
                        m.ent_num, listed, m.score),
            std::move(evidence), llr / exact));
      }
    }
    if (!c.payout.wallet.empty()) {
      const auto it = data_->wallets.find(normalise_wallet(c.payout.wallet));
      if (it != data_->wallets.end()) {
        const auto& w = it->second.front();
        const SdnEntry* e = data_->entry(w.ent_num);
        outcome.signals.push_back(kWalletMatch.make(
            fmt::format("The payout wallet {} is listed on SDN entry {} '{}'", c.payout.wallet,
                        w.ent_num, e ? e->name : ""),
            {{"field", "/payout/wallet"},
             {"wallet", c.payout.wallet},
             {"currency", w.currency},
             {"ent_num", w.ent_num},
             {"listed_name", e ? e->name : ""},
             {"program", e ? nlohmann::json(e->programs) : nlohmann::json::array()}}));
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
    return "OFAC SDN screening of names, employers, payee, bank and wallet";
  }
  std::vector<Feed> feeds() const override {
    const std::string base = "https://www.treasury.gov/ofac/downloads/";
    std::vector<Feed> out;
    for (const std::string f : {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"})
      out.push_back({"ofac-" + f.substr(0, f.size() - 4), base + f, "sanctions/" + f,
                     "OFAC SDN list, legacy CSV (" + f + ")", 64ull << 20});
    return out;
  }
  std::vector<SignalSpec> signals() const override { return kSignals; }
  std::vector<PluginOption> options() const override {
    return {{"--sanctions-dir", "dirs",
             "Folder holding OFAC sdn.csv/alt.csv/add.csv/sdn_comments.csv (repeatable)", true}};
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
    for (const char* f : {"sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"})
      default_has_files = default_has_files || std::filesystem::exists(default_dir / f);
    if (default_has_files) folders.push_back(default_dir);
    for (const auto& d : o.dirs) folders.push_back(d);
    options_ = o;
    data_.reset();
    if (folders.empty()) {
      readiness_ = {false, "no SDN list in " + default_dir.string(), "candor feeds update", {}};
      return;
    }
    data_ = load_screening_data(folders);
    readiness_ = {true,
                  fmt::format("{} SDN entries, {} names, {} wallets from {} files",
                              data_->list.entries.size(), data_->list.name_count(),
                              data_->wallets.size(), data_->list.files.size()),
                  "",
                  {"OFAC SDN data is a US-government work in the public domain"}};
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
