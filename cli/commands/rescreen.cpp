// `candor rescreen [--since DATE]`: screens everyone in the store again with the sanctions
// plugin (after a list update) and prints only the candidates whose band or sanctions signals
// changed. The other plugins' signals are taken from each stored verdict as they were.
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <iostream>
#include <set>

#include "candor/app/screener.hpp"
#include "candor/combiner.hpp"
#include "candor/error.hpp"
#include "candor/store.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

// The sanctions plugin keeps the fields it screened under this item kind.
constexpr std::string_view kInputKind = "sanctions.input";
constexpr std::string_view kPlugin = "sanctions";

bool is_sanctions(const std::string& id) { return id.rfind("sanctions.", 0) == 0; }

// `YYYY-MM-DD` as Unix seconds at 00:00 UTC; InputError otherwise.
std::int64_t parse_since(const std::string& text) {
  std::tm tm{};
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 ||
      d < 1 || d > 31)
    throw InputError("--since", "", "expected a date YYYY-MM-DD, got \"" + text + "\"");
  tm.tm_year = y - 1900;
  tm.tm_mon = m - 1;
  tm.tm_mday = d;
  return static_cast<std::int64_t>(timegm(&tm));
}

// A stored signal back as a Signal; a policy override applies again, so the scale that
// reproduces the stored LLR under it is recovered.
Signal stored_signal(const nlohmann::json& j, const Policy& policy) {
  Signal s;
  s.id = j.value("id", "");
  s.summary = j.value("summary", "");
  s.llr = j.value("llr", 0.0);
  s.evidence = j.value("evidence", nlohmann::json::object());
  s.hard = j.value("hard", false);
  s.group = j.value("group", "");
  s.level = j.value("level", "");
  auto it = policy.signal_llr.end();
  if (!s.level.empty()) it = policy.signal_llr.find(s.id + ":" + s.level);
  if (it == policy.signal_llr.end()) it = policy.signal_llr.find(s.id);
  if (it != policy.signal_llr.end() && it->second != 0.0) s.scale = s.llr / it->second;
  return s;
}

// What identifies a sanctions finding for "did it change": signal, field, entry and LLR.
std::set<std::string> fingerprint(const std::vector<nlohmann::json>& signals) {
  std::set<std::string> out;
  for (const auto& j : signals) {
    const auto& ev = j.contains("evidence") ? j["evidence"] : nlohmann::json::object();
    out.insert(fmt::format("{}|{}|{}|{:.2f}", j.value("id", ""), ev.value("field", ""),
                           ev.contains("ent_num") ? ev["ent_num"].dump() : "",
                           j.value("llr", 0.0)));
  }
  return out;
}

std::string describe(const std::vector<nlohmann::json>& signals) {
  if (signals.empty()) return "none";
  std::string out;
  for (const auto& j : signals) {
    const auto& ev = j.contains("evidence") ? j["evidence"] : nlohmann::json::object();
    if (!out.empty()) out += "; ";
    out += fmt::format("{} {} ({})", j.value("id", ""), ev.value("field", ""),
                       ev.contains("ent_num") ? ev["ent_num"].dump() : "-");
  }
  return out;
}

}  // namespace

int run_rescreen(const app::ScreenerOptions& options, const std::string& since, std::ostream& out) {
  const std::int64_t since_at = since.empty() ? 0 : parse_since(since);
  const app::Screener screener(options);
  Store* store = screener.store();
  if (!store) throw ConfigError("--no-store", "", "rescreen reads the store; drop --no-store");
  PluginFactory* factory = screener.factory(kPlugin);
  if (!factory) throw ConfigError("sanctions", "", "this build has no sanctions plugin");
  const Readiness ready = factory->readiness();
  if (!ready.ready)
    throw DataError("sanctions", "not ready: " + ready.detail +
                                     (ready.fix.empty() ? "" : " (fix: " + ready.fix + ")"));
  std::vector<std::pair<std::string, std::string>> inputs;
  store->scan(kInputKind, [&](const StoredItem& item) {
    inputs.emplace_back(item.candidate_id, item.payload);
  });
  const auto plugin = factory->make();
  const Combiner combiner(screener.policy());
  std::size_t screened = 0, changed = 0;
  for (const auto& [id, payload] : inputs) {
    const auto record = store->candidate(id);
    if (!record || record->screened_at < since_at) continue;
    const auto stored = latest_verdict_json(*store, id);
    if (!stored) continue;
    const nlohmann::json old_verdict = nlohmann::json::parse(*stored, nullptr, false);
    const nlohmann::json input = nlohmann::json::parse(payload, nullptr, false);
    if (old_verdict.is_discarded() || input.is_discarded())
      throw StoreError("store item " + std::string(kInputKind) + " of " + id + " is not JSON");
    const Candidate candidate = parse_candidate(input, "store:" + id, "/");
    ++screened;

    RunContext context(candidate, store);
    PluginRun run{std::string(kPlugin), "ok", "", 0.0};
    std::vector<Signal> signals;
    try {
      PluginOutcome outcome = plugin->run(context);
      if (outcome.skipped) {
        run.status = "skipped";
        run.reason = *outcome.skipped;
      }
      signals = std::move(outcome.signals);
    } catch (const std::exception& e) {
      run.status = "error";
      run.reason = e.what();
    }
    std::vector<nlohmann::json> old_sanctions;
    for (const auto& j : old_verdict.value("signals", nlohmann::json::array())) {
      if (is_sanctions(j.value("id", "")))
        old_sanctions.push_back(j);
      else
        signals.push_back(stored_signal(j, screener.policy()));
    }
    Verdict verdict;
    verdict.candidate = id;
    for (const auto& p : old_verdict.value("plugins", nlohmann::json::array())) {
      PluginRun r{p.value("name", ""), p.value("status", ""), p.value("reason", ""),
                  p.value("ms", 0.0)};
      if (r.name == kPlugin) r = run;
      verdict.plugins.push_back(std::move(r));
    }
    combiner.combine(std::move(signals), verdict);
    std::vector<nlohmann::json> new_sanctions;
    for (const auto& s : verdict.signals)
      if (is_sanctions(s.signal.id))
        new_sanctions.push_back(
            {{"id", s.signal.id}, {"llr", s.signal.llr}, {"evidence", s.signal.evidence}});
    const std::string old_band = old_verdict.value("band", "");
    const std::string new_band(band_name(verdict.band));
    if (old_band == new_band && fingerprint(old_sanctions) == fingerprint(new_sanctions)) continue;
    ++changed;
    out << fmt::format("{}\t{} -> {}\tsanctions: {} (was: {})\n", id, old_band, new_band,
                       describe(new_sanctions), describe(old_sanctions));
  }
  std::cerr << fmt::format("rescreened {} candidates against {}: {} changed\n", screened,
                           ready.detail, changed);
  return kExitClear;
}

void add_rescreen_command(CLI::App& app, int& exit_code) {
  struct Options {
    app::ScreenerOptions screener;
    std::string since;
  };
  auto options = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "rescreen",
      "Screen everyone in the store again against the sanctions lists; print who changed");
  add_screening_options(*cmd, options->screener);
  cmd->add_option("--since", options->since,
                  "Only candidates screened on or after this date (YYYY-MM-DD)");
  cmd->callback([options, &exit_code] {
    exit_code = run_rescreen(options->screener, options->since, std::cout);
  });
}

}  // namespace candor::cli
