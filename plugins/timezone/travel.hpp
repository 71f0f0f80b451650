#pragma once
// Activity a trip explains. A session whose browser clock agrees with the zone of the IP it came
// from, both 3 h or more from the claimed zone, places the person there at that time (a
// traveller's laptop follows the local clock; a VPN exit does not move it). When such sessions
// are a minority, the activity between the home sessions around each of them is left out of
// the claim test, so a week abroad is not read as hours kept far away. Most sessions abroad are
// not a trip: nothing is left out, and the claim is tested on everything.
#include <cstdint>
#include <string>
#include <vector>

#include "candor/candidate.hpp"
#include "candor/facts.hpp"
#include "candor/tz/offsets.hpp"
#include "instant.hpp"

namespace candor::plugins::timezone {

/// A stretch of time the sessions place the person in `zone`.
struct TravelSpan {
  std::int64_t from = 0, to = 0;  ///< Unix seconds, inclusive
  std::string zone;               ///< the browser's zone in the travel session
};

/// The trips the sessions show (empty when most timed sessions are abroad, or none is). Each
/// reaches back to the previous and on to the next session on the claimed zone's clock, at most
/// kTravelReachDays either way.
std::vector<TravelSpan> travel_spans(const Candidate& candidate,
                                     const std::vector<ResolvedAddress>* addresses,
                                     const tz::ZoneOffsets& claim);

/// `events` without those inside a span.
std::vector<Instant> outside_spans(const std::vector<Instant>& events,
                                   const std::vector<TravelSpan>& spans);

inline constexpr int kTravelReachDays = 7;
/// Clocks closer than this are the same place (geoip's 3 h).
inline constexpr int kSamePlaceMinutes = 180;

}  // namespace candor::plugins::timezone
