#include "candidate_values.hpp"

#include <arpa/inet.h>
#include <date/tz.h>

#include <cstring>
#include <stdexcept>

namespace candor::detail {

bool valid_ip(std::string_view text) {
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return false;
  char buffer[INET6_ADDRSTRLEN] = {};
  std::memcpy(buffer, text.data(), text.size());
  unsigned char bytes[sizeof(in6_addr)];
  const int family = text.find(':') == std::string_view::npos ? AF_INET : AF_INET6;
  return inet_pton(family, buffer, bytes) == 1;
}

bool known_time_zone(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::runtime_error&) {
    return false;
  }
}

}  // namespace candor::detail
