#pragma once
// The command-line form of the application layer's options.
#include <CLI/CLI.hpp>

#include "candor/app/screener.hpp"
#include "candor/candidate.hpp"

namespace candor::cli {

/// Adds --data-dir and --policy.
void add_environment_options(CLI::App& command, app::ScreenerOptions& options);

/// Adds every plugin's own options (`--geoip-db` …).
void add_plugin_options(CLI::App& command, app::ScreenerOptions& options);

/// Adds --data-dir, --policy, --no-store, --disable and every plugin's own options.
void add_screening_options(CLI::App& command, app::ScreenerOptions& options);

/// Adds --files-root and --allow-any-path: where a candidate's files (photos, documents,
/// activity) may be read from.
void add_file_options(CLI::App& command, FileRules& rules);

}  // namespace candor::cli
