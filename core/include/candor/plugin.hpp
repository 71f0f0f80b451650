#pragma once
// The plugin interface. A PluginFactory is made once per process, is configured from its
// policy section (plus CLI options) and holds the heavy read-only data (MMDB maps, models, the
// face index); it makes one Plugin per worker thread.
#include <any>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "candor/candidate.hpp"
#include "candor/data_dir.hpp"
#include "candor/facts.hpp"
#include "candor/fetch.hpp"
#include "candor/limits.hpp"
#include "candor/policy.hpp"
#include "candor/signal.hpp"
#include "candor/signal_spec.hpp"
#include "candor/store.hpp"

namespace candor {

/// What one plugin run produced: signals, or a reason it had nothing to look at.
struct PluginOutcome {
  std::vector<Signal> signals;
  std::optional<std::string> skipped;  ///< set when the plugin had nothing to look at

  static PluginOutcome skip(std::string reason) { return {{}, std::move(reason)}; }
};

/// The per-candidate context shared by the plugins of one run, in pipeline order.
class RunContext {
 public:
  RunContext(const Candidate& candidate, const Store* store)
      : candidate_(candidate), store_(store) {}
  const Candidate& candidate() const { return candidate_; }
  /// The store of everyone screened before (never this candidate's own record); may be null.
  const Store* store() const { return store_; }

  /// Publishes a fact (declared in the factory's `provides`) for later plugins.
  template <class T>
  void provide(const Fact<T>& fact, T value) {
    facts_.insert_or_assign(std::string(fact.name), std::any(std::move(value)));
  }
  /// A fact an earlier plugin provided, or null when it did not.
  template <class T>
  const T* fact(const Fact<T>& fact) const {
    const auto it = facts_.find(fact.name);
    return it == facts_.end() ? nullptr : std::any_cast<T>(&it->second);
  }

  /// Stages an item to remember about this candidate; written with the verdict.
  void remember(std::string kind, std::string key, std::string payload = {});
  const std::vector<ItemWrite>& staged() const { return staged_; }

 private:
  const Candidate& candidate_;
  const Store* store_;
  std::map<std::string, std::any, std::less<>> facts_;
  std::vector<ItemWrite> staged_;
};

/// One worker's instance of a plugin.
class Plugin {
 public:
  virtual ~Plugin() = default;
  /// Looks at the candidate; throws on failure (the pipeline records `error`).
  virtual PluginOutcome run(RunContext& context) = 0;
};

/// A plugin option also accepted on the command line (e.g. `--geoip-db PATH`).
struct PluginOption {
  std::string flag;  ///< e.g. "--geoip-db"
  std::string key;   ///< key in the plugin's section, e.g. "databases"
  std::string description;
  bool repeatable = false;  ///< values collect into a JSON array
};

/// Whether a plugin can run, and what to do if not.
struct Readiness {
  bool ready = true;
  std::string detail;              ///< what it has loaded, or what is missing
  std::string fix;                 ///< the command that fixes it
  std::vector<std::string> notes;  ///< attributions, unknown databases, warnings
};

/// Everything a factory may use while configuring.
struct PluginSetup {
  DataDir data_dir;
  Store* store = nullptr;   ///< may be null (no store); shared, thread-safe
  std::string policy_file;  ///< for ConfigError messages
  Limits limits;            ///< the policy's `limits` (list file sizes, phone length …)
};

/// A known identity (e.g. a persona investigators published) for `candor index add|import`:
/// plugins keep what they can match candidates against later.
struct KnownIdentity {
  std::string id;                             ///< store id, e.g. known-persona:jane-roe
  std::string label;                          ///< e.g. known-persona
  std::string name;                           ///< the name it used
  std::vector<std::filesystem::path> photos;  ///< its pictures
  std::string source;  ///< where it came from, for errors: `--photo` or the JSONL file
};

/// What one plugin keeps of a known identity.
struct KnownIndexed {
  std::vector<ItemWrite> items;       ///< to record under the identity's id
  std::string summary;                ///< for the report, e.g. "2 photos, 1 faces"; empty: none
  std::vector<std::string> warnings;  ///< one line each, e.g. a picture without a face
};

/// Makes and configures one kind of plugin.
class PluginFactory {
 public:
  virtual ~PluginFactory() = default;
  virtual std::string name() const = 0;
  /// One line: what the plugin looks at.
  virtual std::string description() const = 0;
  /// Facts (facts.hpp) this plugin cannot run without: a ConfigError when no enabled plugin
  /// provides one.
  virtual std::vector<std::string_view> needs() const { return {}; }
  /// Facts it reads when an earlier plugin provided them and does without otherwise.
  virtual std::vector<std::string_view> uses() const { return {}; }
  /// Facts it publishes.
  virtual std::vector<std::string_view> provides() const { return {}; }
  /// Files `candor feeds update` keeps current for this plugin.
  virtual std::vector<Feed> feeds() const { return {}; }
  /// Every signal it can emit: the table SIGNALS.md documents and `signal_llr` overrides.
  virtual std::vector<SignalSpec> signals() const = 0;
  /// Options also accepted on the command line.
  virtual std::vector<PluginOption> options() const { return {}; }
  /// Reads the plugin's section (unknown keys are a ConfigError naming the key) and loads
  /// shared data. Missing optional data makes the plugin not ready rather than throwing.
  virtual void configure(const nlohmann::json& section, const PluginSetup& setup) = 0;
  /// Whether it can run, for `candor plugins`; valid after configure().
  virtual Readiness readiness() const { return {}; }
  /// A new instance for one worker thread.
  virtual std::unique_ptr<Plugin> make() const = 0;
  /// What the plugin keeps of a known identity (`candor index add|import`); valid after
  /// configure(). The items come back rather than being written, because recording replaces an
  /// id's items: the caller records every plugin's under the identity's id in one step. Throws
  /// InputError for an unreadable picture, DataError for a missing model. Default: nothing.
  virtual KnownIndexed index_known(const KnownIdentity& identity, const Store& store) {
    (void)identity;
    (void)store;
    return {};
  }
  /// Drops what the plugin keeps in memory about a candidate just erased from the store (recent
  /// keys, an in-memory face index), so the erased person no longer matches anyone. Default:
  /// nothing kept.
  virtual void forget(std::string_view candidate_id) { (void)candidate_id; }
  /// What the plugin keeps in memory about `from` now belongs to `into` (an ATS merged two
  /// profiles of one person; Store::merge re-keys the stored items). Default: forget(from),
  /// right for short windows of recent keys that the survivor's next screening refills.
  virtual void merge(std::string_view from, std::string_view into) {
    (void)into;
    forget(from);
  }
};

/// Throws ConfigError for the first key of `section` not in `known`.
void reject_unknown_keys(const nlohmann::json& section, const std::vector<std::string>& known,
                         const std::string& file, const std::string& prefix);

}  // namespace candor
