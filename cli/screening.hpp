#pragma once
// What every screening command shares: the data directory, the policy, plugin options given on
// the command line, the configured plugins, the store and the pipeline.
#include <CLI/CLI.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "candor/data_dir.hpp"
#include "candor/pipeline.hpp"
#include "candor/plugin.hpp"
#include "candor/policy.hpp"
#include "candor/store.hpp"

namespace candor::cli {

/// Options common to check, batch and the other screening commands.
struct ScreeningOptions {
  std::string data_dir;
  std::string policy;
  bool no_store = false;
  std::vector<std::string> disable;
  std::map<std::string, std::vector<std::string>> plugin_values;  ///< flag → values
};

/// Adds --data-dir and --policy.
void add_environment_options(CLI::App& command, ScreeningOptions& options);

/// Adds --data-dir, --policy, --no-store, --disable and every plugin's own options.
void add_screening_options(CLI::App& command, ScreeningOptions& options);

/// The data directory and policy only (for commands that do not screen).
struct Environment {
  DataDir data_dir{""};
  Policy policy;
};
Environment load_environment(const ScreeningOptions& options);

/// A configured pipeline ready to screen.
struct Screening {
  Environment environment;
  std::unique_ptr<Store> store;
  std::vector<std::shared_ptr<PluginFactory>> factories;  ///< configured, enabled ones
  std::vector<std::shared_ptr<PluginFactory>> all;        ///< every plugin, configured
  std::unique_ptr<Pipeline> pipeline;
};

/// Loads the policy, configures every plugin and opens the store. Throws ConfigError,
/// DataError or StoreError.
std::unique_ptr<Screening> build_screening(const ScreeningOptions& options);

}  // namespace candor::cli
