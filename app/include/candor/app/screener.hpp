#pragma once
// What every front end (check, batch, serve, audit, plugin commands) shares: the data
// directory, the policy, plugin options given on the command line, the configured plugins, the
// store and the pipeline.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "candor/data_dir.hpp"
#include "candor/pipeline.hpp"
#include "candor/plugin.hpp"
#include "candor/policy.hpp"
#include "candor/store.hpp"

namespace candor::app {

/// How to set screening up; every field may be left empty for the defaults.
struct ScreenerOptions {
  std::string data_dir;   ///< default $CANDOR_DATA_DIR or ~/.local/share/candor
  std::string policy;     ///< policy file; default the embedded policy
  bool no_store = false;  ///< neither read nor write the store of everyone screened
  /// `--store` URL: `postgresql://…`, `sqlite:PATH` or a path; default $CANDOR_STORE, then the
  /// policy's `store`, then candor.db in the data directory.
  std::string store;
  std::vector<std::string> disable;  ///< plugins to leave out
  /// Plugin options given on the command line: flag (`--geoip-db`) → values. They override the
  /// policy file's keys.
  std::map<std::string, std::vector<std::string>> plugin_values;
};

/// A plugin option with the plugin it belongs to.
struct PluginOptionEntry {
  std::string plugin;
  PluginOption option;
};

/// Every plugin's command-line options (`--geoip-db` …), gathered once.
const std::vector<PluginOptionEntry>& plugin_option_entries();

/// The resolved data directory and the loaded policy (ConfigError on a bad policy file).
struct Environment {
  DataDir data_dir{""};
  Policy policy;
  std::string store_url;  ///< the store to open, resolved from the options
};
Environment load_environment(const ScreenerOptions& options);

/// Opens (creating or migrating) the environment's store. Throws StoreError or ConfigError.
std::unique_ptr<Store> open_environment_store(const Environment& environment);

/// Configures `factory` from its policy section and the command-line plugin options; returns
/// whether the policy enables it. Throws ConfigError or DataError.
bool configure_factory(PluginFactory& factory, const Environment& environment,
                       const ScreenerOptions& options, Store* store);

/// A configured pipeline ready to screen, shared by every worker.
class Screener {
 public:
  /// Loads the policy, opens the store, configures every plugin, checks the policy's signal
  /// overrides against the plugins' signal tables. Throws ConfigError, DataError or StoreError.
  explicit Screener(const ScreenerOptions& options);
  ~Screener();
  Screener(const Screener&) = delete;
  Screener& operator=(const Screener&) = delete;

  const Policy& policy() const { return environment_.policy; }
  const DataDir& data_dir() const { return environment_.data_dir; }
  /// The store, or null with `no_store`.
  Store* store() const { return store_.get(); }
  /// Every plugin of the build, configured (enabled or not), in plugins.def order.
  const std::vector<std::shared_ptr<PluginFactory>>& all_factories() const { return all_; }
  /// The named plugin's configured factory, or null when no such plugin is built.
  PluginFactory* factory(std::string_view name) const;
  /// The pipeline of the enabled plugins.
  const Pipeline& pipeline() const { return *pipeline_; }
  /// A worker for one thread.
  std::unique_ptr<Pipeline::Worker> make_worker() const { return pipeline_->make_worker(); }

 private:
  Environment environment_;
  std::unique_ptr<Store> store_;
  std::vector<std::shared_ptr<PluginFactory>> all_;
  std::unique_ptr<Pipeline> pipeline_;
};

}  // namespace candor::app
