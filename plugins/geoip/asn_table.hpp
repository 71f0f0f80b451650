#pragma once
// IP-to-ASN ranges from the ip-location-db CSV layout
// (ip_range_start,ip_range_end,autonomous_system_number,autonomous_system_organization),
// IPv4 and IPv6, held as sorted parallel arrays searched by binary search. Each parsed CSV is
// kept in a binary cache beside it (asn_cache.hpp) so later starts skip the parsing.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ip_address.hpp"

namespace candor::plugins::geoip {

/// One answer: the AS number and its organisation.
struct AsnInfo {
  std::uint32_t number = 0;
  std::string organization;
};

/// The ranges of one CSV file in file order. Organisation `org` is the text of `org_text` from
/// `org_end[org - 1]` (0 for the first) to `org_end[org]`: one block, not many small strings.
struct AsnRanges {
  struct V6 {
    IpAddress first, last;
    std::uint32_t asn;
    std::uint32_t org;
  };
  std::vector<std::uint32_t> v4_first, v4_last, v4_asn, v4_org;
  std::vector<V6> v6;
  std::string org_text;
  std::vector<std::uint32_t> org_end;
};

class AsnTable {
 public:
  /// Adds every range of a CSV file; DataError naming the file and line when malformed.
  /// Reads `<path>.cache` instead when it matches the file, else writes it (if it can).
  void load_csv(const std::filesystem::path& path);
  /// Sorts what was loaded; call once after the last load_csv.
  void finish();
  /// The AS announcing `ip`, if any.
  std::optional<AsnInfo> lookup(const IpAddress& ip) const;
  std::size_t size() const { return v4_first_.size() + v6_.size(); }
  const std::vector<std::filesystem::path>& files() const { return files_; }

 private:
  using V6Range = AsnRanges::V6;
  void append(AsnRanges ranges);
  std::string organization(std::uint32_t org) const;

  std::vector<std::uint32_t> v4_first_, v4_last_, v4_asn_, v4_org_;
  std::vector<V6Range> v6_;
  std::string org_text_;
  std::vector<std::uint32_t> org_end_;
  std::vector<std::filesystem::path> files_;
};

/// True when `path` looks like an ASN CSV (name contains "asn" and ends in .csv).
bool is_asn_csv_name(const std::filesystem::path& path);

}  // namespace candor::plugins::geoip
