#include "candor/app/command_runner.hpp"

#include <optional>

#include "candor/app/registry.hpp"
#include "candor/error.hpp"

namespace candor::app {

namespace {

class LazyContext : public CommandContext {
 public:
  LazyContext(const PluginCommand& command, const ScreenerOptions& options, std::ostream& out)
      : command_(command), options_(options), out_(out) {}

  const DataDir& data_dir() override { return environment().data_dir; }
  const Policy& policy() override { return environment().policy; }

  PluginFactory& factory(std::string_view plugin) override {
    for (const auto& f : configured_)
      if (f->name() == plugin) return *f;
    for (auto& f : make_all_plugins()) {
      if (f->name() != plugin) continue;
      Store* store = command_.uses_store ? &this->store() : nullptr;
      configure_factory(*f, environment(), options_, store);
      configured_.push_back(std::move(f));
      return *configured_.back();
    }
    throw ConfigError("", std::string(plugin), "no such plugin in this build");
  }

  Store& store() override {
    if (!store_) store_ = open_environment_store(environment());
    return *store_;
  }

  std::ostream& out() override { return out_; }

 private:
  const Environment& environment() {
    if (!environment_) environment_ = load_environment(options_);
    return *environment_;
  }

  const PluginCommand& command_;
  const ScreenerOptions& options_;
  std::ostream& out_;
  std::optional<Environment> environment_;
  std::unique_ptr<Store> store_;
  std::vector<std::shared_ptr<PluginFactory>> configured_;
};

}  // namespace

int run_plugin_command(const PluginCommand& command, const CommandArgs& args,
                       const ScreenerOptions& options, std::ostream& out) {
  LazyContext context(command, options, out);
  return command.run(args, context);
}

}  // namespace candor::app
