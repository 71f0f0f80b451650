#pragma once
// IPv4 and IPv6 addresses as one 128-bit value (IPv4 as ::ffff:a.b.c.d) and CIDR networks.
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace candor::plugins::geoip {

/// An IP address; IPv4 is held IPv4-mapped so both families sort in one order.
struct IpAddress {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;
  bool v4 = false;

  auto operator<=>(const IpAddress& other) const {
    if (hi != other.hi) return hi <=> other.hi;
    return lo <=> other.lo;
  }
  bool operator==(const IpAddress& other) const { return hi == other.hi && lo == other.lo; }

  /// The 16 network-order bytes (IPv4-mapped for IPv4).
  std::array<std::uint8_t, 16> bytes() const;
  /// The IPv4 address as a host-order integer; only meaningful when `v4`.
  std::uint32_t v4_value() const { return static_cast<std::uint32_t>(lo); }
  std::string to_string() const;
};

/// Parses dotted IPv4 or textual IPv6 (including IPv4-mapped); nullopt when malformed.
std::optional<IpAddress> parse_ip(std::string_view text);

/// An IPv4 address from a host-order integer.
IpAddress ipv4(std::uint32_t value);

/// A network: the first and last address it covers.
struct IpRange {
  IpAddress first;
  IpAddress last;
};

/// Parses `a.b.c.d/n`, `x::/n` or a bare address (a one-address network); nullopt if malformed.
std::optional<IpRange> parse_cidr(std::string_view text);

}  // namespace candor::plugins::geoip
