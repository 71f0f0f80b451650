// `candor bench timezone` and `candor models timezone-profile` (eval.cpp has the eval and the
// chronotypes' training).
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
#include "chronotype.hpp"
#include "eval.hpp"
#include "model.hpp"
#include "plugin.hpp"
#include "schedules.hpp"

namespace candor::plugins::timezone {
namespace {

using app::CommandArg;
using app::CommandArgs;
using app::CommandContext;
using app::PluginCommand;
using Kind = app::CommandArg::Kind;

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
  const Chronotypes& model = builtin_chronotypes();
  ChronoClaim last;
  Posterior post;
  for (std::size_t r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto slots = active_slots(input);
    const auto hist = utc_histogram(slots);
    const auto scores = offset_log_likelihoods(hist, profile);
    post = make_posterior(scores);
    const auto shapes = shape_log_likelihoods(hist, model);
    last = test_chrono_claim(slots, &*zone, 0, model, shapes);
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
      "  score (slots, 105 offsets x (profile + {} chronotypes), posterior, DST-correct claim "
      "test): median {:.2f} ms, "
      "min {:.2f} ms\n"
      "  with change-point segmentation: median {:.2f} ms\n"
      "  result: MAP {} (true +09:00), claim America/Chicago calibrated LLR {:.0f}\n",
      events, runs, model.tables.size(), score_ms[score_ms.size() / 2], score_ms.front(),
      full_ms[full_ms.size() / 2], tz::format_offset(post.map_minutes), last.llr);
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
  return {eval_command(), schedules_command(), bench_command(), profile_command(),
          chronotypes_command()};
}

}  // namespace candor::plugins::timezone
