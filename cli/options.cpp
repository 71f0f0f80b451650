#include "options.hpp"

namespace candor::cli {

void add_environment_options(CLI::App& command, app::ScreenerOptions& options) {
  command.add_option("--data-dir", options.data_dir,
                     "Data directory (default $CANDOR_DATA_DIR or ~/.local/share/candor)");
  command.add_option("--policy", options.policy, "Policy file (default: the embedded policy)");
  command.add_option("--store", options.store,
                     "Store URL: postgresql://user@host/db (password from PGPASSFILE or "
                     "PGPASSWORD), sqlite:PATH or a path (default $CANDOR_STORE, the policy's "
                     "\"store\", then candor.db in the data directory)");
}

void add_plugin_options(CLI::App& command, app::ScreenerOptions& options) {
  for (const auto& [plugin, option] : app::plugin_option_entries()) {
    auto* added = command.add_option(option.flag, options.plugin_values[option.flag],
                                     option.description + " [" + plugin + "]");
    if (!option.repeatable) added->expected(1);
  }
}

void add_screening_options(CLI::App& command, app::ScreenerOptions& options) {
  add_environment_options(command, options);
  command.add_flag("--no-store", options.no_store,
                   "Do not read or write the store of everyone screened");
  command.add_option("--disable", options.disable, "Plugins to leave out")->delimiter(',');
  add_plugin_options(command, options);
}

void add_file_options(CLI::App& command, FileRules& rules) {
  auto* root = command.add_option_function<std::string>(
      "--files-root", [&rules](const std::string& dir) { rules.files_root = dir; },
      "Read a candidate's files only from inside DIR (default: the candidate file's folder)");
  root->type_name("DIR");
  command
      .add_flag("--allow-any-path", rules.allow_any_path,
                "Read a candidate's files wherever they are (input from a trusted operator only)")
      ->excludes(root);
}

}  // namespace candor::cli
