#include "candor/registry.hpp"

namespace candor::plugins {
#define CANDOR_PLUGIN(name) std::shared_ptr<PluginFactory> make_##name##_plugin();
#include "plugins_built.def"
#undef CANDOR_PLUGIN
}  // namespace candor::plugins

namespace candor {

std::vector<std::shared_ptr<PluginFactory>> make_all_plugins() {
  return {
#define CANDOR_PLUGIN(name) plugins::make_##name##_plugin(),
#include "plugins_built.def"
#undef CANDOR_PLUGIN
  };
}

}  // namespace candor
