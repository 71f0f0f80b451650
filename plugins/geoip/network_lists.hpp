#pragma once
// Labelled network lists: the hosting-ASN list, CIDR feeds (Tor exits, VPN and datacenter
// ranges) and the user's watchlist. A line is `CIDR [label]`, `ADDRESS [label]` or
// `AS123 [label]`; `#` starts a comment.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ip_address.hpp"

namespace candor::plugins::geoip {

/// Where a listed network or AS came from and what it is.
struct ListHit {
  std::string source;   ///< list name, e.g. "tor-exits", "hosting-asns", "watchlist"
  std::string kind;     ///< tor | vpn | hosting | proxy | watchlist
  std::string label;    ///< provider or note from the line
  std::string matched;  ///< the CIDR or AS that matched
};

class NetworkLists {
 public:
  /// Adds a list file; DataError naming the file and line when a line is malformed.
  void load(const std::filesystem::path& path, const std::string& source, const std::string& kind);
  /// Sorts what was loaded; call once after the last load.
  void finish();
  /// Every list entry covering `ip` or its AS.
  std::vector<ListHit> match(const IpAddress& ip, std::optional<std::uint32_t> asn) const;
  std::size_t network_count() const { return ranges_.size(); }
  std::size_t asn_count() const { return asns_.size(); }

 private:
  struct Entry {
    IpRange range;
    std::uint32_t info;
  };
  struct Info {
    std::string source, kind, label, matched;
  };
  std::vector<Entry> ranges_;
  std::vector<IpAddress> max_last_;  // running maximum of range.last, for overlapping ranges
  std::unordered_multimap<std::uint32_t, std::uint32_t> asns_;
  std::vector<Info> infos_;
};

}  // namespace candor::plugins::geoip
