// The endpoint plugin: what a contractor's company laptops show (osquery, summarised by
// `candor audit` into the candidate's `endpoint` section): IP-KVMs, remote-access tools,
// consumer VPNs and a clock set to another zone than the one claimed.
#include "candor/plugin.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "candor/error.hpp"
#include "candor/text/text.hpp"
#include "candor/tz/offsets.hpp"
#include "catalogue.hpp"
#include "ipkvm.hpp"

namespace candor::plugins::endpoint {

namespace {

const std::vector<SignalSpec> kSignals = {
    {"endpoint.ipkvm",
     "ipkvm",
     {{"default_identity", 6.5},
      {"composite", 2.5},
      {"gadget", 2.0},
      {"neighbour_high", 1.5},
      {"neighbour_low", 0.3}},
     false,
     "an IP-KVM (a device that lets someone far away drive the laptop) is attached or nearby"},
    {"endpoint.remote_access",
     "remote_access",
     {{"", 2.5}},
     false,
     "a remote-access (RMM) tool the company does not use is installed or running"},
    {"endpoint.consumer_vpn",
     "consumer_vpn",
     {{"astrill", 2.0}, {"other", 1.0}},
     false,
     "a consumer VPN client is installed or running on the company laptop"},
    {"endpoint.clock_zone_mismatch",
     "timezone",
     {{"", 2.0}},
     false,
     "the laptop's clock is set to a time zone whose offset differs from the claimed zone's"},
};

const SignalSpec& spec(std::string_view id) { return find_spec(kSignals, id); }

struct Options {
  std::filesystem::path rmm_table;
  std::set<std::string> allow_rmm;  // lower-case tool names
};

std::string hosts_text(const std::set<std::string>& hosts) {
  std::string out;
  for (const auto& h : hosts) out += (out.empty() ? "" : ", ") + h;
  return out;
}

class EndpointPlugin final : public Plugin {
 public:
  EndpointPlugin(std::shared_ptr<const RmmCatalogue> rmm, std::shared_ptr<const Options> options)
      : rmm_(std::move(rmm)), options_(std::move(options)) {}

  PluginOutcome run(RunContext& context) override {
    const Candidate& c = context.candidate();
    if (!c.endpoint) return PluginOutcome::skip("no endpoint telemetry (audits only)");
    const Endpoint& e = *c.endpoint;
    PluginOutcome outcome;
    usb(e, outcome.signals);
    neighbours(e, outcome.signals);
    software(e, outcome.signals);
    clock(c, e, outcome.signals);
    return outcome;
  }

 private:
  void usb(const Endpoint& e, std::vector<Signal>& out) const {
    // The strongest likeness per host: one KVM shows as several interfaces and rows.
    std::map<std::string, std::pair<KvmLikeness, nlohmann::json>> best;
    for (const auto& d : e.usb_devices) {
      std::string product;
      const auto likeness = kvm_likeness(d, product);
      if (likeness == KvmLikeness::none) continue;
      auto& slot = best[d.host];
      if (likeness <= slot.first) continue;
      slot = {likeness,
              {{"host", d.host},
               {"usb_id", usb_id(d.vendor_id) + ":" + usb_id(d.model_id)},
               {"vendor", d.vendor},
               {"model", d.model},
               {"serial", d.serial},
               {"source", d.source},
               {"product", product}}};
    }
    // A virtual drive under a KVM maker's name is the KVM's own default identity too.
    for (const auto& d : e.drives) {
      const std::string product = kvm_drive_product(d);
      if (product.empty()) continue;
      auto& slot = best[d.host];
      if (KvmLikeness::default_identity <= slot.first) continue;
      slot = {KvmLikeness::default_identity,
              {{"host", d.host},
               {"drive", d.name},
               {"vendor", d.vendor},
               {"model", d.model},
               {"source", "block_devices"},
               {"product", product}}};
    }
    for (const auto& [host, found] : best) {
      const auto& [likeness, evidence] = found;
      if (likeness == KvmLikeness::default_identity && evidence.contains("drive"))
        out.push_back(spec("endpoint.ipkvm")
                          .make_at("default_identity",
                                   fmt::format("A {} IP-KVM's virtual drive ({} {}) is attached "
                                               "to {}",
                                               evidence["product"].get<std::string>(),
                                               evidence["vendor"].get<std::string>(),
                                               evidence["model"].get<std::string>(), host),
                                   evidence));
      else if (likeness == KvmLikeness::default_identity)
        out.push_back(
            spec("endpoint.ipkvm")
                .make_at(
                    "default_identity",
                    fmt::format("A {} IP-KVM at its default USB identity ({}) is attached to {}",
                                evidence["product"].get<std::string>(),
                                evidence["usb_id"].get<std::string>(), host),
                    evidence));
      else if (likeness == KvmLikeness::gadget)
        out.push_back(
            spec("endpoint.ipkvm")
                .make_at(
                    "gadget",
                    fmt::format(
                        "A Linux USB gadget (1d6b:0104, as IP-KVMs enumerate) is attached to {}",
                        host),
                    evidence));
      else
        out.push_back(
            spec("endpoint.ipkvm")
                .make_at("composite",
                         fmt::format(
                             "One USB device on {} is at once keyboard, mouse and mass storage, as "
                             "IP-KVMs are",
                             host),
                         evidence));
    }
  }

  void neighbours(const Endpoint& e, std::vector<Signal>& out) const {
    std::map<std::string, std::pair<std::string, std::set<std::string>>> by_confidence;
    for (const auto& mac : e.neighbour_macs) {
      const auto [product, confidence] = kvm_mac_prefix(mac);
      if (product.empty()) continue;
      auto& slot = by_confidence[confidence];
      slot.first = product;
      slot.second.insert(mac);
    }
    // High-confidence prefixes make the low ones redundant.
    for (const char* level : {"high", "low"}) {
      const auto it = by_confidence.find(level);
      if (it == by_confidence.end()) continue;
      out.push_back(
          spec("endpoint.ipkvm")
              .make_at(std::string("neighbour_") + level,
                       fmt::format("A network neighbour's MAC address has the prefix of {} IP-KVMs "
                                   "({} confidence)",
                                   it->second.first, level),
                       {{"macs", it->second.second}, {"product", it->second.first}}));
      break;
    }
  }

  void software(const Endpoint& e, std::vector<Signal>& out) const {
    struct Seen {
      std::set<std::string> hosts, kinds, matched;
    };
    std::map<std::string, Seen> rmm, vpn;
    for (const auto& item : e.software) {
      if (rmm_) {
        if (const auto m = rmm_->match(item);
            m && !options_->allow_rmm.count(text::ascii_lower(m->tool))) {
          auto& seen = rmm[m->tool];
          seen.hosts.insert(item.host);
          seen.kinds.insert(item.kind);
          seen.matched.insert(m->matched);
        }
      }
      if (const auto m = match_consumer_vpn(item)) {
        auto& seen = vpn[m->tool];
        seen.hosts.insert(item.host);
        seen.kinds.insert(item.kind);
      }
    }
    for (const auto& [tool, seen] : rmm)
      out.push_back(spec("endpoint.remote_access")
                        .make(fmt::format("The remote-access tool {} is on {} ({})", tool,
                                          hosts_text(seen.hosts), hosts_text(seen.kinds)),
                              {{"tool", tool},
                               {"hosts", seen.hosts},
                               {"seen_as", seen.kinds},
                               {"matched_on", seen.matched}}));
    for (const auto& [tool, seen] : vpn)
      out.push_back(spec("endpoint.consumer_vpn")
                        .make_at(tool == "Astrill VPN" ? "astrill" : "other",
                                 fmt::format("The consumer VPN {} is on {} ({})", tool,
                                             hosts_text(seen.hosts), hosts_text(seen.kinds)),
                                 {{"tool", tool}, {"hosts", seen.hosts}, {"seen_as", seen.kinds}}));
  }

  void clock(const Candidate& c, const Endpoint& e, std::vector<Signal>& out) const {
    const std::string& claimed = c.claimed_location.timezone;
    if (claimed.empty()) return;
    for (const auto& h : e.hosts) {
      if (h.local_timezone == claimed) continue;
      const std::int64_t at = h.last_seen;
      // The offset osquery measured, else the zone's offset when an IANA name was given.
      auto laptop = h.utc_offset_minutes;
      if (!laptop && !h.local_timezone.empty())
        laptop = tz::utc_offset_minutes(h.local_timezone, at);
      const auto claim = tz::utc_offset_minutes(claimed, at);
      if (!laptop || !claim || std::abs(*laptop - *claim) < 60) continue;
      out.push_back(
          spec("endpoint.clock_zone_mismatch")
              .make(fmt::format("The clock of {} is set to {} (UTC{}), the claimed zone "
                                "is {} (UTC{})",
                                h.id, h.local_timezone.empty() ? "?" : h.local_timezone,
                                tz::format_offset(*laptop), claimed, tz::format_offset(*claim)),
                    {{"host", h.id},
                     {"local_timezone", h.local_timezone},
                     {"claimed_timezone", claimed},
                     {"offset_hours", (*laptop - *claim) / 60.0}}));
    }
  }

  std::shared_ptr<const RmmCatalogue> rmm_;
  std::shared_ptr<const Options> options_;
};

class EndpointFactory final : public PluginFactory {
 public:
  std::string name() const override { return "endpoint"; }
  std::string description() const override {
    return "company laptops (osquery, in audits): IP-KVMs, remote-access tools, consumer VPNs, "
           "clock zone";
  }
  std::vector<SignalSpec> signals() const override { return kSignals; }
  std::vector<PluginOption> options() const override {
    return {{"--rmm-table", "rmm_table",
             "Remote-access tools table (default DATA_DIR/endpoint/rmm-tools.tsv)", false},
            {"--allow-rmm", "allow_rmm",
             "Remote-access tools the company uses itself (names as in the table; NAME,…)", true}};
  }
  void configure(const nlohmann::json& section, const PluginSetup& setup) override {
    reject_unknown_keys(section, {"rmm_table", "allow_rmm"}, setup.policy_file, "plugins.endpoint");
    auto options = std::make_shared<Options>();
    options->rmm_table = setup.data_dir.sub("endpoint") / "rmm-tools.tsv";
    if (section.contains("rmm_table")) {
      if (!section["rmm_table"].is_string())
        throw ConfigError(setup.policy_file, "plugins.endpoint.rmm_table", "expected a path");
      options->rmm_table = section["rmm_table"].get<std::string>();
    }
    if (section.contains("allow_rmm")) {
      const auto& list = section["allow_rmm"];
      if (!list.is_array())
        throw ConfigError(setup.policy_file, "plugins.endpoint.allow_rmm",
                          "expected an array of tool names");
      for (const auto& v : list) {
        if (!v.is_string())
          throw ConfigError(setup.policy_file, "plugins.endpoint.allow_rmm",
                            "expected an array of tool names");
        // `--allow-rmm AnyDesk,TeamViewer` arrives as one value.
        std::stringstream names(v.get<std::string>());
        for (std::string name; std::getline(names, name, ',');)
          if (!text::trim(name).empty())
            options->allow_rmm.insert(text::ascii_lower(text::trim(name)));
      }
    }
    options_ = options;
    rmm_.reset();
    std::error_code ec;
    if (std::filesystem::exists(options_->rmm_table, ec))
      rmm_ = std::make_shared<const RmmCatalogue>(RmmCatalogue::load(options_->rmm_table));
  }
  Readiness readiness() const override {
    if (!rmm_)
      return {false,
              "no remote-access tools table at " + options_->rmm_table.string() +
                  " (IP-KVM, VPN and clock checks still run)",
              "sudo bash scripts/setup.sh (converts the LOLRMM catalogue of ../shared/data/rmm, or "
              "CANDOR_RMM_DIR)",
              {}};
    return {true,
            fmt::format("{} remote-access tools, {} allowed", rmm_->tools(),
                        options_->allow_rmm.size()),
            "",
            {"remote-access tools: LOLRMM (github.com/magicsword-io/LOLRMM), Apache-2.0",
             "IP-KVM identities: ipkvm-watch (github.com/LivingInSyn/ipkvm-watch), MIT"}};
  }
  std::unique_ptr<Plugin> make() const override {
    return std::make_unique<EndpointPlugin>(rmm_, options_);
  }

 private:
  std::shared_ptr<const Options> options_ = std::make_shared<Options>();
  std::shared_ptr<const RmmCatalogue> rmm_;
};

}  // namespace

std::shared_ptr<PluginFactory> make_factory() { return std::make_shared<EndpointFactory>(); }

}  // namespace candor::plugins::endpoint
