#include "asn_cache.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "asn_table.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using namespace candor::plugins::geoip;
namespace fs = std::filesystem;

namespace {

const std::string kV6Csv =
    "2a01:4f8::,2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff,24940,Hetzner Online GmbH\n"
    "2001:4860::,2001:4860:ffff:ffff:ffff:ffff:ffff:ffff,15169,Google LLC\n"
    "2606:4700::,2606:4700:ffff:ffff:ffff:ffff:ffff:ffff,13335,\"Cloudflare, Inc.\"\n";

// Longer than the 8 KiB the stamp hashes, out of order, with quoted, repeated and empty names.
std::string v4_csv(const std::string& google_asn = "15169") {
  std::string csv =
      "ip_range_start,ip_range_end,autonomous_system_number,autonomous_system_organization\n";
  csv += "8.8.8.0,8.8.8.255," + google_asn + ",Google LLC\n";
  csv += "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n";
  csv += "1.1.1.0,1.1.1.255,13335,\"Cloudflare, Inc.\"\n";
  csv += "9.9.9.0,9.9.9.255,19281,\n";
  for (int i = 0; i < 400; ++i)
    csv += "10." + std::to_string(i / 2) + "." + std::to_string(i % 2 * 128) + ".0,10." +
           std::to_string(i / 2) + "." + std::to_string(i % 2 * 128 + 127) + ".255," +
           std::to_string(64512 + i) + ",Private network " + std::to_string(i % 7) + "\n";
  csv += "175.45.176.0,175.45.179.255,131279,Ryugyong-dong\n";
  return csv;
}

// Range edges, their neighbours and misses.
const char* const kProbes =
    "8.8.8.8 8.8.8.0 8.8.9.0 1.0.0.255 1.1.1.1 9.9.9.9 10.0.0.1 10.0.127.255 10.0.128.0 "
    "10.199.255.255 10.200.0.0 175.45.178.3 0.255.255.255 255.255.255.255 2a01:4f8:c17:1::2 "
    "2a01:4f9::1 2001:4860::8888 2606:4700::1111 ::1";

// Every probe's answer as text, for comparing whole tables.
std::vector<std::string> answers(const AsnTable& table) {
  std::vector<std::string> out;
  std::istringstream probes(kProbes);
  for (std::string probe; probes >> probe;) {
    const auto hit = table.lookup(*parse_ip(probe));
    out.push_back(probe + " " +
                  (hit ? std::to_string(hit->number) + " " + hit->organization : "-"));
  }
  return out;
}

AsnTable load(const test::TempDir& dir) {
  AsnTable table;
  table.load_csv(dir / "asn-ipv4.csv");
  table.load_csv(dir / "asn-ipv6.csv");
  table.finish();
  return table;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool cache_is_current(const fs::path& csv) {
  return read_asn_cache(csv, *stamp_of(csv)).has_value();
}

}  // namespace

TEST_CASE("a second load reads the cache beside the CSV and answers the same", "[geoip]") {
  test::TempDir dir;
  test::write_text(dir / "asn-ipv4.csv", v4_csv());
  test::write_text(dir / "asn-ipv6.csv", kV6Csv);
  const AsnTable parsed = load(dir);
  CHECK(parsed.size() == 408);
  CHECK(parsed.lookup(*parse_ip("1.1.1.1"))->organization == "Cloudflare, Inc.");
  CHECK(parsed.lookup(*parse_ip("10.199.200.1"))->number == 64512 + 399);
  CHECK(parsed.lookup(*parse_ip("2001:4860::8888"))->organization == "Google LLC");
  CHECK(parsed.lookup(*parse_ip("9.9.9.9"))->organization.empty());
  REQUIRE(cache_is_current(dir / "asn-ipv4.csv"));
  REQUIRE(cache_is_current(dir / "asn-ipv6.csv"));

  const std::string cache = slurp(asn_cache_path(dir / "asn-ipv4.csv"));
  const AsnTable cached = load(dir);
  CHECK(cached.size() == parsed.size());
  CHECK(answers(cached) == answers(parsed));
  CHECK(slurp(asn_cache_path(dir / "asn-ipv4.csv")) == cache);  // read, not rewritten

  // The v6 file alone, then the v4 file: organisation indexes follow the load order.
  AsnTable reversed;
  reversed.load_csv(dir / "asn-ipv6.csv");
  reversed.load_csv(dir / "asn-ipv4.csv");
  reversed.finish();
  CHECK(answers(reversed) == answers(parsed));
}

TEST_CASE("a changed CSV is parsed again rather than answered from its old cache", "[geoip]") {
  test::TempDir dir;
  const fs::path csv = dir / "asn-ipv4.csv";
  test::write_text(csv, v4_csv());
  test::write_text(dir / "asn-ipv6.csv", kV6Csv);
  CHECK(load(dir).lookup(*parse_ip("8.8.8.8"))->number == 15169);

  test::write_text(csv, v4_csv("396982"));  // another size
  CHECK(load(dir).lookup(*parse_ip("8.8.8.8"))->number == 396982);
  CHECK(cache_is_current(csv));

  // Same size and same modification time: the hash of the file's edges tells them apart.
  const auto time = fs::last_write_time(csv);
  test::write_text(csv, v4_csv("396983"));
  fs::last_write_time(csv, time);
  CHECK(load(dir).lookup(*parse_ip("8.8.8.8"))->number == 396983);

  test::write_text(csv, "");  // a failed download: no ranges, parsed or cached
  CHECK(load(dir).size() == 3);
  CHECK(cache_is_current(csv));
  CHECK(load(dir).size() == 3);

  test::write_text(csv, v4_csv() + "1.2.3.0,zzz,1,broken\n");
  CHECK_THROWS_WITH(load(dir), Catch::Contains("asn-ipv4.csv") && Catch::Contains("line 407"));
}

TEST_CASE("a truncated or corrupt cache is ignored and rebuilt", "[geoip]") {
  test::TempDir dir;
  const fs::path csv = dir / "asn-ipv4.csv";
  test::write_text(csv, v4_csv());
  test::write_text(dir / "asn-ipv6.csv", kV6Csv);
  const auto expected = answers(load(dir));
  const std::string good = slurp(asn_cache_path(csv));
  REQUIRE(good.size() > 1000);

  auto flipped = [&](std::size_t at) {
    std::string bytes = good;
    bytes[at] = static_cast<char>(bytes[at] ^ 0x40);
    return bytes;
  };
  const std::vector<std::pair<std::string, std::string>> damaged = {
      {"empty", ""},
      {"ten bytes", good.substr(0, 10)},
      {"header only", good.substr(0, 80)},
      {"truncated", good.substr(0, good.size() / 2)},
      {"one byte short", good.substr(0, good.size() - 1)},
      {"one byte more", good + "x"},
      {"a count changed", flipped(48)},
      {"a range changed", flipped(100)},
      {"a name changed", flipped(good.size() - 3)},
      {"garbage", std::string(good.size(), '\xa5')},
      {"text", "ip_range_start,ip_range_end\n"}};
  for (const auto& [what, bytes] : damaged) {
    INFO(what);
    test::write_text(asn_cache_path(csv), bytes);
    CHECK(answers(load(dir)) == expected);
    CHECK(slurp(asn_cache_path(csv)) == good);
  }
}

TEST_CASE("an unwritable folder loads without a cache", "[geoip]") {
  test::TempDir dir;
  test::write_text(dir / "asn-ipv4.csv", v4_csv());
  test::write_text(dir / "asn-ipv6.csv", kV6Csv);
  const auto expected = answers(load(dir));
  fs::remove(asn_cache_path(dir / "asn-ipv4.csv"));
  fs::remove(asn_cache_path(dir / "asn-ipv6.csv"));

  fs::permissions(dir.path(), fs::perms::owner_read | fs::perms::owner_exec);
  CHECK(answers(load(dir)) == expected);
  // Root writes anyway; anyone else finds no cache.
  if (::geteuid() != 0) CHECK_FALSE(fs::exists(asn_cache_path(dir / "asn-ipv4.csv")));
  fs::permissions(dir.path(), fs::perms::owner_all);

  // A folder in the cache's place cannot be read or replaced, even by root.
  fs::remove(asn_cache_path(dir / "asn-ipv4.csv"));
  test::write_text(asn_cache_path(dir / "asn-ipv4.csv") / "in-the-way", "x");
  CHECK(answers(load(dir)) == expected);
  CHECK(answers(load(dir)) == expected);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 4);  // two CSVs, the v6 cache, the folder: no temporary files left
}
