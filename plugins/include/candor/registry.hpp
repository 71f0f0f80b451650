#pragma once
#include <memory>
#include <vector>

#include "candor/plugin.hpp"

namespace candor {

/// A fresh, unconfigured factory for every plugin in plugins/plugins.def, in its order.
std::vector<std::shared_ptr<PluginFactory>> make_all_plugins();

}  // namespace candor
