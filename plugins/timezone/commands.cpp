// `candor eval timezone`, `candor bench timezone` and `candor models timezone-profile`.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include "activity.hpp"
#include "candor/app/plugin_command.hpp"
#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "candor/text/text.hpp"
#include "model.hpp"
#include "plugin.hpp"

namespace candor::plugins::timezone {
namespace {

using app::CommandArg;
using app::CommandArgs;
using app::CommandContext;
using app::PluginCommand;
using Kind = app::CommandArg::Kind;

constexpr int kShifts[] = {3, 6, 9, 12};

int wrap_offset(int minutes) {
  while (minutes > 14 * 60) minutes -= 1440;
  while (minutes < kMinOffsetMinutes) minutes += 1440;
  return minutes;
}

struct Tally {
  std::size_t windows = 0, map_within_hour = 0, credible_covers = 0, false_alarms = 0;
  std::map<int, std::size_t> flagged;  // shift hours -> windows flagged (both directions)
  std::map<int, std::size_t> tried;
  std::vector<double> quiet_shares;
  std::vector<double> true_llr, shifted6_llr;  // claim-test statistics, for the threshold sweep
  void add(const Tally& o) {
    true_llr.insert(true_llr.end(), o.true_llr.begin(), o.true_llr.end());
    shifted6_llr.insert(shifted6_llr.end(), o.shifted6_llr.begin(), o.shifted6_llr.end());
    windows += o.windows;
    map_within_hour += o.map_within_hour;
    credible_covers += o.credible_covers;
    false_alarms += o.false_alarms;
    for (const auto& [k, v] : o.flagged) flagged[k] += v;
    for (const auto& [k, v] : o.tried) tried[k] += v;
    quiet_shares.insert(quiet_shares.end(), o.quiet_shares.begin(), o.quiet_shares.end());
  }
};

double pct(std::size_t a, std::size_t b) { return b ? 100.0 * static_cast<double>(a) / b : 0.0; }

void print_tally(std::ostream& out, const std::string& label, const Tally& t) {
  std::string shifts;
  for (int s : kShifts)
    shifts += fmt::format("  {}h {:5.1f}%", s, pct(t.flagged.at(s), t.tried.at(s)));
  out << fmt::format("{:<34} {:>5}  MAP±1h {:5.1f}%  90%set {:5.1f}%  false-alarm {:5.1f}% |{}\n",
                     label, t.windows, pct(t.map_within_hour, t.windows),
                     pct(t.credible_covers, t.windows), pct(t.false_alarms, t.windows), shifts);
}

// Windows of `window` consecutive events of one author; the truth of a window is its most
// common non-zero recorded offset, and the model sees UTC instants only.
Tally evaluate_author(const std::vector<Instant>& all, std::size_t window, const Profile& profile,
                      double threshold, std::ostream* verbose) {
  Tally t;
  for (int s : kShifts) t.flagged[s] = 0, t.tried[s] = 0;
  std::vector<Instant> events = all;
  std::sort(events.begin(), events.end(),
            [](const Instant& a, const Instant& b) { return a.utc < b.utc; });
  for (std::size_t begin = 0; begin + window <= events.size(); begin += window) {
    std::map<int, std::size_t> offsets;
    std::vector<Instant> stripped;
    for (std::size_t i = begin; i < begin + window; ++i) {
      if (events[i].offset_minutes && *events[i].offset_minutes != 0)
        ++offsets[*events[i].offset_minutes];
      stripped.push_back({events[i].utc, std::nullopt});
    }
    if (offsets.empty()) continue;
    const int truth = std::max_element(offsets.begin(), offsets.end(), [](auto& a, auto& b) {
                        return a.second < b.second;
                      })->first;
    const auto slots = active_slots(std::move(stripped));
    const auto hist = utc_histogram(slots);
    const auto scores = offset_log_likelihoods(hist, profile);
    const auto post = make_posterior(scores);
    ++t.windows;
    if (clock_distance(post.map_minutes, truth) <= 60) ++t.map_within_hour;
    if (std::any_of(post.credible.begin(), post.credible.end(),
                    [&](int o) { return clock_distance(o, truth) <= 30; }))
      ++t.credible_covers;
    const double at_truth = test_fixed_claim(slots, truth, profile, scores).llr_far;
    t.true_llr.push_back(at_truth);
    if (at_truth >= threshold) ++t.false_alarms;
    for (int s : kShifts)
      for (int sign : {1, -1}) {
        ++t.tried[s];
        const int claim = wrap_offset(truth + sign * s * 60);
        const double llr = test_fixed_claim(slots, claim, profile, scores).llr_far;
        if (s == 6) t.shifted6_llr.push_back(llr);
        if (llr >= threshold) ++t.flagged[s];
      }
    if (verbose)
      *verbose << fmt::format(
          "  window {} {}..{}: truth {} MAP {} slots {} llr_far(truth) {:.1f}\n", t.windows,
          format_rfc3339(events[begin].utc).substr(0, 10),
          format_rfc3339(events[begin + window - 1].utc).substr(0, 10), tz::format_offset(truth),
          tz::format_offset(post.map_minutes), slots.size(), at_truth);
    t.quiet_shares.push_back(quietest_six_hours_share(hist));
  }
  return t;
}

constexpr std::size_t kMinAuthorEvents = 200;

int run_eval(const CommandArgs& args, CommandContext& context) {
  std::ostream& out = context.out();
  const std::size_t window = args.count("--window");
  const double threshold = args.number("--threshold");
  const bool in_sample = args.flag("--in-sample");
  if (window < 10) throw InputError("--window", "", "windows need at least 10 events");
  std::vector<std::filesystem::path> files;
  for (const auto& f : args.values("files")) files.emplace_back(f);
  for (const auto& f : files)
    if (!std::filesystem::is_regular_file(f))
      throw InputError(f.string(), "", "cannot read git log");
  std::vector<std::string> wanted;
  for (const auto& a : args.values("--author")) wanted.push_back(text::ascii_lower(a));
  out << fmt::format(
      "timezone eval: {}-event windows, claim flagged at tempered LLR >= {}, {} profile\n", window,
      threshold, in_sample ? "shipped (in-sample)" : "leave-one-repository-out");
  Tally total;
  for (std::size_t i = 0; i < files.size(); ++i) {
    Profile profile = builtin_profile();
    if (!in_sample) {
      std::vector<std::filesystem::path> others;
      for (std::size_t j = 0; j < files.size(); ++j)
        if (j != i) others.push_back(files[j]);
      if (others.empty())
        throw InputError(files[i].string(), "",
                         "leave-one-out needs several files; pass --in-sample to use the "
                         "shipped profile");
      profile = make_profile(learn_table(authors_from_git_logs(others, kMinAuthorEvents)));
    }
    ParsedActivity warnings;
    std::map<std::string, std::vector<Instant>> by_author;
    for (auto& e : read_git_log(files[i], warnings)) by_author[e.author].push_back(e.instant);
    for (const auto& [author, events] : by_author) {
      const std::string lower = text::ascii_lower(author);
      if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), lower) == wanted.end())
        continue;
      if (wanted.empty() && (lower.find("[bot]") != std::string::npos ||
                             lower.find("github-action") != std::string::npos ||
                             events.size() < std::max(window, kMinAuthorEvents)))
        continue;
      const Tally t = evaluate_author(events, window, profile, threshold,
                                      args.flag("--verbose") ? &out : nullptr);
      if (t.windows == 0) continue;
      print_tally(out, files[i].filename().string() + ": " + author.substr(0, 24), t);
      total.add(t);
    }
  }
  print_tally(out, "ALL", total);
  if (!total.quiet_shares.empty()) {
    auto q = total.quiet_shares;
    std::sort(q.begin(), q.end());
    out << fmt::format(
        "quietest-6h share of honest windows: median {:.3f}, 95th {:.3f}, max {:.3f}\n",
        q[q.size() / 2], q[q.size() * 95 / 100], q.back());
    out << "threshold sweep (tempered LLR): false-alarm / flagged at 6 h\n";
    for (double th : {2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0}) {
      auto count = [&](const std::vector<double>& v) {
        return static_cast<std::size_t>(
            std::count_if(v.begin(), v.end(), [&](double x) { return x >= th; }));
      };
      out << fmt::format("  {:>4}: {:5.1f}% / {:5.1f}%\n", th,
                         pct(count(total.true_llr), total.true_llr.size()),
                         pct(count(total.shifted6_llr), total.shifted6_llr.size()));
    }
  }
  return 0;
}

PluginCommand eval_command() {
  return {"eval",
          "timezone",
          "Screen windows of real git logs (offsets stripped) against true and shifted zones",
          {{"files", "git logs written with --format='%an|%aI'", Kind::positional, true, true},
           {"--window", "events per window", Kind::option, false, false, "100"},
           {"--author", "only these authors (default: every non-bot author with enough events)",
            Kind::option, false, true},
           {"--in-sample",
            "score with the shipped profile (learned from all shared logs) instead of learning "
            "one from the other files (leave one repository out)",
            Kind::flag},
           {"--verbose", "print every window", Kind::flag},
           {"--threshold", "tempered LLR that flags a claim", Kind::option, false, false,
            fmt::format("{}", Options{}.llr_threshold)}},
          false,
          false,
          run_eval};
}

// Deterministic synthetic events drawn from the profile at a fixed offset.
std::vector<Instant> synthetic_events(std::size_t count, int offset_minutes, unsigned seed) {
  const auto& table = builtin_table();
  std::vector<double> weights;
  for (int bin = 0; bin < kWeekBins; ++bin)
    weights.push_back(bin / kQuartersPerDay >= 5 ? table.weekend[bin % kQuartersPerDay]
                                                 : table.weekday[bin % kQuartersPerDay]);
  std::mt19937_64 random(seed);
  std::discrete_distribution<int> pick(weights.begin(), weights.end());
  std::uniform_int_distribution<int> week(0, 150), second(0, 899);
  const std::int64_t monday = 1704067200;  // 2024-01-01, a Monday
  std::vector<Instant> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::int64_t local =
        monday + week(random) * 7 * 86400LL + pick(random) * 900LL + second(random);
    out.push_back({local - offset_minutes * 60, std::nullopt});
  }
  return out;
}

int run_bench(const CommandArgs& args, CommandContext& context) {
  const std::size_t events = args.count("--events");
  const std::size_t runs = args.count("--runs");
  if (runs == 0) throw InputError("--runs", "", "needs at least one run");
  const auto input = synthetic_events(events, 9 * 60, 42);
  const auto zone = tz::ZoneOffsets::find("America/Chicago");
  if (!zone) throw DataError("/usr/share/zoneinfo", "America/Chicago is not in the tz database");
  const Profile& profile = builtin_profile();
  std::vector<double> score_ms, full_ms;
  ClaimTest last;
  Posterior post;
  for (std::size_t r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto slots = active_slots(input);
    const auto scores = offset_log_likelihoods(utc_histogram(slots), profile);
    post = make_posterior(scores);
    last = test_claim(slots, *zone, profile, scores);
    const auto t1 = std::chrono::steady_clock::now();
    const auto segments = change_points(slots, profile);
    const auto t2 = std::chrono::steady_clock::now();
    score_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    full_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
    if (segments.empty()) throw Error("no segments");
  }
  std::sort(score_ms.begin(), score_ms.end());
  std::sort(full_ms.begin(), full_ms.end());
  context.out() << fmt::format(
      "timezone bench: {} events ({} runs, one thread)\n"
      "  score (slots, 105 offsets, posterior, DST-correct claim test): median {:.2f} ms, "
      "min {:.2f} ms\n"
      "  with change-point segmentation: median {:.2f} ms\n"
      "  result: MAP {} (true +09:00), claim America/Chicago tempered LLR {:.0f}\n",
      events, runs, score_ms[score_ms.size() / 2], score_ms.front(), full_ms[full_ms.size() / 2],
      tz::format_offset(post.map_minutes), last.llr_far);
  return 0;
}

PluginCommand bench_command() {
  return {"bench",
          "timezone",
          "Score N events against every offset (one core)",
          {{"--events", "events per run", Kind::option, false, false, "100000"},
           {"--runs", "runs", Kind::option, false, false, "30"}},
          false,
          false,
          run_bench};
}

int run_profile(const CommandArgs& args, CommandContext& context) {
  const std::size_t min_events = args.count("--min-events");
  const std::string& output = args.value("--output");
  std::vector<std::filesystem::path> paths;
  std::string names;
  for (const auto& f : args.values("files")) {
    paths.emplace_back(f);
    names += (names.empty() ? "" : " ") + std::filesystem::path(f).filename().string();
  }
  const auto authors = authors_from_git_logs(paths, min_events);
  const auto table = learn_table(authors);
  const std::string how = fmt::format(
      "candor models timezone-profile --min-events {} {}\n// ({} authors, {} active "
      "quarter-hours)",
      min_events, names, table.authors, table.slots);
  const std::string text = table_source(table, how);
  if (output.empty()) {
    context.out() << text;
  } else {
    std::ofstream out(output, std::ios::binary);
    if (!(out << text)) throw InputError(output, "", "cannot write");
    std::cerr << fmt::format("wrote {} ({} authors)\n", output, table.authors);
  }
  for (const auto& a : authors) std::cerr << "  learned from " << a.label << "\n";
  return 0;
}

PluginCommand profile_command() {
  return {"models",
          "timezone-profile",
          "Learn the local-time activity profile from git logs (%an|%aI)",
          {{"files", "git logs with recorded offsets", Kind::positional, true, true},
           {"--output", "write profile_data.inc here (default: stdout)"},
           {"--min-events", "offset-bearing events an author needs", Kind::option, false, false,
            "200"}},
          false,
          false,
          run_profile};
}

}  // namespace

std::vector<PluginCommand> commands() {
  return {eval_command(), bench_command(), profile_command()};
}

}  // namespace candor::plugins::timezone
