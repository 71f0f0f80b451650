#pragma once
#include <memory>
#include <string>
#include <vector>

#include "candor/combiner.hpp"
#include "candor/plugin.hpp"
#include "candor/policy.hpp"
#include "candor/verdict.hpp"

namespace candor {

/// Runs the enabled plugins on candidates in an order fixed by their declared needs, isolates
/// plugin failures, combines the signals and records each screened candidate in the store.
class Pipeline {
 public:
  /// Orders `factories` by needs/provides; ConfigError on a cycle or an unmet need.
  Pipeline(const Policy& policy, std::vector<std::shared_ptr<PluginFactory>> factories,
           Store* store);

  /// One worker: its own plugin instances, used by one thread at a time.
  class Worker {
   public:
    /// Screens one candidate and, when the pipeline has a store, records it. `verdict_json`,
    /// when given, receives the verdict as `candor.verdict/v1` text (invalid UTF-8 replaced):
    /// the text the store keeps, made once for both.
    Verdict screen(const Candidate& candidate, std::string* verdict_json = nullptr);

   private:
    friend class Pipeline;
    explicit Worker(const Pipeline& pipeline);
    const Pipeline& pipeline_;
    std::vector<std::unique_ptr<Plugin>> plugins_;
  };

  std::unique_ptr<Worker> make_worker() const;
  /// Plugin names in run order.
  std::vector<std::string> order() const;
  const Policy& policy() const { return policy_; }

 private:
  const Policy& policy_;
  std::vector<std::shared_ptr<PluginFactory>> factories_;
  Store* store_;
  Combiner combiner_;
};

/// candor's version string.
std::string_view version();

}  // namespace candor
