// MaxMind DB files as a feed or `--geoip-db` delivers them: opened through the geoip reader and
// looked up at a few addresses, whole records and single paths.
#include <fstream>

#include "fuzz_target.hpp"
#include "ip_address.hpp"
#include "mmdb_reader.hpp"
#include "scratch_dir.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace geoip = candor::plugins::geoip;
  static const candor::fuzz::ScratchDir folder("mmdb");
  const auto file = folder.path() / "fuzz.mmdb";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  return candor::fuzz::expect_clean_outcome([&] {
    const auto reader = geoip::MmdbReader::open(file);
    for (const char* text : {"81.2.69.160", "2001:218::1", "1.2.3.4", "::1"}) {
      const auto ip = geoip::parse_ip(text);
      reader->lookup(*ip);
      reader->keys(*ip);
      reader->lookup_path(*ip, {"location", "latitude"});
    }
  });
}
