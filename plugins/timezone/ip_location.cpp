#include "ip_location.hpp"

#include <algorithm>
#include <cstdlib>

#include "travel.hpp"

namespace candor::plugins::timezone {
namespace {

constexpr int kFitMinutes = 60;  // an address zone this close to an offset the hours fit

}  // namespace

IpZoneAgreement ip_zone_agreement(const Candidate& candidate,
                                  const std::vector<ResolvedAddress>& addresses,
                                  const tz::ZoneOffsets& claim,
                                  const std::vector<int>& activity_offsets) {
  IpZoneAgreement out;
  for (const auto& address : addresses) {
    if (address.anonymizer || address.hosting || address.time_zone.empty() ||
        address.session >= candidate.sessions.size())
      continue;
    const Session& session = candidate.sessions[address.session];
    if (!session.at) continue;
    const auto ip = tz::utc_offset_minutes(address.time_zone, *session.at);
    if (!ip) continue;
    ++out.located;
    if (std::abs(*ip - claim.offset_minutes(*session.at)) < kSamePlaceMinutes) continue;
    // A clock that follows the address is a person openly there (geoip counts that in full);
    // only a clock kept away from it made the address look like a VPN exit.
    const auto browser = tz::utc_offset_minutes(session.browser_timezone, *session.at);
    if (browser && std::abs(*browser - *ip) < kSamePlaceMinutes) continue;
    const bool fits =
        std::any_of(activity_offsets.begin(), activity_offsets.end(),
                    [&](int offset) { return std::abs(offset - *ip) <= kFitMinutes; });
    if (!fits) continue;
    if (out.agreeing++ == 0) {
      out.zone = address.time_zone;
      out.ip = address.ip;
      out.ip_offset_minutes = *ip;
    }
  }
  return out;
}

}  // namespace candor::plugins::timezone
