#pragma once
// Downloads for feeds and models, through libcurl: https:// and file:// only, a size limit,
// a temporary file, an optional SHA-256 check, then an atomic rename into place. Conditional
// requests (ETag / If-Modified-Since) leave an unchanged file alone.
#include <cstdint>
#include <filesystem>
#include <string>

namespace candor {

struct FetchRequest {
  std::string url;  ///< https://… or file://…
  std::filesystem::path destination;
  std::uint64_t max_bytes = 512ull << 20;
  std::string expected_sha256;  ///< lower-case hex; empty: not checked
  std::string etag;             ///< from the last fetch; empty: unconditional
  std::string last_modified;    ///< from the last fetch (HTTP date)
};

struct FetchResult {
  bool modified = true;  ///< false when the server said 304 Not Modified
  std::string etag;
  std::string last_modified;
  std::uint64_t bytes = 0;
  std::string sha256;
};

/// Fetches `request.url` into `request.destination`. DataError naming the URL on any failure
/// (bad scheme, network, HTTP status, too large, checksum mismatch); the destination is then
/// untouched.
FetchResult fetch_to_file(const FetchRequest& request);

/// A file a plugin keeps current with `candor feeds update`.
struct Feed {
  std::string name;  ///< e.g. "tor-exits"
  std::string url;   ///< default source
  std::string file;  ///< destination relative to the data directory, e.g. "geoip/tor-exits.txt"
  std::string description;
  std::uint64_t max_bytes = 512ull << 20;
};

}  // namespace candor
