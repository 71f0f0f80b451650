#pragma once
#include "candor/plugin.hpp"

namespace candor::photo {

/// `candor index add|import`, `candor models fetch|convert-faceapi`, `candor photo crop-face`,
/// `candor bench photo`.
void add_photo_commands(CLI::App& app, const CommandEnvironment& environment);

}  // namespace candor::photo
