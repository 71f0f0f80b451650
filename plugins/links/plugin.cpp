// The links plugin: remembers each candidate's normalised identifiers and reports identifiers
// shared with a different identity screened before (one laptop-farm address, one phone, one
// bank account for many "different" hires).
#include "candor/plugin.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "candor/recent_keys.hpp"
#include "identifiers.hpp"

namespace candor::plugins::links {

namespace {

// One level per identifier kind (identifiers.hpp): how rarely honest people share it.
const std::vector<SignalSpec> kSignals = {
    {"links.shared_identifier",
     "links",
     {{"bank_account", 4.0},
      {"wallet", 4.0},
      {"phone", 3.5},
      {"address", 3.5},
      {"email", 3.5},
      {"device", 3.5},
      {"ip", 1.5},
      {"ip_mobile", 0.5},
      {"device_serial", 4.0},
      {"wifi_bssid", 3.0},
      {"login_device", 3.5},
      {"mfa_device", 4.0},
      {"egress_ip", 2.0},
      {"egress_ip_days", 4.5}},
     false,
     "an identifier of this candidate is held by a different identity screened before"},
};

const SignalSpec& kSharedIdentifier = find_spec(kSignals, "links.shared_identifier");

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

// Holders of one identifier read and listed at most: a key thousands share (a company's proxy, a
// laptop farm's line) would otherwise cost every later screening a read of all of them and a
// verdict listing them all. Reaching the cap says "at least" in the signal.
constexpr std::size_t kMaxOthersListed = 50;

// Egress addresses are kept per day; one signal per address says on how many days it was
// shared, since several contractors behind one home IP day after day is the laptop-farm pattern.
class EgressShares {
 public:
  void add(const Identifier& id, const nlohmann::json& others, bool truncated) {
    auto& share = shares_[id.given];
    share.truncated = share.truncated || truncated;
    share.days.insert(id.key.substr(id.key.find('@') + 1));
    for (const auto& o : others) {
      if (share.others.size() >= kMaxOthersListed) {
        share.truncated = true;
        break;
      }
      share.others[o["id"].get<std::string>()] = o;
    }
  }
  void emit(std::vector<Signal>& out) const {
    for (const auto& [ip, share] : shares_) {
      nlohmann::json others = nlohmann::json::array();
      std::string who;
      for (const auto& [id, o] : share.others) {
        others.push_back(o);
        who += (who.empty() ? "" : ", ") + id + " (" + o["name"].get<std::string>() + ")";
      }
      const nlohmann::json days(share.days);
      nlohmann::json evidence = {
          {"kind", "egress_ip"}, {"value", ip}, {"days", days}, {"others", others}};
      if (share.truncated) evidence["others_truncated"] = true;
      out.push_back(kSharedIdentifier.make_at(
          share.days.size() >= 3 ? "egress_ip_days" : "egress_ip",
          fmt::format("The egress IP {} was used on {} of the same day(s) by {}{}", ip,
                      share.days.size(), who, share.truncated ? " and others" : ""),
          std::move(evidence)));
    }
  }

 private:
  struct Share {
    std::set<std::string> days;
    std::map<std::string, nlohmann::json> others;
    bool truncated = false;  // holders past kMaxOthersListed were left out
  };
  std::map<std::string, Share> shares_;
};

class LinksPlugin final : public Plugin {
 public:
  LinksPlugin(std::shared_ptr<RecentKeys> recent, std::size_t max_phone_chars)
      : recent_(std::move(recent)), max_phone_chars_(max_phone_chars) {}

  PluginOutcome run(RunContext& context) override {
    const Candidate& c = context.candidate();
    const auto ids = identifiers_of(c, context.fact(facts::kGeoipSessions),
                                    context.fact(facts::kPhoneNumbers), max_phone_chars_);
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
    // And by other processes sharing the store (a store of one process returns none).
    std::map<std::string, std::vector<StoredItem>> claimed;
    for (auto& item : store->claim_keys({c.id, c.name, c.date_of_birth, 0, "", 0}, keys))
      claimed[item.key].push_back(std::move(item));
    PluginOutcome outcome;
    EgressShares egress;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const auto& id = ids[i];
      nlohmann::json others = nlohmann::json::array();
      std::set<std::string> cited;
      bool truncated = false;
      const auto consider = [&](const std::string& other, const std::string& name,
                                const std::string& birth) {
        if (other == c.id || !different_identity(c, name, birth) || cited.contains(other)) return;
        if (others.size() >= kMaxOthersListed) {
          truncated = true;
          return;
        }
        cited.insert(other);
        others.push_back({{"id", other}, {"name", name}, {"date_of_birth", birth}});
      };
      // One more than listed: the self record may be among them.
      const auto stored = store->find("links." + id.kind, id.key, kMaxOthersListed + 1);
      for (const auto& item : stored)
        consider(item.candidate_id, item.candidate_name, item.date_of_birth);
      // The store may hold more holders than it returned.
      if (stored.size() > kMaxOthersListed) truncated = true;
      for (const auto& holder : recent[i])
        consider(holder->candidate_id, holder->name, holder->date_of_birth);
      if (const auto it = claimed.find(keys[i]); it != claimed.end())
        for (const auto& other : it->second)
          consider(other.candidate_id, other.candidate_name, other.date_of_birth);
      if (others.empty()) continue;
      if (id.kind == "egress_ip") {
        egress.add(id, others, truncated);
        continue;
      }
      std::string who;
      for (const auto& o : others)
        who += (who.empty() ? "" : ", ") + o["id"].get<std::string>() + " (" +
               o["name"].get<std::string>() + ")";
      nlohmann::json evidence = {
          {"kind", id.kind}, {"value", id.given}, {"key", id.key}, {"others", others}};
      if (truncated) evidence["others_truncated"] = true;
      outcome.signals.push_back(kSharedIdentifier.make_at(
          id.kind,
          fmt::format("The {} {} is shared with {}{} other candidate(s): {}",
                      id.kind == "ip_mobile" ? "mobile IP" : id.kind, id.given,
                      truncated ? "at least " : "", others.size(), who),
          std::move(evidence)));
    }
    egress.emit(outcome.signals);
    return outcome;
  }

 private:
  std::shared_ptr<RecentKeys> recent_;
  std::size_t max_phone_chars_;
};

class LinksFactory final : public PluginFactory {
 public:
  std::string name() const override { return "links"; }
  std::string description() const override {
    return "identifiers (phone, e-mail, address, bank, wallet, IP, device) shared with others";
  }
  std::vector<std::string_view> uses() const override {
    return {facts::kGeoipSessions.name, facts::kPhoneNumbers.name};
  }
  std::vector<SignalSpec> signals() const override { return kSignals; }
  void configure(const nlohmann::json& section, const PluginSetup& setup) override {
    reject_unknown_keys(section, {}, setup.policy_file, "plugins.links");
    has_store_ = setup.store != nullptr;
    max_phone_chars_ = setup.limits.phone_chars;
    recent_ = std::make_shared<RecentKeys>();
  }
  Readiness readiness() const override {
    if (!has_store_) return {true, "no store: identifiers are not linked (--no-store)", "", {}};
    return {true, "links identifiers through the store", "", {}};
  }
  std::unique_ptr<Plugin> make() const override {
    return std::make_unique<LinksPlugin>(recent_, max_phone_chars_);
  }
  void forget(std::string_view candidate_id) override { recent_->forget(candidate_id); }

 private:
  bool has_store_ = false;
  std::size_t max_phone_chars_ = kMaxPhoneChars;
  std::shared_ptr<RecentKeys> recent_ = std::make_shared<RecentKeys>();
};

}  // namespace

std::shared_ptr<PluginFactory> make_factory() { return std::make_shared<LinksFactory>(); }

}  // namespace candor::plugins::links
