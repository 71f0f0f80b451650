// The links plugin: remembers each candidate's normalised identifiers and reports identifiers
// shared with a different identity screened before (one laptop-farm address, one phone, one
// bank account for many "different" hires).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "candor/error.hpp"
#include "candor/plugin.hpp"
#include "candor/recent_keys.hpp"
#include "clusters.hpp"
#include "identifiers.hpp"

namespace candor::plugins {

namespace {

double llr_for_kind(const std::string& kind) {
  static const std::map<std::string, double> llr = {
      {"bank_account", 4.0}, {"wallet", 4.0}, {"phone", 3.5},  {"address", 3.5},
      {"device", 3.5},       {"email", 3.5},  {"ip", 1.5},     {"ip_mobile", 0.5}};
  const auto it = llr.find(kind);
  return it == llr.end() ? 1.0 : it->second;
}

std::string name_key(const std::string& name) {
  std::vector<std::string> tokens;
  std::string cur;
  for (char ch : name) {
    if (std::isalnum(static_cast<unsigned char>(ch))) {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    } else if (!cur.empty()) {
      tokens.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  std::sort(tokens.begin(), tokens.end());
  std::string out;
  for (const auto& t : tokens) out += t + " ";
  return out;
}

// A different identity: another name, or another date of birth when both are known.
bool different_identity(const Candidate& c, const std::string& other_name,
                        const std::string& other_birth) {
  if (name_key(c.name) != name_key(other_name)) return true;
  return !c.date_of_birth.empty() && !other_birth.empty() && c.date_of_birth != other_birth;
}

class LinksPlugin final : public Plugin {
 public:
  explicit LinksPlugin(std::shared_ptr<RecentKeys> recent)
      : recent_(std::move(recent)) {}

  PluginOutcome run(RunContext& context) override {
    const Candidate& c = context.candidate();
    const auto ids =
        links::identifiers_of(c, context.fact(facts::kGeoipSessions),
                              context.fact(facts::kPhoneNumbers));
    if (ids.empty()) return PluginOutcome::skip("no identifiers to link");
    for (const auto& id : ids)
      context.remember("links." + id.kind, id.key, nlohmann::json{{"given", id.given}}.dump());
    const Store* store = context.store();
    if (!store) return PluginOutcome::skip("no store (--no-store): nothing to link against");
    // Candidates screened at this moment by other workers are not in the store yet.
    std::vector<std::string> keys;
    keys.reserve(ids.size());
    for (const auto& id : ids) keys.push_back(id.kind + '\n' + id.key);
    const auto recent = recent_->exchange(
        std::make_shared<const KeyHolder>(KeyHolder{c.id, c.name, c.date_of_birth}), keys);
    PluginOutcome outcome;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto& id = ids[i];
      nlohmann::json others = nlohmann::json::array();
      std::set<std::string> cited;
      const auto consider = [&](const std::string& other, const std::string& name,
                                const std::string& birth) {
        if (other == c.id || !different_identity(c, name, birth) || !cited.insert(other).second)
          return;
        others.push_back({{"id", other}, {"name", name}, {"date_of_birth", birth}});
      };
      for (const auto& item : store->find("links." + id.kind, id.key))
        consider(item.candidate_id, item.candidate_name, item.date_of_birth);
      for (const auto& holder : recent[i])
        consider(holder->candidate_id, holder->name, holder->date_of_birth);
      if (others.empty()) continue;
      Signal s;
      s.id = "links.shared_identifier";
      s.group = "links";
      s.llr = llr_for_kind(id.kind);
      std::string who;
      for (const auto& o : others)
        who += (who.empty() ? "" : ", ") + o["id"].get<std::string>() + " (" +
               o["name"].get<std::string>() + ")";
      s.summary = fmt::format("The {} {} is shared with {} other candidate(s): {}",
                              id.kind == "ip_mobile" ? "mobile IP" : id.kind, id.given,
                              others.size(), who);
      s.evidence = {{"kind", id.kind}, {"value", id.given}, {"key", id.key}, {"others", others}};
      outcome.signals.push_back(std::move(s));
    }
    return outcome;
  }

 private:
  std::shared_ptr<RecentKeys> recent_;
};

void print_clusters(const std::vector<links::Cluster>& clusters, const std::string& format) {
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : clusters) {
      nlohmann::json members = nlohmann::json::array();
      for (std::size_t i = 0; i < c.members.size(); ++i)
        members.push_back({{"id", c.members[i]}, {"name", c.names[i]}});
      nlohmann::json links = nlohmann::json::array();
      for (const auto& l : c.links)
        links.push_back({{"kind", l.kind}, {"key", l.key}, {"candidates", l.candidates}});
      out.push_back({{"size", c.members.size()}, {"members", members}, {"identifiers", links}});
    }
    std::cout << out.dump(2) << "\n";
  } else if (format == "dot") {
    std::cout << "graph links {\n";
    for (const auto& c : clusters) {
      for (std::size_t i = 0; i < c.members.size(); ++i)
        std::cout << fmt::format("  \"{}\" [label=\"{}\\n{}\"];\n", c.members[i], c.members[i],
                                 c.names[i]);
      for (const auto& l : c.links) {
        const std::string node = l.kind + ":" + l.key;
        std::cout << fmt::format("  \"{}\" [shape=box,label=\"{}\\n{}\"];\n", node, l.kind, l.key);
        for (const auto& m : l.candidates)
          std::cout << fmt::format("  \"{}\" -- \"{}\";\n", m, node);
      }
    }
    std::cout << "}\n";
  } else {
    if (clusters.empty()) std::cout << "no clusters\n";
    for (std::size_t n = 0; n < clusters.size(); ++n) {
      const auto& c = clusters[n];
      std::cout << fmt::format("cluster {} ({} candidates)\n", n + 1, c.members.size());
      for (std::size_t i = 0; i < c.members.size(); ++i)
        std::cout << fmt::format("  {}  {}\n", c.members[i], c.names[i]);
      for (const auto& l : c.links) {
        std::string who;
        for (const auto& m : l.candidates) who += (who.empty() ? "" : ", ") + m;
        std::cout << fmt::format("  shared {} {}: {}\n", l.kind, l.key, who);
      }
    }
  }
}

class LinksFactory final : public PluginFactory {
 public:
  std::string name() const override { return "links"; }
  std::string description() const override {
    return "identifiers (phone, e-mail, address, bank, wallet, IP, device) shared with others";
  }
  std::vector<std::string_view> uses() const override {
    return {facts::kGeoipSessions.name, facts::kPhoneNumbers.name};
  }
  void configure(const nlohmann::json& section, const PluginSetup& setup) override {
    reject_unknown_keys(section, {}, setup.policy_file, "plugins.links");
    has_store_ = setup.store != nullptr;
    recent_ = std::make_shared<RecentKeys>();
  }
  Readiness readiness() const override {
    if (!has_store_) return {true, "no store: identifiers are not linked (--no-store)", "", {}};
    return {true, "links identifiers through the store", "", {}};
  }
  std::unique_ptr<Plugin> make() const override { return std::make_unique<LinksPlugin>(recent_); }
  void add_commands(CLI::App& app, const CommandEnvironment& environment) override {
    auto* cmd = app.add_subcommand(
        "links", "Print clusters of candidates connected by shared identifiers");
    environment.add_options(*cmd);
    auto min_size = std::make_shared<std::size_t>(2);
    auto format = std::make_shared<std::string>("text");
    cmd->add_option("--min-size", *min_size, "Smallest cluster to print (default 2)");
    cmd->add_option("--format", *format, "text, json or dot")
        ->check(CLI::IsMember({"text", "json", "dot"}));
    cmd->callback([environment, min_size, format] {
      const auto store = environment.open_store();
      if (!store) throw StoreError("cannot open the store");
      const auto clusters = links::find_clusters(*store, *min_size);
      print_clusters(clusters, *format);
      if (!clusters.empty()) environment.set_exit_code(1);
    });
  }

 private:
  bool has_store_ = false;
  std::shared_ptr<RecentKeys> recent_ = std::make_shared<RecentKeys>();
};

}  // namespace

std::shared_ptr<PluginFactory> make_links_plugin() { return std::make_shared<LinksFactory>(); }

}  // namespace candor::plugins
