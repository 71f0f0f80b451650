// `candor models list` and `candor models fetch`: the models of models/manifest.json in the
// data directory. Plugins add their own model tools to the group (`models convert-faceapi`).
#include "candor/models.hpp"

#include <fmt/format.h>

#include <iostream>

#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

void add_models_command(CLI::App& app, int& exit_code) {
  CLI::App& models = subcommand_group(app, "models");
  auto* list = models.add_subcommand(
      "list",
      "Each model of models/manifest.json, the plugin using it and whether it is "
      "installed (SHA-256 verified); exit 1 when one is not");
  auto list_options = std::make_shared<app::ScreenerOptions>();
  add_environment_options(*list, *list_options);
  list->callback([options = list_options, &exit_code] {
    const DataDir data_dir = app::load_environment(*options).data_dir;
    exit_code = kExitClear;
    for (const auto& model : model_manifest()) {
      const ModelState state = model_state(model, data_dir);
      std::cout << fmt::format("{:<26} {:<10} {:<9} {}\n", model.name, model.plugin,
                               to_string(state), model_path(model, data_dir).string());
      if (state != ModelState::installed) exit_code = kExitFlagged;
    }
  });

  auto* fetch = models.add_subcommand(
      "fetch",
      "Install the models of models/manifest.json into the data directory, verified "
      "by SHA-256");
  auto from = std::make_shared<std::string>();
  fetch->add_option("--from", *from, "Folder or https:// / file:// base URL holding the files");
  auto fetch_options = std::make_shared<app::ScreenerOptions>();
  add_environment_options(*fetch, *fetch_options);
  fetch->callback([options = fetch_options, from, &exit_code] {
    install_models(app::load_environment(*options).data_dir, *from, std::cout);
    exit_code = kExitClear;
  });
}

}  // namespace candor::cli
