// `candor eval timezone` and `candor models timezone-chronotypes`.
#include "eval.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "activity.hpp"
#include "candor/error.hpp"
#include "candor/text/text.hpp"
#include "plugin.hpp"

namespace candor::plugins::timezone {
namespace {

using app::CommandArgs;
using app::CommandContext;
using app::PluginCommand;
using Kind = app::CommandArg::Kind;

constexpr std::size_t kMinAuthorEvents = 200;
// Claims tried per window, hours from the truth (both directions); 7-12 also calibrate.
constexpr int kShifts[] = {3, 5, 6, 7, 8, 9, 10, 11, 12};
constexpr int kShown[] = {3, 6, 9, 12};
constexpr int kFarHours = 8;  // "a claim 8 h or more away"
// False claims per window that calibrate: kChronoFarHours..12 h both ways, 12 h once.
constexpr double kFalseClaims = 2 * (12 - kChronoFarHours) + 1;

bool is_bot_name(const std::string& lower) {
  return lower.find("[bot]") != std::string::npos ||
         lower.find("github-action") != std::string::npos ||
         lower.find("dependabot") != std::string::npos || lower.find("bot@") != std::string::npos;
}

// Region of a claimed offset: the claim's part of the world, to see that false alarms are level.
const char* region(int minutes) {
  if (minutes >= -600 && minutes <= -150) return "Americas";
  if (minutes > -150 && minutes <= 240) return "Europe/Africa";
  return "Asia/Oceania";
}
constexpr const char* kRegions[] = {"Americas", "Europe/Africa", "Asia/Oceania"};

struct ClaimResult {
  int shift = 0;  // hours, 0 = the truth
  int claimed = 0;
  double stat = 0;
  bool flagged = false;
};

struct Record {
  std::string file, author;
  bool team = false;
  int truth = 0;
  bool map_ok = false, set_ok = false;
  std::vector<ClaimResult> claims;  // claims[0] is the truth
};

// The model under evaluation: the chronotypes (default) or the single population profile.
struct Scorer {
  bool chrono = true;
  Chronotypes model;
  Profile profile;
  double threshold = 0;

  void score(const EvalWindow& w, Record& r) const {
    const auto hist = utc_histogram(w.slots);
    ShapeScores shapes;
    OffsetScores plain{};
    Posterior post;
    if (chrono) {
      shapes = shape_log_likelihoods(hist, model);
      OffsetScores best;
      best.fill(-INFINITY);
      for (const auto& s : shapes.shapes)
        for (int i = 0; i < kOffsets; ++i) best[i] = std::max(best[i], s[i] / kTemperature);
      post = make_posterior(best);
    } else {
      plain = offset_log_likelihoods(hist, profile);
      post = make_posterior(plain);
    }
    r.truth = w.truth;
    r.map_ok = clock_distance(post.map_minutes, w.truth) <= 60;
    r.set_ok = std::any_of(post.credible.begin(), post.credible.end(),
                           [&](int o) { return clock_distance(o, w.truth) <= 30; });
    auto claim = [&](int shift, int offset) {
      ClaimResult c{shift, offset, 0, false};
      c.stat = chrono ? test_chrono_claim(w.slots, nullptr, offset, model, shapes).llr
                      : test_fixed_claim(w.slots, offset, profile, plain).llr_far;
      c.flagged = c.stat >= threshold;
      r.claims.push_back(c);
    };
    claim(0, w.truth);
    for (int s : kShifts)
      for (int sign : {1, -1}) {
        if (s == 12 && sign < 0) continue;  // +12 h and -12 h are one claim
        claim(s, wrap_offset(w.truth + sign * s * 60));
      }
  }
};

double pct(std::size_t a, std::size_t b) { return b ? 100.0 * static_cast<double>(a) / b : 0.0; }

struct Rate {
  std::size_t hit = 0, of = 0;
  void add(bool h) { hit += h, ++of; }
  std::string str() const { return of ? fmt::format("{:5.1f}%", pct(hit, of)) : "    -"; }
};

struct Group {
  std::size_t windows = 0;
  Rate map, set, fa, far;
  std::map<int, Rate> shifted;
  void add(const Record& r) {
    ++windows;
    map.add(r.map_ok);
    set.add(r.set_ok);
    fa.add(r.claims[0].flagged);
    for (const auto& c : r.claims) {
      if (c.shift == 0) continue;
      shifted[c.shift].add(c.flagged);
      if (c.shift >= kFarHours) far.add(c.flagged);
    }
  }
  std::string line(const std::string& label) const {
    std::string shifts;
    for (int s : kShown)
      shifts += fmt::format("  {}h {}", s, shifted.count(s) ? shifted.at(s).str() : "    -");
    return fmt::format(
        "{:<36} windows {:>4}  false-alarm {}  flagged>=8h {} | MAP±1h {}  90%set {} |{}\n", label,
        windows, fa.str(), far.str(), map.str(), set.str(), shifts);
  }
};

void print_calibration(std::ostream& out, const std::vector<Record>& records,
                       const Calibration* shipped) {
  // Reliability of the calibrated LLR on the held-out windows: by bins of the calibrated value,
  // the empirical log ratio of false claims (7-12 h away) to true claims falling there.
  const double edges[] = {-1e9, -4, -2, -1, 0, 0.5, 1, 1.5, 2, 3, 4, 6, 1e9};
  constexpr int kBins = sizeof(edges) / sizeof(edges[0]) - 1;
  double t[kBins] = {}, f[kBins] = {}, sum[kBins] = {};
  double nt = 0, nf = 0;
  for (const auto& r : records)
    for (const auto& c : r.claims) {
      if (c.shift != 0 && c.shift < kChronoFarHours) continue;
      int b = 0;
      while (b + 1 < kBins && c.stat >= edges[b + 1]) ++b;
      // Each window's false claims together weigh as much as its true claim.
      const double w = c.shift == 0 ? 1.0 : 1.0 / kFalseClaims;
      (c.shift == 0 ? t[b] : f[b]) += w;
      (c.shift == 0 ? nt : nf) += w;
      sum[b] += w * c.stat;
    }
  out << "calibration curve (held-out windows; false claims 7-12 h away vs true claims):\n"
         "  calibrated LLR bin      true  false   mean LLR  empirical LLR\n";
  for (int b = 0; b < kBins; ++b) {
    if (t[b] + f[b] == 0) continue;
    const double empirical = std::log(((f[b] + 0.5) / (nf + 1)) / ((t[b] + 0.5) / (nt + 1)));
    out << fmt::format("  [{:>5}, {:>5})    {:>7.0f} {:>6.0f}   {:>8.2f}  {:>13.2f}\n",
                       edges[b] < -1e8 ? std::string("-inf") : fmt::format("{}", edges[b]),
                       edges[b + 1] > 1e8 ? std::string("inf") : fmt::format("{}", edges[b + 1]),
                       t[b], f[b] * kFalseClaims, sum[b] / (t[b] + f[b]), empirical);
  }
  if (shipped) out << "  shipped calibration: " << calibration_formula(*shipped) << "\n";
}

void print_report(std::ostream& out, const std::vector<Record>& records, bool chrono) {
  std::map<std::string, Group> authors;
  std::map<std::string, bool> team_of;
  Group all, individuals, teams;
  std::map<std::string, Rate> region_fa, region_far;
  for (const auto& r : records) {
    const std::string who = r.file + ": " + r.author;
    authors[who].add(r);
    team_of[who] = r.team;
    all.add(r);
    (r.team ? teams : individuals).add(r);
    region_fa[region(r.truth)].add(r.claims[0].flagged);
    for (const auto& c : r.claims)
      if (c.shift >= kFarHours) region_far[region(c.claimed)].add(c.flagged);
  }
  out << "per author (true-claim false alarms; claims >= 8 h away flagged):\n";
  for (const auto& [who, g] : authors)
    out << g.line(fmt::format("  {}{}", team_of[who] ? "[team] " : "", who.substr(0, 40)));
  out << all.line("ALL") << individuals.line("individuals") << teams.line("teams");
  out << "by region of the claimed zone:\n";
  for (const char* name : kRegions)
    out << fmt::format("  region {:<14} false-alarm {} ({} windows)  flagged>=8h {} ({} claims)\n",
                       name, region_fa[name].str(), region_fa[name].of, region_far[name].str(),
                       region_far[name].of);
  std::string worst;
  double worst_rate = -1;
  for (const auto& [who, g] : authors)
    if (g.windows >= 5 && pct(g.fa.hit, g.fa.of) > worst_rate)
      worst_rate = pct(g.fa.hit, g.fa.of), worst = who;
  if (!worst.empty())
    out << fmt::format("worst author (>= 5 windows): {} false-alarm {:.1f}% of {} windows\n", worst,
                       worst_rate, authors[worst].windows);
  out << fmt::format("sweep ({}): false-alarm / flagged>=8h / flagged 6h\n",
                     chrono ? "calibrated LLR" : "tempered LLR");
  const std::vector<double> sweep = chrono ? std::vector<double>{0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3}
                                           : std::vector<double>{2, 4, 6, 7, 8, 10, 12, 15};
  for (double th : sweep) {
    Rate fa, far, six;
    for (const auto& r : records)
      for (const auto& c : r.claims) {
        if (c.shift == 0) fa.add(c.stat >= th);
        if (c.shift >= kFarHours) far.add(c.stat >= th);
        if (c.shift == 6) six.add(c.stat >= th);
      }
    out << fmt::format("  {:>4}: {} / {} / {}\n", th, fa.str(), far.str(), six.str());
  }
}

std::vector<std::string> lower_all(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) out.push_back(text::ascii_lower(s));
  return out;
}

int run_eval(const CommandArgs& args, CommandContext& context) {
  std::ostream& out = context.out();
  const std::size_t window = args.count("--window");
  if (window < 10) throw InputError("--window", "", "windows need at least 10 events");
  const std::string& model_name = args.value("--model");
  if (model_name != "chronotypes" && model_name != "profile")
    throw InputError("--model", "", "expected chronotypes or profile");
  const bool chrono = model_name == "chronotypes";
  TrainOptions train = train_options(args);
  train.with_one_profile = args.flag("--with-one-profile");
  const bool in_sample = args.flag("--in-sample");
  const Options defaults;
  const double threshold = args.given("--threshold")
                               ? args.number("--threshold")
                               : (chrono ? defaults.min_llr : defaults.llr_threshold);
  const auto wanted = lower_all(args.values("--author"));
  const auto team_names = lower_all(args.values("--team"));
  std::vector<LogData> logs;
  for (const auto& f : args.values("files")) {
    if (!std::filesystem::is_regular_file(f)) throw InputError(f, "", "cannot read git log");
    logs.push_back(read_log(f, window, wanted));
  }
  if (!in_sample && logs.size() < (chrono ? 3u : 2u))
    throw InputError(logs.front().name, "",
                     "leave-one-out needs several files; pass --in-sample to use the shipped "
                     "model");
  out << fmt::format(
      "timezone eval: {}-event windows, {} model, {}, flagged at {} >= {}\n", window,
      chrono ? fmt::format("{} chronotypes", in_sample ? "shipped" : std::to_string(train.shapes))
             : "one-profile",
      in_sample ? "shipped (in-sample)" : "leave-one-repository-out",
      chrono ? "calibrated LLR" : "tempered LLR", threshold);
  std::vector<Record> records;
  for (std::size_t i = 0; i < logs.size(); ++i) {
    Scorer scorer;
    scorer.chrono = chrono;
    scorer.threshold = threshold;
    if (chrono) {
      scorer.model =
          in_sample ? builtin_chronotypes() : train_chronotypes(logs, static_cast<int>(i), train);
    } else {
      scorer.profile = builtin_profile();
      if (!in_sample) {
        std::vector<AuthorEvents> others;
        for (std::size_t j = 0; j < logs.size(); ++j)
          if (j != i)
            for (const auto& a : logs[j].authors)
              if (a.events.size() >= kMinAuthorEvents) others.push_back(a);
        scorer.profile = make_profile(learn_table(others));
      }
    }
    const bool team = std::find(team_names.begin(), team_names.end(),
                                text::ascii_lower(logs[i].name)) != team_names.end();
    if (chrono && args.flag("--verbose"))
      for (std::size_t k = 0; k < scorer.model.tables.size(); ++k)
        out << fmt::format("  fold {}: shape {} {} prior {:.2f}\n", logs[i].name, k,
                           shape_hours(scorer.model.tables[k]),
                           std::exp(scorer.model.log_prior[k]));
    for (const auto& w : logs[i].windows) {
      Record r;
      r.file = logs[i].name;
      r.author = w.author;
      r.team = team;
      scorer.score(w, r);
      if (args.flag("--verbose"))
        out << fmt::format("  {}: {} truth {} stat(truth) {:.2f}\n", r.file, r.author,
                           tz::format_offset(r.truth), r.claims[0].stat);
      records.push_back(std::move(r));
    }
  }
  print_report(out, records, chrono);
  if (chrono)
    print_calibration(out, records, in_sample ? &builtin_chronotypes().calibration : nullptr);
  return 0;
}

int run_chronotypes(const CommandArgs& args, CommandContext& context) {
  const TrainOptions train = train_options(args);
  std::vector<std::filesystem::path> files;
  const std::string& dir = args.value("--activity-dir");
  if (!dir.empty()) {
    if (!std::filesystem::is_directory(dir))
      throw InputError(dir, "--activity-dir", "not a folder");
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() == ".log")
        files.push_back(entry.path());
  }
  for (const auto& f : args.values("files")) files.emplace_back(f);
  if (files.size() < 2) throw InputError("files", "", "need at least two git logs");
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.filename() < b.filename(); });
  std::vector<LogData> logs;
  std::string names;
  for (const auto& f : files) {
    if (!std::filesystem::is_regular_file(f))
      throw InputError(f.string(), "", "cannot read git log");
    logs.push_back(read_log(f, kTrainWindow));
    names += " " + f.filename().string();
  }
  const Chronotypes model = train_chronotypes(logs, -1, train);
  const std::string shift = train.claim_shift_quarters
                                ? fmt::format(" --claim-shift {}", train.claim_shift_quarters * 15)
                                : "";
  const std::string how = fmt::format(
      "candor models timezone-chronotypes --shapes {}{}{}\n// ({} authors, {} windows of {} "
      "events; calibrated on windows of {} events)",
      train.shapes, shift, names, model.authors, model.windows, kTrainWindow,
      fmt::join(kCalibrationWindows, ", "));
  const std::string text = chronotype_source(model, how);
  const std::string& output = args.value("--output");
  if (output.empty()) {
    context.out() << text;
  } else {
    std::ofstream file(output, std::ios::binary);
    if (!(file << text)) throw InputError(output, "", "cannot write");
  }
  for (std::size_t k = 0; k < model.tables.size(); ++k)
    std::cerr << fmt::format("  shape {}: {} local, prior {:.2f}\n", k,
                             shape_hours(model.tables[k]), std::exp(model.log_prior[k]));
  std::cerr << "  calibration: " << calibration_formula(model.calibration) << "\n";
  return 0;
}

// Consecutive windows of `size` events of one author's events (sorted by time), offsets
// stripped; the truth is each window's most common non-zero recorded offset.
void append_windows(const std::string& author, const std::vector<Instant>& events, std::size_t size,
                    std::vector<EvalWindow>& out) {
  for (std::size_t begin = 0; begin + size <= events.size(); begin += size) {
    std::map<int, std::size_t> offsets;
    std::vector<Instant> stripped;
    for (std::size_t i = begin; i < begin + size; ++i) {
      if (events[i].offset_minutes && *events[i].offset_minutes != 0)
        ++offsets[*events[i].offset_minutes];
      stripped.push_back({events[i].utc, std::nullopt});
    }
    if (offsets.empty()) continue;
    EvalWindow w;
    w.author = author;
    w.truth = std::max_element(offsets.begin(), offsets.end(), [](auto& a, auto& b) {
                return a.second < b.second;
              })->first;
    w.slots = active_slots(stripped);
    out.push_back(std::move(w));
  }
}

}  // namespace

LogData read_log(const std::filesystem::path& file, std::size_t window,
                 const std::vector<std::string>& wanted) {
  LogData data;
  data.name = file.filename().string();
  data.calibration.resize(std::size(kCalibrationWindows));
  ParsedActivity warnings;
  std::map<std::string, std::vector<Instant>> by_author;
  for (auto& e : read_git_log(file, warnings)) by_author[e.author].push_back(e.instant);
  for (auto& [author, events] : by_author) {
    const std::string lower = text::ascii_lower(author);
    if (is_bot_name(lower)) continue;
    const auto with_offset = std::count_if(events.begin(), events.end(), [](const Instant& e) {
      return e.offset_minutes && *e.offset_minutes != 0;
    });
    if (static_cast<std::size_t>(with_offset) >= kTrainMinEvents)
      data.authors.push_back({data.name + ": " + author, events});
    const bool chosen = wanted.empty()
                            ? events.size() >= std::max(window, kMinAuthorEvents)
                            : std::find(wanted.begin(), wanted.end(), lower) != wanted.end();
    std::sort(events.begin(), events.end(),
              [](const Instant& a, const Instant& b) { return a.utc < b.utc; });
    if (chosen) append_windows(author, events, window, data.windows);
    for (std::size_t k = 0; k < std::size(kCalibrationWindows); ++k)
      if (events.size() >= std::max(kCalibrationWindows[k], kMinAuthorEvents))
        append_windows(author, events, kCalibrationWindows[k], data.calibration[k]);
  }
  data.local = local_windows(data.authors, kTrainWindow);
  return data;
}

void claim_statistics(const std::vector<EvalWindow>& windows, const Chronotypes& model,
                      std::vector<ClaimFeatures>& truths, std::vector<ClaimFeatures>& fars) {
  for (const auto& w : windows) {
    const auto shapes = shape_log_likelihoods(utc_histogram(w.slots), model);
    const auto t = test_chrono_claim(w.slots, nullptr, w.truth, model, shapes);
    const auto slots = static_cast<double>(w.slots.size());
    truths.push_back({t.statistic, t.plain, slots});
    for (int s = kChronoFarHours; s <= 12; ++s)
      for (int sign : {1, -1}) {
        if (s == 12 && sign < 0) continue;
        const int claim = wrap_offset(w.truth + sign * s * 60);
        const auto f = test_chrono_claim(w.slots, nullptr, claim, model, shapes);
        fars.push_back({f.statistic, f.plain, slots});
      }
  }
}

Chronotypes train_chronotypes(const std::vector<LogData>& logs, int skip,
                              const TrainOptions& options) {
  auto learn = [&](int also_skip) {
    std::vector<LocalWindow> windows;
    for (std::size_t j = 0; j < logs.size(); ++j)
      if (static_cast<int>(j) != skip && static_cast<int>(j) != also_skip)
        windows.insert(windows.end(), logs[j].local.begin(), logs[j].local.end());
    Chronotypes m = learn_chronotypes(windows, options.shapes);
    m.claim_shift_quarters = options.claim_shift_quarters;
    return m;
  };
  Chronotypes model = learn(-1);
  // Per window length, the claims of every held-out log; each length then weighs alike.
  std::vector<std::vector<ClaimFeatures>> truths(std::size(kCalibrationWindows)),
      fars(std::size(kCalibrationWindows));
  for (std::size_t j = 0; j < logs.size(); ++j) {
    if (static_cast<int>(j) == skip) continue;
    const Chronotypes held_out = learn(static_cast<int>(j));
    for (std::size_t k = 0; k < std::size(kCalibrationWindows); ++k)
      claim_statistics(logs[j].calibration[k], held_out, truths[k], fars[k]);
  }
  std::vector<ClaimFeatures> all_truths, all_fars;
  for (auto [by_length, all] : {std::pair{&truths, &all_truths}, std::pair{&fars, &all_fars}})
    for (auto& claims : *by_length)
      for (auto& f : claims) {
        f.weight = 1.0 / static_cast<double>(claims.size());
        if (!options.with_one_profile) f.plain = 0;
        all->push_back(f);
      }
  model.calibration = fit_calibration(all_truths, all_fars);
  return model;
}

TrainOptions train_options(const CommandArgs& args) {
  TrainOptions options;
  const std::size_t shapes = args.count("--shapes");
  if (shapes < 1 || shapes > 12) throw InputError("--shapes", "", "expected 1 to 12 shapes");
  options.shapes = static_cast<int>(shapes);
  const std::size_t minutes = args.count("--claim-shift");
  if (minutes % 15 != 0 || minutes > 180)
    throw InputError("--claim-shift", "", "expected a multiple of 15 minutes up to 180");
  options.claim_shift_quarters = static_cast<int>(minutes / 15);
  return options;
}

PluginCommand eval_command() {
  return {"eval",
          "timezone",
          "Screen windows of real git logs (offsets stripped) against true and shifted zones",
          {{"files", "git logs written with --format='%an|%aI'", Kind::positional, true, true},
           {"--window", "events per window", Kind::option, false, false, "100"},
           {"--author", "only these authors (default: every non-bot author with enough events)",
            Kind::option, false, true},
           {"--team", "file names of company teams, reported apart from individuals", Kind::option,
            false, true},
           {"--model", "chronotypes (shipped) or profile (one population profile)", Kind::option,
            false, false, "chronotypes"},
           {"--shapes", "chronotypes learnt per fold", Kind::option, false, false,
            std::to_string(kDefaultShapes)},
           {"--in-sample",
            "score with the shipped model (learnt from all shared logs) instead of learning one "
            "from the other files (leave one repository out)",
            Kind::flag},
           {"--with-one-profile",
            "calibrate on the one-profile statistic too (more power, less fair: it flags the "
            "unusual schedules the chronotypes excuse)",
            Kind::flag},
           {"--claim-shift", kClaimShiftHelp, Kind::option, false, false, "0"},
           {"--verbose", "print every window", Kind::flag},
           {"--threshold",
            "flag at this calibrated LLR (chronotypes) or tempered LLR (profile); default: the "
            "plugin's"}},
          false,
          false,
          run_eval};
}

PluginCommand chronotypes_command() {
  return {"models",
          "timezone-chronotypes",
          "Learn the chronotypes and their calibration from git logs (%an|%aI)",
          {{"files", "git logs with recorded offsets", Kind::positional, false, true},
           {"--activity-dir", "also every *.log in this folder"},
           {"--output", "write chronotype_data.inc here (default: stdout)"},
           {"--shapes", "chronotypes to learn", Kind::option, false, false,
            std::to_string(kDefaultShapes)},
           {"--claim-shift", kClaimShiftHelp, Kind::option, false, false, "0"}},
          false,
          false,
          run_chronotypes};
}

}  // namespace candor::plugins::timezone
