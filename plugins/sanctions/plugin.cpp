// The sanctions plugin: screens the candidate's names, employers, payout beneficiary, bank and
// wallet against OFAC's SDN list (legacy CSV files).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <iostream>

#include "candor/error.hpp"
#include "candor/plugin.hpp"
#include "common_names.hpp"
#include "name_score.hpp"
#include "screening_data.hpp"
#include "synthetic_list.hpp"

namespace candor::plugins {

namespace {

using sanctions::NameMatch;
using sanctions::ScreeningData;

constexpr double kDefaultThreshold = 0.92;
constexpr const char* kGroup = "sanctions";
constexpr double kWalletLlr = 9.0;

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
  const sanctions::SdnEntry* e = data.entry(m.ent_num);
  nlohmann::json ev = {{"field", field},
                       {"screened", query},
                       {"ent_num", m.ent_num},
                       {"matched_name", m.listed},
                       {"score", round3(m.score)},
                       {"ofac_style_score", std::round(sanctions::ofac_style_score(query, m.listed))},
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
      Signal s;
      s.group = kGroup;
      s.evidence = match_evidence(*data_, item.field, item.value, m);
      if (matches.size() > 1) {
        nlohmann::json others = nlohmann::json::array();
        for (std::size_t i = 1; i < matches.size() && i < 4; ++i)
          others.push_back({{"ent_num", matches[i].ent_num}, {"matched_name", matches[i].listed},
                            {"score", round3(matches[i].score)}});
        s.evidence["other_matches"] = others;
      }
      const std::string listed = s.evidence.value("listed_name", m.listed);
      if (item.person) {
        s.id = "sanctions.name_match";
        s.llr = llr_for(m.score, options_.threshold, 2.5, 6.0);
        s.summary = fmt::format("The name '{}' matches SDN entry {} '{}' (score {:.2f})",
                                item.value, m.ent_num, listed, m.score);
      } else {
        s.id = "sanctions.entity_match";
        s.llr = llr_for(m.score, options_.threshold, 3.0, 7.0);
        s.summary = fmt::format("The {} '{}' matches SDN entry {} '{}' (score {:.2f})",
                                item.field.rfind("/employers", 0) == 0 ? "employer" : "payee",
                                item.value, m.ent_num, listed, m.score);
      }
      outcome.signals.push_back(std::move(s));
    }
    if (!c.payout.wallet.empty()) {
      const auto it = data_->wallets.find(sanctions::normalise_wallet(c.payout.wallet));
      if (it != data_->wallets.end()) {
        const auto& w = it->second.front();
        const sanctions::SdnEntry* e = data_->entry(w.ent_num);
        Signal s;
        s.id = "sanctions.wallet_match";
        s.group = kGroup;
        s.llr = kWalletLlr;
        s.hard = true;
        s.summary = fmt::format("The payout wallet {} is listed on SDN entry {} '{}'",
                                c.payout.wallet, w.ent_num, e ? e->name : "");
        s.evidence = {{"field", "/payout/wallet"}, {"wallet", c.payout.wallet},
                      {"currency", w.currency},    {"ent_num", w.ent_num},
                      {"listed_name", e ? e->name : ""},
                      {"program", e ? nlohmann::json(e->programs) : nlohmann::json::array()}};
        outcome.signals.push_back(std::move(s));
      }
    }
    return outcome;
  }

 private:
  std::shared_ptr<const ScreeningData> data_;
  Options options_;
};

void run_bench(const DataDir& data_dir, const std::vector<std::string>& dirs, std::size_t target,
               std::size_t rounds) {
  std::vector<std::filesystem::path> folders;
  if (std::filesystem::is_directory(data_dir.sub("sanctions"))) folders.push_back(data_dir.sub("sanctions"));
  for (const auto& d : dirs) folders.emplace_back(d);
  if (folders.empty())
    throw DataError(data_dir.sub("sanctions").string(),
                    "no SDN files (run candor feeds update, or give --sanctions-dir)");
  auto data = std::make_shared<ScreeningData>();
  for (const auto& f : folders)
    if (sanctions::load_sdn_folder(f, data->list) == 0)
      throw DataError(f.string(), "holds none of the SDN files");
  const std::size_t real_names = data->list.name_count();
  sanctions::grow_list(data->list, target);
  const auto build_start = std::chrono::steady_clock::now();
  sanctions::index_screening_data(*data);
  const double build_ms = std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - build_start).count();
  const auto queries = sanctions::common_full_names();
  std::size_t hits = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t r = 0; r < rounds; ++r)
    for (const auto& q : queries) hits += data->index.search(q, kDefaultThreshold).size();
  const double us = std::chrono::duration<double, std::micro>(
                        std::chrono::steady_clock::now() - start).count();
  // Where the hits come from (outside the timing): how many query names hit at all, and how
  // many hits are on real entries rather than synthetic recombinations.
  std::size_t names_hit = 0, real_hits = 0;
  for (const auto& q : queries) {
    const auto matches = data->index.search(q, kDefaultThreshold);
    if (!matches.empty()) ++names_hit;
    for (const auto& m : matches)
      if (m.ent_num < sanctions::kFirstSyntheticEntNum) ++real_hits;
  }
  const double per_name = us / static_cast<double>(queries.size() * rounds);
  std::cout << fmt::format(
      "sanctions bench: {} listed names ({} real, rest synthetic recombinations), {} index "
      "forms, index built in {:.0f} ms\n"
      "screened {} names x {} rounds: {:.2f} us per name (goal <= 20 us), {} hits at "
      "threshold {:.2f} from {} names; {} hits on real entries\n",
      data->list.name_count(), real_names, data->index.size(), build_ms, queries.size(), rounds,
      per_name, hits / rounds, kDefaultThreshold, names_hit, real_hits);
}

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
      if (d.is_string()) o.dirs.emplace_back(d.get<std::string>());
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
    data_ = sanctions::load_screening_data(folders);
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
  void add_commands(CLI::App&, const CommandEnvironment& environment) override {
    auto* cmd = environment.group("bench").add_subcommand(
        "sanctions", "Screen 10,000 common names against the SDN list grown to ~40,000 names");
    environment.add_options(*cmd);
    auto dirs = std::make_shared<std::vector<std::string>>();
    auto target = std::make_shared<std::size_t>(40000);
    auto rounds = std::make_shared<std::size_t>(1);
    cmd->add_option("--sanctions-dir", *dirs, "Folder holding SDN files (repeatable)");
    cmd->add_option("--names", *target, "Grow the list to this many names (default 40000)");
    cmd->add_option("--rounds", *rounds, "Screen the query set this many times (default 1)");
    cmd->callback([environment, dirs, target, rounds] {
      run_bench(environment.data_dir(), *dirs, *target, std::max<std::size_t>(1, *rounds));
    });
  }

 private:
  Options options_;
  std::shared_ptr<const ScreeningData> data_;
  Readiness readiness_{false, "not configured", "", {}};
};

}  // namespace

std::shared_ptr<PluginFactory> make_sanctions_plugin() {
  return std::make_shared<SanctionsFactory>();
}

}  // namespace candor::plugins
