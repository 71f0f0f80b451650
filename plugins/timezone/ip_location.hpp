#pragma once
// Hours that place the person where their addresses are. geoip halves a foreign location whose
// sessions keep the browser clock on the claimed zone: such an address is likely a VPN exit,
// not where the person sits. When the activity independently keeps hours at the zone of those
// same addresses, the VPN-exit explanation no longer holds (a VPN exit is chosen for its
// country, not for the hours its user keeps): the hours and the addresses agree.
#include <cstddef>
#include <string>
#include <vector>

#include "candor/candidate.hpp"
#include "candor/facts.hpp"
#include "candor/tz/offsets.hpp"

namespace candor::plugins::timezone {

/// Sessions from addresses far from the claim, with a clock that stays away from the address's
/// zone, whose zone the activity's hours fit.
struct IpZoneAgreement {
  std::size_t located = 0;   ///< sessions from a located address (no VPN, proxy or hosting)
  std::size_t agreeing = 0;  ///< of those, far from the claim and where the hours fit
  std::string zone;          ///< the first agreeing address's IANA zone
  std::string ip;            ///< and that address
  int ip_offset_minutes = 0;
};

/// `activity_offsets` are the offsets the activity fits (its 90 % credible set, minutes).
IpZoneAgreement ip_zone_agreement(const Candidate& candidate,
                                  const std::vector<ResolvedAddress>& addresses,
                                  const tz::ZoneOffsets& claim,
                                  const std::vector<int>& activity_offsets);

}  // namespace candor::plugins::timezone
