#include "commands.hpp"

#include <CLI/CLI.hpp>

namespace candor::photo {

void add_photo_commands(CLI::App& app, const CommandEnvironment& environment) {
  (void)app;
  (void)environment;
}

}  // namespace candor::photo
