// The endpoint plugin through the real pipeline on candidates with an `endpoint` section, with
// the remote-access table converted from the LOLRMM catalogue in ../shared.
#include <algorithm>

#include "candor/error.hpp"
#include "candor/pipeline.hpp"
#include "catalogue.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "ipkvm.hpp"

namespace candor::plugins::endpoint {
std::shared_ptr<PluginFactory> make_factory();
}

using namespace candor;

namespace {

std::string table() {
  const std::string t = CANDOR_TEST_RMM_TABLE;
  INFO("no remote-access tools table: ../shared/data/rmm was missing at configure time");
  REQUIRE_FALSE(t.empty());
  return t;
}

Verdict screen(const nlohmann::json& endpoint, nlohmann::json section = nlohmann::json::object()) {
  auto factory = plugins::endpoint::make_factory();
  section["rmm_table"] = table();
  factory->configure(section, PluginSetup{DataDir("/nonexistent"), nullptr, "test"});
  Pipeline pipeline(default_policy(), {factory}, nullptr);
  const nlohmann::json c = {
      {"id", "c1"},
      {"name", "Test Person"},
      {"claimed_location", {{"country", "US"}, {"timezone", "America/Chicago"}}},
      {"endpoint", endpoint}};
  return pipeline.make_worker()->screen(parse_candidate(c, "test.json", "/"));
}

std::vector<std::string> ids(const Verdict& v) {
  std::vector<std::string> out;
  for (const auto& s : v.signals) out.push_back(s.signal.id + ":" + s.signal.level);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("the LOLRMM table knows AnyDesk by executable, product and folder", "[endpoint]") {
  const auto rmm = plugins::endpoint::RmmCatalogue::load(table());
  CHECK(rmm.tools() > 100);
  CHECK(rmm.match({"h", "process", "AnyDesk.exe", "", ""})->tool == "AnyDesk");
  CHECK(rmm.match({"h", "program", "AnyDesk", "", ""})->tool == "AnyDesk");
  CHECK(rmm.match({"h", "program", "Radmin Server", "", ""})->matched == "product");
  CHECK(rmm.match({"h", "app", "Something", "/Applications/AnyDesk.app", ""})->tool == "AnyDesk");
  CHECK_FALSE(rmm.match({"h", "process", "mstsc.exe", "C:\\Windows\\System32\\mstsc.exe", ""}));
  CHECK_FALSE(rmm.match({"h", "process", "chrome.exe", "", ""}));
}

TEST_CASE("IP-KVM identities: default serial, gadget id, class pattern, MAC prefix", "[endpoint]") {
  const nlohmann::json pikvm = {
      {"host", "h"}, {"vendor_id", "0x1D6B"}, {"model_id", "0104"}, {"serial", "cafebabe"}};
  CHECK(ids(screen({{"usb_devices", {pikvm}}})) ==
        std::vector<std::string>{"endpoint.ipkvm:default_identity"});
  const nlohmann::json gadget = {{"host", "h"}, {"vendor_id", "1d6b"}, {"model_id", "104"}};
  CHECK(ids(screen({{"usb_devices", {gadget}}})) ==
        std::vector<std::string>{"endpoint.ipkvm:gadget"});
  const nlohmann::json composite = {{"host", "h"},      {"vendor_id", "046d"}, {"model_id", "c52b"},
                                    {"keyboard", true}, {"mouse", true},       {"storage", true}};
  CHECK(ids(screen({{"usb_devices", {composite}}})) ==
        std::vector<std::string>{"endpoint.ipkvm:composite"});
  CHECK(ids(screen({{"neighbour_macs", {"30:52:53:aa:bb:cc", "b8:27:eb:00:11:22"}}})) ==
        std::vector<std::string>{"endpoint.ipkvm:neighbour_high"});
  const nlohmann::json keyboard = {{"host", "h"}, {"vendor_id", "046d"}, {"model_id", "c52b"}};
  CHECK(screen({{"usb_devices", {keyboard}}}).signals.empty());
}

TEST_CASE("an IP-KVM's virtual drive under its maker's name; ordinary drives say nothing",
          "[endpoint]") {
  // The GL.iNet Comet's drive as Windows lists it (ipkvm-watch: VEN_GLINET&PROD_FLASH_DRIVE).
  const nlohmann::json comet = {
      {"host", "h"}, {"name", "/dev/sdb"}, {"vendor", "Glinet"}, {"model", "Flash Drive"}};
  const Verdict v = screen({{"drives", {comet}}});
  REQUIRE(ids(v) == std::vector<std::string>{"endpoint.ipkvm:default_identity"});
  CHECK(v.signals[0].signal.evidence["product"] == "GL.iNet Comet (GLKVM)");
  CHECK(v.signals[0].signal.evidence["source"] == "block_devices");
  CHECK(v.signals[0].signal.summary.find("virtual drive (Glinet Flash Drive)") !=
        std::string::npos);
  const nlohmann::json pikvm = {{"host", "h"}, {"vendor", "PiKVM"}, {"model", "Optical Drive"}};
  CHECK(ids(screen({{"drives", {pikvm}}})) ==
        std::vector<std::string>{"endpoint.ipkvm:default_identity"});
  const nlohmann::json disks = {
      {{"host", "h"}, {"name", "/dev/nvme0n1"}, {"vendor", ""}, {"model", "Samsung SSD 980"}},
      {{"host", "h"}, {"name", "/dev/sdc"}, {"vendor", "SanDisk"}, {"model", "Ultra Fit"}}};
  CHECK(screen({{"drives", disks}}).signals.empty());
}

TEST_CASE("remote-access tools, the allow-list and consumer VPNs", "[endpoint]") {
  const nlohmann::json software = {
      {{"host", "h"}, {"kind", "process"}, {"name", "AnyDesk.exe"}},
      {{"host", "h"}, {"kind", "app"}, {"name", "NordVPN"}, {"path", "/Applications/NordVPN.app"}},
      {{"host", "h"}, {"kind", "program"}, {"name", "Astrill VPN"}}};
  CHECK(ids(screen({{"software", software}})) ==
        std::vector<std::string>{"endpoint.consumer_vpn:astrill", "endpoint.consumer_vpn:other",
                                 "endpoint.remote_access:"});
  CHECK(ids(screen({{"software", software}}, {{"allow_rmm", {"anydesk"}}})) ==
        std::vector<std::string>{"endpoint.consumer_vpn:astrill", "endpoint.consumer_vpn:other"});
}

TEST_CASE("a laptop clock on another offset than the claimed zone", "[endpoint]") {
  // 2026-10-08: Chicago is UTC-5.
  const nlohmann::json seoul = {
      {"id", "h"}, {"last_seen", "2026-10-08T16:00:00Z"}, {"utc_offset_minutes", 540}};
  CHECK(ids(screen({{"hosts", {seoul}}})) ==
        std::vector<std::string>{"endpoint.clock_zone_mismatch:"});
  const nlohmann::json chicago = {
      {"id", "h"}, {"last_seen", "2026-10-08T16:00:00Z"}, {"local_timezone", "America/Chicago"}};
  CHECK(screen({{"hosts", {chicago}}}).signals.empty());
  const nlohmann::json named = {
      {"id", "h"}, {"last_seen", "2026-10-08T16:00:00Z"}, {"local_timezone", "Asia/Shanghai"}};
  CHECK(ids(screen({{"hosts", {named}}})) ==
        std::vector<std::string>{"endpoint.clock_zone_mismatch:"});
}

TEST_CASE("a malformed remote-access table is a data error naming the line", "[endpoint]") {
  test::TempDir dir;
  test::write_text(dir / "t.tsv", "# header\nAnyDesk\texe\n");
  try {
    plugins::endpoint::RmmCatalogue::load(dir / "t.tsv");
    FAIL("no error");
  } catch (const DataError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("t.tsv:2"));
  }
}
