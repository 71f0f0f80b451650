#include "mmdb_reader.hpp"

#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "candor/data_dir.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using namespace candor::plugins::geoip;

namespace {
std::filesystem::path test_db(const std::string& name) {
  return test::shared_dir() / "data" / "mmdb-test" / name;
}

std::vector<std::string> split(const std::string& s, char d) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, d);) out.push_back(part);
  return out;
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}
}  // namespace

TEST_CASE("the reader reproduces every golden lookup of expected-lookups.tsv", "[geoip]") {
  const std::string text =
      read_file(test::shared_dir() / "data" / "mmdb-test" / "expected-lookups.tsv");
  std::map<std::string, std::shared_ptr<const MmdbReader>> readers;
  std::size_t checked = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split(line, '\t');
    REQUIRE(f.size() == 4);
    auto& reader = readers[f[0]];
    if (!reader) reader = MmdbReader::open(test_db(f[0]));
    const auto ip = parse_ip(f[1]);
    REQUIRE(ip);
    const PathLookup got = reader->lookup_path(*ip, split(f[2], '/'));
    INFO(line);
    if (f[3] == "IP_NOT_FOUND") {
      CHECK_FALSE(got.found_entry);
    } else if (f[3] == "PATH_ABSENT") {
      CHECK(got.found_entry);
      CHECK_FALSE(got.value);
    } else {
      CHECK(got.found_entry);
      REQUIRE(got.value);
      CHECK(*got.value == f[3]);
    }
    ++checked;
  }
  CHECK(checked == 383);
  CHECK(readers.size() == 10);
}

TEST_CASE("each test database is recognised by its metadata", "[geoip]") {
  const std::vector<std::pair<std::string, DbKind>> expected{
      {"GeoIP2-City-Test.mmdb", DbKind::city},
      {"GeoIP2-Country-Test.mmdb", DbKind::country},
      {"GeoIP2-Enterprise-Test.mmdb", DbKind::enterprise},
      {"GeoLite2-ASN-Test.mmdb", DbKind::asn},
      {"GeoIP2-ISP-Test.mmdb", DbKind::isp},
      {"GeoIP2-Connection-Type-Test.mmdb", DbKind::connection_type},
      {"GeoIP2-Anonymous-IP-Test.mmdb", DbKind::anonymous_ip},
      {"GeoIP-Anonymous-Plus-Test.mmdb", DbKind::anonymous_plus},
      {"GeoIP2-IP-Risk-Test.mmdb", DbKind::ip_risk},
      {"GeoIP-Residential-Proxy-Test.mmdb", DbKind::residential_proxy},
      {"GeoIP2-Domain-Test.mmdb", DbKind::unknown},
  };
  for (const auto& [file, kind] : expected) {
    INFO(file);
    CHECK(kind_name(MmdbReader::open(test_db(file))->kind()) == kind_name(kind));
  }
}

TEST_CASE("typed records are copied out of the map", "[geoip]") {
  std::optional<GeoRecord> city;
  {
    const auto reader = MmdbReader::open(test_db("GeoIP2-City-Test.mmdb"));
    city = reader->lookup(*parse_ip("216.160.83.56"));
    CHECK_FALSE(reader->lookup(*parse_ip("8.8.8.8")));
  }  // the reader (and its map) is gone; the record must still be intact
  REQUIRE(city);
  CHECK(city->country == "US");
  CHECK(city->city == "Milton");
  CHECK(city->region == "Washington");
  CHECK(city->time_zone == "America/Los_Angeles");
  CHECK(*city->latitude == Approx(47.2513));
  CHECK(*city->accuracy_radius_km == 22);

  const auto anon = MmdbReader::open(test_db("GeoIP2-Anonymous-IP-Test.mmdb"));
  const auto all = anon->lookup(*parse_ip("81.2.69.1"));
  REQUIRE(all);
  CHECK((all->is_anonymous && all->is_anonymous_vpn && all->is_hosting_provider &&
         all->is_public_proxy && all->is_residential_proxy && all->is_tor_exit_node));
  const auto vpn = anon->lookup(*parse_ip("6.1.0.1"));
  REQUIRE(vpn);
  CHECK((vpn->is_anonymous_vpn && !vpn->is_hosting_provider && !vpn->is_tor_exit_node));
  const auto clean = anon->lookup(*parse_ip("8.8.8.8"));  // found, empty map
  REQUIRE(clean);
  CHECK_FALSE((clean->is_anonymous || clean->is_anonymous_vpn || clean->is_tor_exit_node));

  const auto asn =
      MmdbReader::open(test_db("GeoLite2-ASN-Test.mmdb"))->lookup(*parse_ip("1.128.0.1"));
  REQUIRE(asn);
  CHECK(*asn->asn == 1221);
  CHECK(asn->as_organization == "Telstra Pty Ltd");

  const auto proxy =
      MmdbReader::open(test_db("GeoIP-Residential-Proxy-Test.mmdb"))->lookup(*parse_ip("1.2.0.4"));
  REQUIRE(proxy);
  CHECK(proxy->is_residential_proxy);
  CHECK(proxy->provider_name == "quickshift");
  CHECK(*proxy->anonymizer_confidence == 82);
}

TEST_CASE("missing, truncated and garbage databases are DataErrors naming the file", "[geoip]") {
  test::TempDir dir;
  CHECK_THROWS_WITH(MmdbReader::open(dir / "absent.mmdb"), Catch::Contains("absent.mmdb"));

  const std::string good = read_file(test_db("GeoIP2-City-Test.mmdb"));
  std::size_t rejected = 0, survived = 0;
  // Truncations everywhere: header, search tree, data section, metadata.
  for (std::size_t cut :
       {std::size_t{0}, std::size_t{1}, std::size_t{100}, good.size() / 4, good.size() / 2,
        good.size() - 2000, good.size() - 200, good.size() - 50, good.size() - 1}) {
    const auto path = dir / ("cut-" + std::to_string(cut) + ".mmdb");
    write_bytes(path, good.substr(0, cut));
    INFO("truncated to " << cut);
    try {
      MmdbReader::open(path);
      ++survived;  // only possible when the metadata survived intact; lookups must still be safe
    } catch (const DataError& e) {
      CHECK_THAT(e.what(), Catch::Contains(path.filename().string()));
      ++rejected;
    }
  }
  CHECK(rejected >= 8);

  std::mt19937 rng(7);
  std::string noise(20000, '\0');
  for (auto& c : noise) c = static_cast<char>(rng());
  write_bytes(dir / "random.mmdb", noise);
  CHECK_THROWS_AS(MmdbReader::open(dir / "random.mmdb"), DataError);
  CHECK_THROWS_WITH(MmdbReader::open(dir / "random.mmdb"), Catch::Contains("random.mmdb"));

  // Garbage in front of a real metadata section: the tree and data are noise.
  const auto marker = good.rfind(std::string("\xab\xcd\xefMaxMind.com", 14));
  REQUIRE(marker != std::string::npos);
  write_bytes(dir / "noise-tree.mmdb", noise + good.substr(marker));
  std::size_t errors = 0;
  try {
    const auto reader = MmdbReader::open(dir / "noise-tree.mmdb");
    for (std::uint32_t i = 0; i < 5000; ++i) {
      try {
        reader->lookup(ipv4(rng()));
      } catch (const DataError& e) {
        CHECK_THAT(e.what(), Catch::Contains("noise-tree.mmdb"));
        ++errors;
      }
    }
  } catch (const DataError& e) {
    CHECK_THAT(e.what(), Catch::Contains("noise-tree.mmdb"));
    ++errors;
  }
  CHECK(errors > 0);
  (void)survived;
}
