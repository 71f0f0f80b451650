#pragma once
#include <vector>

#include "candor/policy.hpp"
#include "candor/signal.hpp"
#include "candor/verdict.hpp"

namespace candor {

/// Turns signals into a verdict: prior log-odds + Σ LLR, each correlation group's total capped
/// at its cap (signals in the group scaled down alike), any hard signal forces `critical`.
class Combiner {
 public:
  explicit Combiner(const Policy& policy) : policy_(policy) {}
  /// Fills band, probability, score, log-odds and the sorted, scored signals of `verdict`.
  void combine(std::vector<Signal> signals, Verdict& verdict) const;

 private:
  const Policy& policy_;
};

}  // namespace candor
