// `candor audit`: telemetry grouped per contractor into the candidate model, one pipeline run
// per contractor, and what changed since the previous audit.
#include "candor/app/audit.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "candor/text/text.hpp"

namespace candor::app {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string lower(std::string_view s) { return text::ascii_lower(text::trim(s)); }

// Every e-mail of the record: a contractor's Okta login is usually their work e-mail.
std::vector<std::string> emails_of(const nlohmann::json& record) {
  std::vector<std::string> out;
  if (const auto it = record.find("email"); it != record.end() && it->is_string())
    out.push_back(it->get<std::string>());
  if (const auto it = record.find("emails"); it != record.end() && it->is_array())
    for (const auto& e : *it)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

// What one contractor's telemetry came to, for the verdict (counts and dates, no rows).
struct Gathered {
  std::vector<Login> logins;
  std::set<std::string> mfa_devices;
  std::size_t events = 0;
  std::optional<Endpoint> endpoint;
  std::vector<std::string> actors, hosts;  // matched
  nlohmann::json host_summary = nlohmann::json::array();
};

class Grouper {
 public:
  Grouper(const OktaReader& okta, const OsqueryReader& osquery, std::int64_t cutoff)
      : okta_(okta), osquery_(osquery), cutoff_(cutoff) {
    for (const auto& [id, h] : osquery_.hosts()) {
      host_keys_.emplace(lower(id), id);
      if (!h.host.serial.empty()) host_keys_.emplace(lower(h.host.serial), id);
    }
  }

  Gathered gather(const RosterEntry& entry) const {
    Gathered g;
    std::set<std::string> actors;
    std::vector<std::string> names = entry.okta_ids;
    for (auto& e : emails_of(entry.record)) names.push_back(std::move(e));
    for (const auto& name : names)
      if (const auto actor = okta_.actor_of(name)) actors.insert(*actor);
    for (const auto& actor : actors) {
      const auto& t = okta_.actors().at(actor);
      g.actors.push_back(actor);
      g.events += t.events;
      for (const auto& l : t.logins)
        if (l.at >= cutoff_) g.logins.push_back(l);
      for (const auto& [device, seen] : t.mfa_devices)
        if (seen >= cutoff_) g.mfa_devices.insert(device);
    }
    std::sort(g.logins.begin(), g.logins.end(),
              [](const Login& a, const Login& b) { return a.at < b.at; });

    std::set<std::string> hosts;
    for (const auto& h : entry.hosts)
      if (const auto it = host_keys_.find(lower(h)); it != host_keys_.end())
        hosts.insert(it->second);
    if (hosts.empty()) return g;
    Endpoint e;
    for (const auto& id : hosts) {
      const HostTelemetry& t = osquery_.hosts().at(id);
      if (t.host.last_seen < cutoff_) continue;
      g.hosts.push_back(id);
      e.hosts.push_back(t.host);
      for (const auto& [key, item] : t.usb_devices)
        if (item.second >= cutoff_) e.usb_devices.push_back(item.first);
      for (const auto& [key, item] : t.drives)
        if (item.second >= cutoff_) e.drives.push_back(item.first);
      for (const auto& [key, item] : t.software)
        if (item.second >= cutoff_) e.software.push_back(item.first);
      for (const auto& [mac, seen] : t.neighbour_macs)
        if (seen >= cutoff_) e.neighbour_macs.push_back(mac);
      for (const auto& [bssid, seen] : t.wifi_bssids)
        if (seen >= cutoff_) e.wifi_bssids.push_back(bssid);
      g.host_summary.push_back({{"host", id},
                                {"rows", t.host.rows},
                                {"first_seen", format_rfc3339(t.host.first_seen)},
                                {"last_seen", format_rfc3339(t.host.last_seen)},
                                {"usb_devices", e.usb_devices.size()},
                                {"drives", e.drives.size()},
                                {"software", e.software.size()}});
    }
    if (!e.hosts.empty()) g.endpoint = std::move(e);
    return g;
  }

 private:
  const OktaReader& okta_;
  const OsqueryReader& osquery_;
  std::int64_t cutoff_;
  std::map<std::string, std::string> host_keys_;  // lower-case id or serial → host id
};

// The hiring record with the audit's derived sections: sign-ins as sessions (one per address and
// day, for geoip and links), sign-in times as activity (for the timezone plugin), and the
// summarised `idp` and `endpoint` sections.
Candidate contractor(const RosterEntry& entry, const Gathered& g, const std::string& roster,
                     const std::filesystem::path& base, const FileRules& files) {
  Candidate c =
      parse_candidate(entry.record, roster + ":" + std::to_string(entry.line), base, files);
  if (!g.logins.empty()) {
    std::set<std::pair<std::string, std::int64_t>> seen;
    for (const auto& l : g.logins)
      if (!l.ip.empty() && seen.insert({l.ip, l.at / 86400}).second) {
        Session s;
        s.ip = l.ip;
        s.at = l.at;
        c.sessions.push_back(std::move(s));
      }
    if (!c.activity || c.activity->file.empty()) {
      if (!c.activity) c.activity = Activity{};
      for (const auto& l : g.logins) c.activity->instants.push_back(format_rfc3339(l.at));
    }
  }
  if (!g.logins.empty() || !g.mfa_devices.empty())
    c.idp = IdentityProvider{g.logins, {g.mfa_devices.begin(), g.mfa_devices.end()}};
  c.endpoint = g.endpoint;
  return c;
}

std::string skip_reason(const RosterEntry& entry, const Gathered& g) {
  const auto emails = emails_of(entry.record);
  if (entry.okta_ids.empty() && emails.empty() && entry.hosts.empty())
    return "the roster entry names no okta_ids, e-mails or hosts to find telemetry by";
  std::string okta, hosts;
  for (const auto& n : entry.okta_ids) okta += (okta.empty() ? "" : ", ") + n;
  for (const auto& n : emails) okta += (okta.empty() ? "" : ", ") + n;
  for (const auto& n : entry.hosts) hosts += (hosts.empty() ? "" : ", ") + n;
  (void)g;
  return fmt::format(
      "no telemetry in the audited period: no Okta sign-ins for [{}], no osquery "
      "rows for hosts [{}]",
      okta, hosts);
}

// The contractors a verdict shares identifiers with.
std::set<std::string> linked_ids(const nlohmann::json& verdict) {
  std::set<std::string> out;
  for (const auto& s : verdict.value("signals", nlohmann::json::array())) {
    if (s.value("id", "") != "links.shared_identifier") continue;
    for (const auto& o : s["evidence"].value("others", nlohmann::json::array()))
      out.insert(o.value("id", ""));
  }
  return out;
}

// Contractors someone links to but whose own verdict does not link back: they were screened
// before the other was in the store, so they are screened again to see each other.
std::vector<std::size_t> linked_one_way(const std::vector<nlohmann::json>& verdicts,
                                        const std::map<std::string, std::size_t>& index) {
  std::vector<std::set<std::string>> links(verdicts.size());
  for (std::size_t i = 0; i < verdicts.size(); ++i)
    if (!verdicts[i].is_null()) links[i] = linked_ids(verdicts[i]);
  std::set<std::size_t> out;
  for (const auto& [id, i] : index)
    for (const auto& other : links[i]) {
      const auto it = index.find(other);
      // A contractor skipped for want of telemetry (no verdict) may still be in the store.
      if (it != index.end() && !verdicts[it->second].is_null() && !links[it->second].count(id))
        out.insert(it->second);
    }
  return {out.begin(), out.end()};
}

// Screens `which` on every core, one pipeline worker per thread.
void screen_in_parallel(const Screener& screener, const std::vector<std::size_t>& which,
                        const std::vector<std::optional<Candidate>>& candidates,
                        std::vector<nlohmann::json>& verdicts) {
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  const auto work = [&] {
    try {
      const auto worker = screener.make_worker();
      for (std::size_t k; (k = next++) < which.size();)
        verdicts[which[k]] = to_json(worker->screen(*candidates[which[k]]));
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      next = which.size();
    }
  };
  const std::size_t threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1,
                                                      std::max<std::size_t>(1, which.size()));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace

AuditSummary run_audit(const AuditOptions& options, const Screener& screener,
                       const std::function<void(const nlohmann::json&)>& write) {
  AuditSummary summary;
  const auto roster = read_roster(options.roster, options.files.limits);
  // The folder as given, so paths in evidence and errors are built only from what the user passed.
  const auto folder = std::filesystem::path(options.roster).parent_path();
  const auto base = folder.empty() ? std::filesystem::path(".") : folder;

  const auto read_start = Clock::now();
  OktaReader okta(options.files.limits);
  OsqueryReader osquery(options.files.limits);
  read_telemetry(options, okta, osquery, summary.telemetry);
  summary.read_seconds = seconds_since(read_start);

  // Retention counts back from the newest event read, so a re-run of the same logs judges the
  // same period whatever day it runs.
  std::int64_t cutoff =
      summary.telemetry.newest - std::int64_t(screener.policy().audit_retention_days) * 86400;
  if (options.since) cutoff = std::max(cutoff, *options.since);
  const Grouper grouper(okta, osquery, cutoff);

  const auto screen_start = Clock::now();
  std::map<std::string, std::size_t> index;
  std::vector<std::optional<Candidate>> candidates(roster.size());
  std::vector<std::optional<std::string>> previous(roster.size());
  std::vector<nlohmann::json> verdicts(roster.size());
  std::vector<nlohmann::json> extra(roster.size());
  for (std::size_t i = 0; i < roster.size(); ++i) {
    const Gathered g = grouper.gather(roster[i]);
    Candidate c = contractor(roster[i], g, options.roster, base, options.files);
    if (!index.emplace(c.id, i).second)
      throw InputError(options.roster + ":" + std::to_string(roster[i].line), "/id",
                       "the contractor \"" + c.id + "\" is already on an earlier line");
    nlohmann::json telemetry = {{"okta",
                                 {{"events", g.events},
                                  {"sign_ins", g.logins.size()},
                                  {"mfa_devices", g.mfa_devices.size()}}},
                                {"hosts", g.host_summary}};
    if (!g.logins.empty()) {
      telemetry["okta"]["first_seen"] = format_rfc3339(g.logins.front().at);
      telemetry["okta"]["last_seen"] = format_rfc3339(g.logins.back().at);
    }
    if (g.logins.empty() && g.mfa_devices.empty() && !g.endpoint) {
      extra[i] = {{"schema", "candor.audit_skip/v1"},
                  {"candidate", c.id},
                  {"subject", {{"kind", "contractor"}, {"id", c.id}}},
                  {"status", "skipped"},
                  {"reason", skip_reason(roster[i], g)}};
      continue;
    }
    extra[i] = std::move(telemetry);
    if (screener.store()) previous[i] = latest_verdict_json(*screener.store(), c.id);
    candidates[i] = std::move(c);
  }
  // Every contractor's share is in their candidate now: the raw sign-ins are freed before
  // screening, so a month of a large company's logs is not held twice.
  okta = OktaReader(options.files.limits);
  osquery = OsqueryReader(options.files.limits);
  std::vector<std::size_t> screened;
  for (std::size_t i = 0; i < roster.size(); ++i)
    if (candidates[i]) screened.push_back(i);
  screen_in_parallel(screener, screened, candidates, verdicts);
  screen_in_parallel(screener, linked_one_way(verdicts, index), candidates, verdicts);
  summary.screen_seconds = seconds_since(screen_start);

  for (std::size_t i = 0; i < roster.size(); ++i) {
    ++summary.contractors;
    if (!candidates[i]) {
      ++summary.skipped;
      write(extra[i]);
      continue;
    }
    nlohmann::json out = std::move(verdicts[i]);
    out["subject"] = {{"kind", "contractor"}, {"id", candidates[i]->id}};
    out["telemetry"] = std::move(extra[i]);
    if (previous[i]) {
      nlohmann::json before;
      if (!parse_json(*previous[i], before)) {
        out["changes"] = verdict_changes(before, out);
        if (!out["changes"].empty()) ++summary.changed;
      }
    }
    if (const auto band = parse_band(out.value("band", "clear")))
      ++summary.bands[static_cast<int>(*band)];
    if (out.value("incomplete", false)) ++summary.incomplete;
    write(out);
  }
  return summary;
}

}  // namespace candor::app
