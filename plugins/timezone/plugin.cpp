#include "plugin.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "activity.hpp"
#include "candor/error.hpp"
#include "chronotype.hpp"
#include "ip_location.hpp"
#include "model.hpp"
#include "travel.hpp"

namespace candor::plugins::timezone {

// Share of the activity in the claimed zone's 00:00-06:00 from which the evidence says that a
// night shift at the claimed zone would look the same.
constexpr double kNightWorkShare = 0.3;
// Share in the claimed zone's 05:00-10:00 from which it says the same of an early-morning worker
// (synthetic morning-only workers are flagged in about 40 % of windows: README.md, Schedules).
constexpr double kMorningWorkShare = 0.5;
// A timezone finding this clear (calibrated LLR, twice the cap) may vouch for the addresses: an
// unusual honest schedule near the cap fits a wide band of zones, a VPN exit's among them.
constexpr double kClearFindingLlr = 6.0;

const std::vector<SignalSpec>& signal_table() {
  // offset_mismatch's LLR grows with the evidence from its default (at the threshold) up to
  // `max_llr`; the signal carries it as a scale of the default.
  static const std::vector<SignalSpec> kSignals = {
      {"timezone.offset_mismatch",
       "timezone",
       {{"", 1.5}},
       false,
       "The activity fits a UTC offset at least 7 hours from the claimed zone better than the "
       "claim, even allowing for an unusual schedule"},
      {"timezone.recorded_offset_mismatch",
       "timezone",
       {{"majority", 2.0}, {"nearly_all", 2.5}},
       false,
       "Timestamps written with their own UTC offset contradict the claimed zone by 2 hours or "
       "more"},
      {"timezone.hours_at_ip_location",
       "location",
       {{"", 1.0}},
       false,
       "The activity keeps hours at the zone of most session addresses, which geoip had taken "
       "for VPN exits because the browser clock stays on the claimed zone"},
      {"timezone.round_the_clock",
       "timezone",
       {{"", 1.5}},
       false,
       "The activity has no daily sleep gap, as when several people work one account in shifts"},
      {"timezone.malformed_activity",
       "timezone",
       {{"", 0.0}},
       false,
       "Activity lines could not be read; informational, it carries no weight"},
  };
  return kSignals;
}

namespace {

const SignalSpec& spec(std::string_view id) { return find_spec(signal_table(), id); }

nlohmann::json offsets_json(const std::vector<int>& offsets) {
  auto out = nlohmann::json::array();
  for (int o : offsets) out.push_back(tz::format_offset(o));
  return out;
}

// "+07:00..+09:30" runs of the credible set.
nlohmann::json ranges_json(const std::vector<int>& offsets) {
  auto out = nlohmann::json::array();
  for (std::size_t i = 0; i < offsets.size();) {
    std::size_t j = i;
    while (j + 1 < offsets.size() && offsets[j + 1] == offsets[j] + kOffsetStepMinutes) ++j;
    out.push_back(i == j ? tz::format_offset(offsets[i])
                         : tz::format_offset(offsets[i]) + ".." + tz::format_offset(offsets[j]));
    i = j + 1;
  }
  return out;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

class TimezonePlugin : public Plugin {
 public:
  explicit TimezonePlugin(const Options& options) : options_(options) {}

  PluginOutcome run(RunContext& context) override {
    const Candidate& candidate = context.candidate();
    ParsedActivity activity = candidate_activity(candidate);
    if (activity.events.empty()) {
      if (activity.malformed > 0)
        return PluginOutcome::skip(fmt::format("no readable activity ({} malformed lines; {})",
                                               activity.malformed, activity.warnings.front()));
      return PluginOutcome::skip("no activity or session times");
    }
    std::optional<tz::ZoneOffsets> zone;
    const std::string& claimed = candidate.claimed_location.timezone;
    if (!claimed.empty()) {
      zone = tz::ZoneOffsets::find(claimed);
      if (!zone)
        throw InputError(candidate.source_file, "/claimed_location/timezone",
                         "unknown IANA time zone \"" + claimed + "\"");
    }

    nlohmann::json left_out;
    if (zone) left_out = leave_out_travel(candidate, context, *zone, activity);
    const auto slots = active_slots(activity.events);
    nlohmann::json common = {{"events", activity.events.size()}, {"active_slots", slots.size()}};
    if (!left_out.is_null()) common["left_out_for_travel"] = left_out;
    if (activity.malformed > 0) {
      common["malformed_lines"] = activity.malformed;
      common["warnings"] = activity.warnings;
    }
    if (activity.other_authors > 0) common["other_authors_skipped"] = activity.other_authors;

    PluginOutcome outcome;
    if (zone) recorded_offsets(activity, *zone, common, outcome);
    const auto histogram = utc_histogram(slots);
    const Profile& profile = builtin_profile();
    if (slots.size() >= options_.min_events) {
      const auto scores = offset_log_likelihoods(histogram, profile);
      if (zone) {
        const auto fitted = offset_mismatch(slots, *zone, profile, scores, common, outcome);
        const auto* addresses = context.fact(facts::kGeoipSessions);
        if (addresses && fitted && fitted->calibrated_llr >= kClearFindingLlr)
          hours_at_ip_location(candidate, *addresses, *zone, fitted->credible, common, outcome);
      }
    }
    if (slots.size() >= options_.round_the_clock_min_events)
      round_the_clock(histogram, common, outcome);

    if (outcome.signals.empty() && slots.size() < options_.min_events)
      return PluginOutcome::skip(
          fmt::format("only {} active quarter-hours of activity; the offset test needs {}",
                      slots.size(), options_.min_events));
    if (outcome.signals.empty() && activity.malformed > 0) {
      outcome.signals.push_back(
          spec("timezone.malformed_activity")
              .make(fmt::format("{} activity lines could not be read "
                                "(first: {})",
                                activity.malformed, activity.warnings.front()),
                    common));
    }
    if (!zone && outcome.signals.empty())
      return PluginOutcome::skip("no claimed timezone to test the activity against");
    return outcome;
  }

 private:
  // Drops the activity that trips the sessions show explain (travel.hpp); returns what was left
  // out, for the evidence, or null when nothing was.
  static nlohmann::json leave_out_travel(const Candidate& candidate, RunContext& context,
                                         const tz::ZoneOffsets& zone, ParsedActivity& activity) {
    const auto spans = travel_spans(candidate, context.fact(facts::kGeoipSessions), zone);
    if (spans.empty()) return nullptr;
    const std::size_t before = activity.events.size();
    activity.events = outside_spans(activity.events, spans);
    nlohmann::json trips = nlohmann::json::array();
    for (const auto& span : spans)
      trips.push_back({{"from", format_rfc3339(span.from)},
                       {"to", format_rfc3339(span.to)},
                       {"zone", span.zone}});
    return {{"events", before - activity.events.size()}, {"trips", trips}};
  }

  void recorded_offsets(const ParsedActivity& activity, const tz::ZoneOffsets& zone,
                        const nlohmann::json& common, PluginOutcome& outcome) const {
    // +00:00 is left out: web UIs and servers write it whatever the person's zone.
    std::size_t with_offset = 0, contradicting = 0;
    std::map<int, std::size_t> seen;
    std::vector<int> claimed_offsets;
    for (const auto& e : activity.events) {
      if (!e.offset_minutes || *e.offset_minutes == 0) continue;
      ++with_offset;
      ++seen[*e.offset_minutes];
      const int claimed = zone.offset_minutes(e.utc);
      if (std::find(claimed_offsets.begin(), claimed_offsets.end(), claimed) ==
          claimed_offsets.end())
        claimed_offsets.push_back(claimed);
      if (clock_distance(*e.offset_minutes, claimed) >= 120) ++contradicting;
    }
    if (with_offset == 0 || contradicting < options_.recorded_min_events) return;
    const double share = static_cast<double>(contradicting) / static_cast<double>(with_offset);
    if (share < options_.recorded_min_share) return;
    std::sort(claimed_offsets.begin(), claimed_offsets.end());
    auto recorded = nlohmann::json::object();
    int top = 0;
    std::size_t top_count = 0;
    for (const auto& [offset, count] : seen) {
      recorded[tz::format_offset(offset)] = count;
      if (count > top_count) top = offset, top_count = count;
    }
    nlohmann::json evidence = common;
    evidence.update({{"claimed_zone", zone.name()},
                     {"claimed_offsets", offsets_json(claimed_offsets)},
                     {"recorded_offsets", recorded},
                     {"events_with_offset", with_offset},
                     {"contradicting", contradicting},
                     {"contradicting_share", round2(share)}});
    const char* level = share >= 0.9 && contradicting >= 20 ? "nearly_all" : "majority";
    outcome.signals.push_back(
        spec("timezone.recorded_offset_mismatch")
            .make_at(level,
                     fmt::format("{} of {} timestamps were written at "
                                 "offsets such as {} while {} is at {}",
                                 contradicting, with_offset, tz::format_offset(top), zone.name(),
                                 offsets_json(claimed_offsets).dump()),
                     evidence));
  }

  struct Fitted {
    std::vector<int> credible;  // the offsets the activity fits (90 % credible set)
    double calibrated_llr = 0;
  };

  // Emits offset_mismatch when the activity contradicts the claim; returns what it fits then.
  std::optional<Fitted> offset_mismatch(const std::vector<Instant>& slots,
                                        const tz::ZoneOffsets& zone, const Profile& profile,
                                        const OffsetScores& scores, const nlohmann::json& common,
                                        PluginOutcome& outcome) const {
    // The claim with its best-fitting chronotype against a far offset with its own: an unusual
    // schedule at the claimed zone is not mistaken for a far zone; the calibrated LLR says how
    // much the difference is worth.
    const Chronotypes& model = builtin_chronotypes();
    const auto hist = utc_histogram(slots);
    const auto shapes = shape_log_likelihoods(hist, model);
    const ChronoClaim c = test_chrono_claim(slots, &zone, 0, model, shapes);
    if (c.llr < options_.min_llr) return std::nullopt;
    OffsetScores best;
    best.fill(-INFINITY);
    for (const auto& s : shapes.shapes)
      for (int i = 0; i < kOffsets; ++i) best[i] = std::max(best[i], s[i] / kTemperature);
    const Posterior post = make_posterior(best);
    const ClaimTest plain = test_claim(slots, zone, profile, scores);
    auto segments = nlohmann::json::array();
    for (const auto& s : change_points(slots, profile))
      segments.push_back({{"from", format_rfc3339(s.from)},
                          {"to", format_rfc3339(s.to)},
                          {"active_slots", s.slots},
                          {"offset", tz::format_offset(s.map_minutes)}});
    const double llr = std::min(options_.max_llr, c.llr);
    const std::string claimed_hours =
        shape_hours(model.tables[c.claimed_shape], c.claimed_shift_minutes);
    const std::string far_hours = shape_hours(model.tables[c.far_shape]);
    nlohmann::json evidence = common;
    evidence.update(
        {{"claimed_zone", zone.name()},
         {"claimed_offsets", offsets_json(c.claimed_offsets)},
         {"inferred_offset", tz::format_offset(post.map_minutes)},
         {"inferred_probability", round2(post.map_probability)},
         {"credible_set_90", ranges_json(post.credible)},
         {"best_far_alternative", tz::format_offset(c.far_minutes)},
         {"claimed_chronotype", claimed_hours},
         {"claimed_chronotype_prior", round2(std::exp(model.log_prior[c.claimed_shape]))},
         {"far_chronotype", far_hours},
         {"chronotype_statistic", round2(c.statistic)},
         {"calibrated_llr", round2(c.llr)},
         {"one_profile_llr_far_vs_claim", round2(plain.llr_far)},
         {"claimed_night_share", round2(plain.night_share)},
         {"claimed_morning_share", round2(plain.morning_share)},
         {"min_events", options_.min_events},
         {"segments", segments}});
    // Below the cap the evidence is borderline: the reviewer is told which schedule would make
    // the claim true, since an unusual honest schedule is not ruled out.
    if (c.llr < options_.max_llr)
      evidence["ambiguity"] = fmt::format(
          "borderline: at the claimed zone the activity reads as a {} local schedule (a share "
          "{:.2f} of people keep it); a {} schedule at UTC{} fits better by a calibrated LLR of "
          "only {:.1f}, so an unusual honest schedule is possible",
          claimed_hours, std::exp(model.log_prior[c.claimed_shape]), far_hours,
          tz::format_offset(c.far_minutes), c.llr);
    // Night work at the claimed zone reads exactly like office hours far away: the reviewer is
    // told to ask before reading it as another zone (honest night-shift workers are flagged far
    // more often than people on office hours; README, Scenarios and false-alarm budget).
    if (plain.night_share >= kNightWorkShare)
      evidence["night_work"] = fmt::format(
          "{:.0f}% of this activity falls in the claimed zone's 00:00-06:00, the hours of a night "
          "shift there; ask about working hours before reading it as another zone",
          plain.night_share * 100.0);
    if (plain.morning_share >= kMorningWorkShare)
      evidence["morning_work"] = fmt::format(
          "{:.0f}% of this activity falls in the claimed zone's 05:00-10:00, the hours of an "
          "early-morning worker there; ask about working hours before reading it as another zone",
          plain.morning_share * 100.0);
    const SignalSpec& mismatch = spec("timezone.offset_mismatch");
    outcome.signals.push_back(mismatch.make(
        fmt::format("Activity fits UTC{} (90% set {}) better than the claimed {} even allowing "
                    "for an unusual schedule (calibrated LLR {:.1f}); {:.0f}% of it falls in the "
                    "claimed zone's 00:00-06:00",
                    tz::format_offset(post.map_minutes), ranges_json(post.credible).dump(),
                    zone.name(), c.llr, plain.night_share * 100.0),
        evidence, llr / mismatch.levels.front().llr));
    return Fitted{post.credible, c.llr};
  }

  static void hours_at_ip_location(const Candidate& candidate,
                                   const std::vector<ResolvedAddress>& addresses,
                                   const tz::ZoneOffsets& zone, const std::vector<int>& fitted,
                                   const nlohmann::json& common, PluginOutcome& outcome) {
    const IpZoneAgreement a = ip_zone_agreement(candidate, addresses, zone, fitted);
    if (a.agreeing == 0 || a.agreeing * 2 <= a.located) return;
    nlohmann::json evidence = common;
    evidence.update({{"claimed_zone", zone.name()},
                     {"credible_set_90", ranges_json(fitted)},
                     {"sessions_agreeing", a.agreeing},
                     {"sessions_located", a.located},
                     {"ip", a.ip},
                     {"ip_time_zone", a.zone},
                     {"ip_utc_offset", tz::format_offset(a.ip_offset_minutes)}});
    outcome.signals.push_back(
        spec("timezone.hours_at_ip_location")
            .make(fmt::format("The activity keeps hours at UTC{} ({}), where {} of {} "
                              "located sessions come from, and the browser clock "
                              "does not follow them: not only VPN exits ({} claimed)",
                              tz::format_offset(a.ip_offset_minutes), a.zone, a.agreeing, a.located,
                              zone.name()),
                  evidence));
  }

  void round_the_clock(const WeekHistogram& histogram, const nlohmann::json& common,
                       PluginOutcome& outcome) const {
    const double share = quietest_six_hours_share(histogram);
    if (share < options_.round_the_clock_share) return;
    std::array<double, 24> hours{};
    for (int bin = 0; bin < kWeekBins; ++bin) hours[(bin % kQuartersPerDay) / 4] += histogram[bin];
    nlohmann::json evidence = common;
    evidence.update({{"quietest_six_hours_share", round2(share)},
                     {"threshold", options_.round_the_clock_share},
                     {"utc_hour_counts", hours}});
    outcome.signals.push_back(spec("timezone.round_the_clock")
                                  .make(fmt::format("Activity has no sleep gap: even the quietest "
                                                    "6 hours of the day hold {:.0f}% of it, as "
                                                    "when several people work one account in "
                                                    "shifts",
                                                    share * 100.0),
                                        evidence));
  }

  const Options options_;
};

std::size_t count_option(const nlohmann::json& section, const char* key, std::size_t fallback,
                         const std::string& file) {
  if (!section.contains(key)) return fallback;
  const auto& v = section[key];
  if (!v.is_number_integer() || v.get<long long>() <= 0)
    throw ConfigError(file, std::string("plugins.timezone.") + key, "expected a positive integer");
  return v.get<std::size_t>();
}

double number_option(const nlohmann::json& section, const char* key, double fallback,
                     const std::string& file) {
  if (!section.contains(key)) return fallback;
  const auto& v = section[key];
  if (!v.is_number() || v.get<double>() < 0)
    throw ConfigError(file, std::string("plugins.timezone.") + key, "expected a number >= 0");
  return v.get<double>();
}

class TimezoneFactory : public PluginFactory {
 public:
  std::string name() const override { return "timezone"; }
  std::string description() const override {
    return "Infers the UTC offset of the candidate's activity and tests the claimed time zone";
  }
  void configure(const nlohmann::json& section, const PluginSetup& setup) override {
    const nlohmann::json s = section.is_null() ? nlohmann::json::object() : section;
    reject_unknown_keys(
        s,
        {"min_events", "min_llr", "llr_threshold", "max_llr", "recorded_min_events",
         "recorded_min_share", "round_the_clock_min_events", "round_the_clock_share"},
        setup.policy_file, "plugins.timezone");
    const auto& file = setup.policy_file;
    Options o;
    o.min_events = count_option(s, "min_events", o.min_events, file);
    o.llr_threshold = number_option(s, "llr_threshold", o.llr_threshold, file);
    o.min_llr = number_option(s, "min_llr", o.min_llr, file);
    o.max_llr = number_option(s, "max_llr", o.max_llr, file);
    o.recorded_min_events = count_option(s, "recorded_min_events", o.recorded_min_events, file);
    o.recorded_min_share = number_option(s, "recorded_min_share", o.recorded_min_share, file);
    o.round_the_clock_min_events =
        count_option(s, "round_the_clock_min_events", o.round_the_clock_min_events, file);
    o.round_the_clock_share =
        number_option(s, "round_the_clock_share", o.round_the_clock_share, file);
    options_ = o;
  }
  Readiness readiness() const override {
    const auto& t = builtin_table();
    Readiness r;
    const auto& m = builtin_chronotypes();
    r.detail = fmt::format(
        "activity profile learned from {} authors, {} active quarter-hours; {} chronotypes from "
        "{} authors",
        t.authors, t.slots, m.tables.size(), m.authors);
    if (!tz::ZoneOffsets::find("America/Chicago")) {
      r.ready = false;
      r.detail = "the tz database (tzdata) is missing";
      r.fix = "apt-get install -y tzdata";
    }
    return r;
  }
  std::vector<SignalSpec> signals() const override { return signal_table(); }
  // Sessions geoip placed abroad with the local clock explain activity on that clock (travel).
  std::vector<std::string_view> uses() const override { return {facts::kGeoipSessions.name}; }
  std::unique_ptr<Plugin> make() const override {
    return std::make_unique<TimezonePlugin>(options_);
  }

 private:
  Options options_;
};

}  // namespace

std::shared_ptr<PluginFactory> make_factory() { return std::make_shared<TimezoneFactory>(); }

}  // namespace candor::plugins::timezone
