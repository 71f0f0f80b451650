#include "candor/pipeline.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "candor/error.hpp"

namespace candor {

std::string_view version() { return CANDOR_VERSION; }

namespace {

// Kahn's algorithm over facts: a plugin runs after every plugin providing a fact it needs or
// uses; ties keep the registry's order so runs are reproducible.
std::vector<std::shared_ptr<PluginFactory>> order_by_needs(
    std::vector<std::shared_ptr<PluginFactory>> pending, const std::string& policy_file) {
  std::set<std::string_view> provided_by_anyone;
  for (const auto& f : pending)
    for (const auto fact : f->provides()) provided_by_anyone.insert(fact);
  for (const auto& f : pending)
    for (const auto need : f->needs())
      if (!provided_by_anyone.count(need))
        throw ConfigError(policy_file, "plugins." + f->name(),
                          "needs " + std::string(need) + ", which no enabled plugin provides");
  std::vector<std::shared_ptr<PluginFactory>> ordered;
  std::set<std::string_view> available;
  auto waits = [&](std::string_view fact) {
    return provided_by_anyone.count(fact) && !available.count(fact);
  };
  while (!pending.empty()) {
    auto ready = std::find_if(pending.begin(), pending.end(), [&](const auto& f) {
      for (const auto fact : f->needs())
        if (waits(fact)) return false;
      for (const auto fact : f->uses())
        if (waits(fact)) return false;
      return true;
    });
    if (ready == pending.end())
      throw ConfigError(policy_file, "plugins",
                        "plugins' needs form a cycle starting at " + pending.front()->name());
    for (const auto fact : (*ready)->provides()) available.insert(fact);
    ordered.push_back(*ready);
    pending.erase(ready);
  }
  return ordered;
}

}  // namespace

Pipeline::Pipeline(const Policy& policy, std::vector<std::shared_ptr<PluginFactory>> factories,
                   Store* store)
    : policy_(policy),
      factories_(order_by_needs(std::move(factories), policy.source)),
      store_(store),
      combiner_(policy) {}

std::vector<std::string> Pipeline::order() const {
  std::vector<std::string> names;
  for (const auto& f : factories_) names.push_back(f->name());
  return names;
}

std::unique_ptr<Pipeline::Worker> Pipeline::make_worker() const {
  return std::unique_ptr<Worker>(new Worker(*this));
}

Pipeline::Worker::Worker(const Pipeline& pipeline) : pipeline_(pipeline) {
  for (const auto& f : pipeline.factories_) plugins_.push_back(f->make());
}

Verdict Pipeline::Worker::screen(const Candidate& candidate, std::string* verdict_json) {
  Verdict verdict;
  verdict.candidate = candidate.id;
  verdict.version = std::string(version());
  RunContext context(candidate, pipeline_.store_);
  std::vector<Signal> signals;
  for (std::size_t i = 0; i < plugins_.size(); ++i) {
    PluginRun run{pipeline_.factories_[i]->name(), "ok", "", 0.0};
    const auto start = std::chrono::steady_clock::now();
    try {
      PluginOutcome outcome = plugins_[i]->run(context);
      if (outcome.skipped) {
        run.status = "skipped";
        run.reason = *outcome.skipped;
      }
      for (auto& s : outcome.signals) signals.push_back(std::move(s));
    } catch (const std::exception& e) {
      // Failure isolation: one plugin's failure is reported on the verdict; the rest still run.
      run.status = "error";
      run.reason = e.what();
    }
    run.ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    verdict.plugins.push_back(std::move(run));
  }
  pipeline_.combiner_.combine(std::move(signals), verdict);
  // Fail closed on values the loader left out too (an IP or a zone that is not one): like a
  // plugin failure, they may have hidden the signal that mattered.
  for (const auto& field : candidate.invalid_fields) {
    verdict.incomplete = true;
    verdict.incomplete_reasons.push_back("screening incomplete: " + field);
  }
  if (verdict.incomplete && pipeline_.policy_.review_on_plugin_error && verdict.band < Band::review)
    verdict.band = Band::review;
  std::string text;
  if (verdict_json || pipeline_.store_)
    text = to_json(verdict).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (pipeline_.store_) {
    CandidateRecord record{candidate.id,
                           candidate.name,
                           candidate.date_of_birth,
                           static_cast<std::int64_t>(std::time(nullptr)),
                           std::string(band_name(verdict.band)),
                           verdict.probability};
    // The verdict itself is kept too, so services, reports and re-audits can read it back.
    context.remember(std::string(kVerdictItemKind), candidate.id,
                     verdict_json ? text : std::move(text));
    pipeline_.store_->record(record, context.staged());
  }
  if (verdict_json) *verdict_json = std::move(text);
  return verdict;
}

}  // namespace candor
