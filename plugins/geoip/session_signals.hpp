#pragma once
// The geoip signals, computed from the candidate's claim and what the databases say about each
// session. Pure functions of their inputs, so tests can check every threshold.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "candor/candidate.hpp"
#include "candor/signal.hpp"
#include "candor/signal_spec.hpp"
#include "geo_databases.hpp"

namespace candor::plugins::geoip {

/// Where the candidate says they are, resolved to what the signals compare against.
struct ClaimedPlace {
  std::string country;
  std::string region, city;
  std::string time_zone;            ///< claimed, or the claimed country's only zone
  std::optional<tz::LatLon> point;  ///< claimed city's coordinates, when known
  std::string point_source;         ///< where `point` came from
};

/// One session with what its address resolved to (nullopt: unparseable or no IP).
struct ResolvedSession {
  const Session* session = nullptr;
  std::optional<IpInfo> info;
};

/// Every signal the plugin emits, with its levels and default LLRs (SIGNALS.md).
const std::vector<SignalSpec>& signal_table();

/// Every geoip signal for one candidate. `now` stands in for sessions without an instant.
std::vector<Signal> evaluate_sessions(const ClaimedPlace& claim,
                                      const std::vector<ResolvedSession>& sessions,
                                      std::int64_t now);

}  // namespace candor::plugins::geoip
