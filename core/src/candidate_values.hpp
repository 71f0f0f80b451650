#pragma once
// Values of a candidate that the loader can check before any plugin sees them.
#include <string>
#include <string_view>

namespace candor::detail {

/// An IPv4 or IPv6 address in its plain text form (no spaces, brackets or prefix).
bool valid_ip(std::string_view text);

/// A time zone the IANA database knows (`America/Chicago`; not `Central Time`).
bool known_time_zone(const std::string& name);

}  // namespace candor::detail
