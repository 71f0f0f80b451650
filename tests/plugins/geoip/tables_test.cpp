#include "asn_table.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "network_lists.hpp"

using namespace candor;
using namespace candor::plugins::geoip;

TEST_CASE("IPv4 and IPv6 addresses and CIDRs parse into one order", "[geoip]") {
  CHECK(parse_ip("81.2.69.1")->to_string() == "81.2.69.1");
  CHECK(parse_ip("::ffff:81.2.69.1")->v4);
  CHECK(parse_ip("2001:db8::1")->to_string() == "2001:db8::1");
  CHECK_FALSE(parse_ip("999.1.1.1"));
  CHECK_FALSE(parse_ip("not an ip"));
  const auto net = parse_cidr("175.45.176.0/22");
  REQUIRE(net);
  CHECK(net->first.to_string() == "175.45.176.0");
  CHECK(net->last.to_string() == "175.45.179.255");
  const auto v6 = parse_cidr("2a01:4f8::/32");
  CHECK(v6->last.to_string() == "2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff");
  CHECK_FALSE(parse_cidr("10.0.0.0/33"));
}

TEST_CASE("ASN ranges from CSV answer by binary search, IPv4 and IPv6", "[geoip]") {
  test::TempDir dir;
  test::write_text(dir / "asn-ipv4.csv",
                   "8.8.8.0,8.8.8.255,15169,Google LLC\n"
                   "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"\n"
                   "175.45.176.0,175.45.179.255,131279,Ryugyong-dong\n");
  test::write_text(dir / "asn-ipv6.csv",
                   "2a01:4f8::,2a01:4f8:ffff:ffff:ffff:ffff:ffff:ffff,24940,Hetzner Online GmbH\n");
  AsnTable table;
  table.load_csv(dir / "asn-ipv4.csv");
  table.load_csv(dir / "asn-ipv6.csv");
  table.finish();
  CHECK(table.size() == 4);
  CHECK(table.lookup(*parse_ip("1.0.0.1"))->organization == "Cloudflare, Inc.");
  CHECK(table.lookup(*parse_ip("8.8.8.8"))->number == 15169);
  CHECK(table.lookup(*parse_ip("175.45.178.3"))->number == 131279);
  CHECK_FALSE(table.lookup(*parse_ip("8.8.9.0")));
  CHECK_FALSE(table.lookup(*parse_ip("0.255.255.255")));
  CHECK(table.lookup(*parse_ip("2a01:4f8:c17:1::2"))->number == 24940);
  CHECK_FALSE(table.lookup(*parse_ip("2a01:4f9::1")));

  test::write_text(dir / "bad-asn.csv", "1.0.0.0,1.0.0.255,13335,ok\n1.0.1.0,zzz,1,broken\n");
  AsnTable bad;
  CHECK_THROWS_WITH(bad.load_csv(dir / "bad-asn.csv"),
                    Catch::Contains("bad-asn.csv") && Catch::Contains("line 2"));
}

TEST_CASE("network lists match CIDRs, single addresses and AS numbers", "[geoip]") {
  test::TempDir dir;
  test::write_text(dir / "watch.txt",
                   "# seen by the security team\n"
                   "104.238.128.0/17  Astrill exit range\n"
                   "104.238.191.23    Astrill exit\n"
                   "AS9009 M247\n"
                   "2a01:4f8::/32 Hetzner v6\n");
  NetworkLists lists;
  lists.load(dir / "watch.txt", "watchlist", "watchlist");
  lists.finish();
  CHECK(lists.network_count() == 3);
  CHECK(lists.asn_count() == 1);
  CHECK(lists.match(*parse_ip("104.238.191.23"), std::nullopt).size() == 2);
  CHECK(lists.match(*parse_ip("104.238.130.1"), std::nullopt).at(0).label == "Astrill exit range");
  CHECK(lists.match(*parse_ip("8.8.8.8"), std::nullopt).empty());
  CHECK(lists.match(*parse_ip("8.8.8.8"), 9009).at(0).matched == "AS9009");
  CHECK(lists.match(*parse_ip("2a01:4f8::1"), std::nullopt).size() == 1);
  test::write_text(dir / "bad.txt", "10.0.0.0/8 ok\nfoo bar\n");
  NetworkLists bad;
  CHECK_THROWS_WITH(bad.load(dir / "bad.txt", "x", "vpn"),
                    Catch::Contains("bad.txt") && Catch::Contains("line 2"));
}
