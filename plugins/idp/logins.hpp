#pragma once
// The identity-provider signals as pure functions of the sign-ins and what geoip said about
// their addresses, so tests can check each threshold.
#include <optional>
#include <string>
#include <vector>

#include "candor/candidate.hpp"
#include "candor/facts.hpp"
#include "candor/signal.hpp"
#include "candor/signal_spec.hpp"

namespace candor::plugins::idp {

/// Thresholds from the policy section `plugins.idp`.
struct Thresholds {
  double proxy_share = 0.2;             ///< share of sign-ins through anonymizers that is a finding
  int settle_days = 14;                 ///< new devices in the first days are normal set-up
  int new_devices = 2;                  ///< new devices after that which make a finding
  double min_km = 500, max_kmh = 1000;  ///< impossible travel
};

/// The signal table (SIGNALS.md).
const std::vector<SignalSpec>& signal_table();

/// Every idp signal for `logins` (time order). `addresses` is the geoip.sessions fact or null.
std::vector<Signal> evaluate_logins(const std::vector<Login>& logins,
                                    const std::vector<ResolvedAddress>* addresses,
                                    const Thresholds& thresholds);

}  // namespace candor::plugins::idp
