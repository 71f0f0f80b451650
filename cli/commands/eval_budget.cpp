// `candor eval budget`: the policy against its false-alarm budget, and against the best any rule
// reading the same evidence could do. Verdicts are grouped by their evidence pattern (the
// signals that carried weight, each with its level and contribution). Patterns go to review in
// order of how much more often DPRK-like applicants show them than honest ones, until the honest
// budget is spent: what is then left clear is about the least any policy over these signals can
// leave clear, so a gap the policy cannot close by weights shows as a number, and so does one it
// could.
#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "candor/error.hpp"
#include "commands/commands.hpp"
#include "commands/jsonl.hpp"

namespace candor::cli {

namespace {

struct BudgetOptions {
  std::string honest, dprk;
  std::vector<std::string> held_out;  // honest and DPRK-like verdicts of a second sample
  double budget = 1.0;                // percent of honest applicants that may reach review
  std::size_t shown = 8;
};

struct Pattern {
  std::size_t people = 0, flagged = 0;  // flagged by the policy: review or worse
};

// One sample of verdicts: evidence pattern → counts.
struct Sample {
  std::string file;
  std::size_t people = 0, flagged = 0, errors = 0;
  std::map<std::string, Pattern> patterns;
};

// "id:level +1.0, id +3.0", signals by id; "-" when nothing carried weight.
std::string pattern_of(const nlohmann::json& verdict, const std::string& where) {
  const auto signals = verdict.find("signals");
  if (signals == verdict.end() || !signals->is_array())
    throw InputError(where, "/signals", "expected the verdict's signals (an array)");
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < signals->size(); ++i) {
    const auto& s = (*signals)[i];
    const auto field = [&](const char* key, bool number) -> const nlohmann::json* {
      const auto it = s.is_object() ? s.find(key) : s.end();
      if (!s.is_object() || (it != s.end() && (number ? !it->is_number() : !it->is_string())))
        throw InputError(where, fmt::format("/signals/{}/{}", i, key),
                         number ? "expected a number" : "expected a string");
      return it == s.end() ? nullptr : &*it;
    };
    const auto* contribution = field("contribution", true);
    if (!contribution || contribution->get<double>() <= 0) continue;
    const auto* id = field("id", false);
    if (!id) throw InputError(where, fmt::format("/signals/{}/id", i), "missing");
    const auto* level = field("level", false);
    const std::string level_text = level ? level->get<std::string>() : "";
    parts.push_back(fmt::format("{}{}{} +{:.1f}", id->get<std::string>(),
                                level_text.empty() ? "" : ":", level_text,
                                contribution->get<double>()));
  }
  std::sort(parts.begin(), parts.end());
  if (parts.empty()) return "-";
  std::string out = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i) out += ", " + parts[i];
  return out;
}

Sample read_sample(const std::string& path) {
  Sample sample;
  sample.file = path;
  read_jsonl(path, [&](const nlohmann::json& v, std::size_t n) {
    const std::string where = path + ":" + std::to_string(n);
    if (const auto schema = v.find("schema"); schema != v.end() && *schema == "candor.error/v1") {
      ++sample.errors;  // a record the batch could not screen: no verdict to count
      return;
    }
    const auto band = v.find("band");
    if (band == v.end() || !band->is_string())
      throw InputError(where, "/band", "expected a verdict (`candor batch … -o FILE`)");
    const bool flagged = band->get<std::string>() != "clear";
    auto& p = sample.patterns[pattern_of(v, where)];
    ++p.people, ++sample.people;
    p.flagged += flagged, sample.flagged += flagged;
  });
  if (sample.people == 0) throw InputError(path, "", "no verdicts");
  return sample;
}

double percent(std::size_t part, std::size_t whole) {
  return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

std::string share(std::size_t part, std::size_t whole) {
  return fmt::format("{} of {} ({:.2f} %)", part, whole, percent(part, whole));
}

// The patterns that go to review: by likelihood ratio (DPRK-like share over honest share, half a
// person added to each so unseen patterns rank finitely), while the honest budget lasts.
std::set<std::string> best_patterns(const Sample& honest, const Sample& dprk, double budget) {
  std::set<std::string> all;
  for (const auto& [p, c] : honest.patterns) all.insert(p);
  for (const auto& [p, c] : dprk.patterns) all.insert(p);
  auto count = [](const Sample& s, const std::string& p) {
    const auto it = s.patterns.find(p);
    return it == s.patterns.end() ? std::size_t{0} : it->second.people;
  };
  auto ratio = [&](const std::string& p) {
    return (static_cast<double>(count(dprk, p)) + 0.5) / static_cast<double>(dprk.people + 1) /
           ((static_cast<double>(count(honest, p)) + 0.5) / static_cast<double>(honest.people + 1));
  };
  std::vector<std::string> ranked(all.begin(), all.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](const auto& a, const auto& b) { return ratio(a) > ratio(b); });
  std::set<std::string> chosen;
  std::size_t spent = 0;
  for (const auto& p : ranked) {
    const std::size_t cost = count(honest, p);
    if (percent(spent + cost, honest.people) > budget) continue;
    spent += cost;
    chosen.insert(p);
  }
  return chosen;
}

// Honest applicants the patterns send to review, DPRK-like ones they leave clear.
std::pair<std::size_t, std::size_t> apply(const std::set<std::string>& chosen, const Sample& honest,
                                          const Sample& dprk) {
  std::size_t flagged = 0, clear = 0;
  for (const auto& [p, c] : honest.patterns) flagged += chosen.count(p) ? c.people : 0;
  for (const auto& [p, c] : dprk.patterns) clear += chosen.count(p) ? 0 : c.people;
  return {flagged, clear};
}

void report_pair(std::ostream& out, const std::string& label, const Sample& honest,
                 const Sample& dprk, const std::set<std::string>& chosen) {
  out << fmt::format("{}: {} and {}\n", label, honest.file, dprk.file);
  out << fmt::format("  policy as run:  honest at review or worse {}; DPRK-like left clear {}\n",
                     share(honest.flagged, honest.people),
                     share(dprk.people - dprk.flagged, dprk.people));
  const auto [flagged, clear] = apply(chosen, honest, dprk);
  out << fmt::format("  best patterns:  honest at review or worse {}; DPRK-like left clear {}\n",
                     share(flagged, honest.people), share(clear, dprk.people));
  if (honest.errors + dprk.errors)
    out << fmt::format("  ({} error records skipped)\n", honest.errors + dprk.errors);
}

int budget(const BudgetOptions& o) {
  if (o.budget < 0 || o.budget > 100)
    throw InputError("--honest-budget", "", "expected a percentage from 0 to 100");
  if (!o.held_out.empty() && o.held_out.size() != 2)
    throw InputError("--held-out", "", "expected two files: honest verdicts, DPRK-like verdicts");
  const Sample honest = read_sample(o.honest), dprk = read_sample(o.dprk);
  const auto chosen = best_patterns(honest, dprk, o.budget);
  std::ostream& out = std::cout;
  out << fmt::format(
      "budget: at most {:g} % of honest applicants at review; patterns chosen on the first "
      "sample\n",
      o.budget);
  report_pair(out, "chosen on", honest, dprk, chosen);
  if (!o.held_out.empty())
    report_pair(out, "held out", read_sample(o.held_out[0]), read_sample(o.held_out[1]), chosen);
  // What the policy leaves clear that the best rule would send to review, most DPRK-like first.
  std::vector<std::pair<std::size_t, std::string>> gap;
  for (const auto& [p, c] : dprk.patterns)
    if (chosen.count(p) && c.flagged < c.people) gap.push_back({c.people - c.flagged, p});
  std::sort(gap.rbegin(), gap.rend());
  if (!gap.empty()) out << "left clear by the policy, at review under the best patterns:\n";
  for (std::size_t i = 0; i < gap.size() && i < o.shown; ++i) {
    const auto h = honest.patterns.find(gap[i].second);
    const std::size_t honest_count = h == honest.patterns.end() ? 0 : h->second.people;
    out << fmt::format("  {:>6} DPRK-like / {:>5} honest  {}\n", gap[i].first, honest_count,
                       gap[i].second);
  }
  return kExitClear;
}

}  // namespace

void add_eval_budget_command(CLI::App& eval, int& exit_code) {
  auto options = std::make_shared<BudgetOptions>();
  auto* cmd = eval.add_subcommand(
      "budget",
      "The policy against the false-alarm budget, and the best any rule on the same evidence does");
  cmd->add_option("honest", options->honest, "Verdicts of honest applicants (`candor batch`)")
      ->required();
  cmd->add_option("dprk", options->dprk, "Verdicts of DPRK-like applicants")->required();
  cmd->add_option("--held-out", options->held_out,
                  "Honest and DPRK-like verdicts of a second sample, scored with the patterns "
                  "chosen on the first")
      ->expected(2);
  cmd->add_option("--honest-budget", options->budget,
                  "Percent of honest applicants that may reach review (default 1)");
  cmd->add_option("--shown", options->shown, "Patterns listed (default 8)");
  cmd->callback([options, &exit_code] { exit_code = budget(*options); });
}

}  // namespace candor::cli
