#pragma once
#include "candor/plugin.hpp"

namespace candor::photo {

/// `candor bench photo`: ms per photo by stage; face search over synthetic descriptors.
void add_photo_bench(CLI::App& bench, const CommandEnvironment& environment);

}  // namespace candor::photo
