#pragma once
// A binary copy of one parsed ASN CSV kept beside it (`<csv>.cache`), so that later starts copy
// arrays instead of parsing ~30 MB of text. It is an optimisation only: a missing, stale,
// truncated or corrupt cache is ignored, and a cache that cannot be written is not written.
#include <cstdint>
#include <filesystem>
#include <optional>

#include "asn_table.hpp"

namespace candor::plugins::geoip {

/// What identifies the CSV a cache was built from.
struct CsvStamp {
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  /// A hash of the first and last 4 KiB, for edits that keep the size and the time.
  std::uint64_t edge_hash = 0;
};

/// The stamp of `csv` as it is now; nullopt when it cannot be read.
std::optional<CsvStamp> stamp_of(const std::filesystem::path& csv);

/// Where the cache of `csv` lives: `<csv>.cache`.
std::filesystem::path asn_cache_path(const std::filesystem::path& csv);

/// The cached ranges of `csv` when the cache is intact and was built from `stamp`; else nullopt.
std::optional<AsnRanges> read_asn_cache(const std::filesystem::path& csv, const CsvStamp& stamp);

/// Writes the cache of `csv` through a temporary file and a rename; failures are ignored.
void write_asn_cache(const std::filesystem::path& csv, const CsvStamp& stamp,
                     const AsnRanges& ranges);

}  // namespace candor::plugins::geoip
