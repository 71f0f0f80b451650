#include "ip_address.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace candor::plugins::geoip {

namespace {
constexpr std::uint64_t kMappedPrefix = 0x0000ffff00000000ull;

IpAddress from_bytes(const std::uint8_t* b) {
  IpAddress ip;
  for (int i = 0; i < 8; ++i) ip.hi = (ip.hi << 8) | b[i];
  for (int i = 8; i < 16; ++i) ip.lo = (ip.lo << 8) | b[i];
  ip.v4 = ip.hi == 0 && (ip.lo & 0xffffffff00000000ull) == kMappedPrefix;
  return ip;
}
}  // namespace

IpAddress ipv4(std::uint32_t value) {
  IpAddress ip;
  ip.lo = kMappedPrefix | value;
  ip.v4 = true;
  return ip;
}

std::array<std::uint8_t, 16> IpAddress::bytes() const {
  std::array<std::uint8_t, 16> b{};
  for (int i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(hi >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<std::uint8_t>(lo >> (56 - 8 * i));
  return b;
}

std::string IpAddress::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (v4) {
    const std::uint32_t n = htonl(v4_value());
    inet_ntop(AF_INET, &n, text, sizeof text);
  } else {
    const auto b = bytes();
    inet_ntop(AF_INET6, b.data(), text, sizeof text);
  }
  return text;
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN] = {};
  std::memcpy(buffer, text.data(), text.size());
  if (text.find(':') == std::string_view::npos) {
    in_addr a{};
    if (inet_pton(AF_INET, buffer, &a) != 1) return std::nullopt;
    return ipv4(ntohl(a.s_addr));
  }
  in6_addr a{};
  if (inet_pton(AF_INET6, buffer, &a) != 1) return std::nullopt;
  return from_bytes(a.s6_addr);
}

std::optional<IpRange> parse_cidr(std::string_view text) {
  const auto slash = text.find('/');
  const auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return std::nullopt;
  const int bits = ip->v4 ? 32 : 128;
  int prefix = bits;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    prefix = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > bits) return std::nullopt;
  }
  const int host_bits = bits - prefix;  // bits that vary inside the network
  auto mask_hi = [&](int n) { return n >= 64 ? ~0ull : n <= 0 ? 0ull : (1ull << n) - 1; };
  const std::uint64_t low_mask = mask_hi(host_bits);
  const std::uint64_t high_mask = host_bits > 64 ? mask_hi(host_bits - 64) : 0ull;
  IpRange range{*ip, *ip};
  range.first.lo &= ~low_mask;
  range.first.hi &= ~high_mask;
  range.last.lo |= low_mask;
  range.last.hi |= high_mask;
  return range;
}

}  // namespace candor::plugins::geoip
