// `candor audit` through the application layer on samples/contractor-audit (roster, Okta System
// Log, osquery results): who is flagged with what, re-audits and their `changes`, malformed lines
// and contractors without telemetry.
#include <map>
#include <set>
#include <tuple>

#include "candor/app/audit.hpp"
#include "candor/app/screener.hpp"
#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;

namespace {

std::filesystem::path sample() { return test::source_dir() / "samples" / "contractor-audit"; }

std::string rmm_table() {
  const std::string table = CANDOR_TEST_RMM_TABLE;
  INFO(
      "the LOLRMM catalogue was not found beside the checkout (../shared/data/rmm) at "
      "configure time, so no remote-access tools table was built");
  REQUIRE_FALSE(table.empty());
  return table;
}

app::ScreenerOptions screening(const test::TempDir& data) {
  app::ScreenerOptions o;
  o.data_dir = data.path().string();
  o.plugin_values["--rmm-table"] = {rmm_table()};
  return o;
}

app::AuditOptions sample_audit() {
  app::AuditOptions o;
  o.roster = (sample() / "roster.jsonl").string();
  o.okta = {(sample() / "okta.jsonl").string(), (sample() / "okta.json").string()};
  o.osquery = {{(sample() / "osquery").string(), ""}};
  return o;
}

struct Run {
  app::AuditSummary summary;
  std::map<std::string, nlohmann::json> by_id;
};

Run audit(const app::AuditOptions& options, const app::ScreenerOptions& screening) {
  const app::Screener screener(screening);
  Run run;
  run.summary = app::run_audit(options, screener, [&](const nlohmann::json& line) {
    run.by_id[line["candidate"].get<std::string>()] = line;
  });
  return run;
}

// The contractors a verdict shares an identifier of `kind` with (links.shared_identifier).
std::set<std::string> shared_with(const Run& run, const std::string& id, const std::string& kind) {
  std::set<std::string> others;
  for (const auto& s : run.by_id.at(id).value("signals", nlohmann::json::array()))
    if (s["id"] == "links.shared_identifier" && s.value("level", "") == kind)
      for (const auto& o : s["evidence"]["others"]) others.insert(o["id"].get<std::string>());
  return others;
}

// Signal ids (with level) of a verdict.
std::set<std::string> signals(const nlohmann::json& verdict) {
  std::set<std::string> out;
  for (const auto& s : verdict["signals"])
    out.insert(s["id"].get<std::string>() +
               (s.contains("level") ? ":" + s["level"].get<std::string>() : ""));
  return out;
}

bool has_signal(const nlohmann::json& verdict, const std::string& id) {
  for (const auto& s : verdict["signals"])
    if (s["id"] == id) return true;
  return false;
}

}  // namespace

TEST_CASE("an audit flags exactly the expected contractors with the expected signals",
          "[app][audit]") {
  test::TempDir data;
  const auto run = audit(sample_audit(), screening(data));
  const auto& v = run.by_id;
  REQUIRE(v.size() == 8);
  CHECK(run.summary.telemetry.malformed == 0);

  CHECK(v.at("alice")["band"] == "high");
  CHECK(signals(v.at("alice")) == std::set<std::string>{"endpoint.ipkvm:default_identity"});
  CHECK(v.at("alice")["subject"]["kind"] == "contractor");

  CHECK(v.at("bob")["band"] == "review");
  CHECK(signals(v.at("bob")) ==
        std::set<std::string>{"endpoint.remote_access", "endpoint.consumer_vpn:astrill"});

  for (const char* farm : {"carol", "dave"}) {
    INFO(farm);
    CHECK(v.at(farm)["band"] != "clear");
    CHECK(signals(v.at(farm)).count("links.shared_identifier:egress_ip_days"));
    for (const auto& s : v.at(farm)["signals"]) CHECK(s["id"] == "links.shared_identifier");
  }

  CHECK(v.at("erin")["band"] == "review");
  CHECK(signals(v.at("erin")) == std::set<std::string>{"idp.impossible_travel"});

  CHECK(v.at("frank")["band"] == "clear");
  CHECK(v.at("frank")["signals"].empty());
  CHECK(v.at("frank")["telemetry"]["okta"]["sign_ins"] == 5);
  CHECK(v.at("frank")["telemetry"]["hosts"].size() == 1);

  CHECK(v.at("gina")["status"] == "skipped");
  CHECK_THAT(v.at("gina")["reason"].get<std::string>(), Catch::Contains("lt-gina"));
  CHECK(run.summary.skipped == 1);

  // The hiring record's own sessions still count (Daniel Novak's DPRK address), and his Okta
  // sign-in hours reach the timezone plugin.
  CHECK(v.at("contractor-audit")["band"] == "critical");
  CHECK(has_signal(v.at("contractor-audit"), "geoip.dprk_network"));
  CHECK(has_signal(v.at("contractor-audit"), "timezone.round_the_clock"));
  // A first audit has nothing to compare with.
  CHECK_FALSE(v.at("alice").contains("changes"));
}

TEST_CASE("a re-audit reports no changes, then the new KVM on the clean laptop", "[app][audit]") {
  test::TempDir data;
  const auto options = screening(data);
  auto audit_options = sample_audit();
  audit(audit_options, options);
  const auto second = audit(audit_options, options);
  for (const auto& [id, verdict] : second.by_id) {
    INFO(id);
    if (id == "gina") continue;
    REQUIRE(verdict.contains("changes"));
    CHECK(verdict["changes"] == nlohmann::json::array());
  }
  CHECK(second.summary.changed == 0);

  // A PiKVM appears on Frank's laptop.
  test::write_text(data / "kvm.log",
                   R"({"name":"pack_candor-audit_candor_usb_devices","hostIdentifier":"lt-frank",)"
                   R"("unixTime":1791475200,"columns":{"vendor":"Linux Foundation",)"
                   R"("vendor_id":"1D6B","model":"Multifunction Composite Gadget",)"
                   R"("model_id":"0104","serial":"CAFEBABE"},"action":"added"})"
                   "\n");
  audit_options.osquery.push_back({(data / "kvm.log").string(), ""});
  const auto third = audit(audit_options, options);
  const auto& changes = third.by_id.at("frank")["changes"];
  REQUIRE(changes.size() == 2);
  CHECK(changes[0]["change"] == "new_signal");
  CHECK(changes[0]["id"] == "endpoint.ipkvm");
  CHECK(changes[0]["level"] == "default_identity");
  CHECK(changes[1] == nlohmann::json{{"change", "band"}, {"from", "clear"}, {"to", "high"}});
  CHECK(third.by_id.at("alice")["changes"] == nlohmann::json::array());
  CHECK(third.summary.changed == 1);
}

TEST_CASE("malformed log lines are counted and named and the audit goes on", "[app][audit]") {
  test::TempDir data;
  test::write_text(data / "okta.jsonl",
                   "{\"published\": \"2026-10-05T14:00:00Z\", \"actor\": {\"id\": \"00ux\"}}\n"
                   "{not json\n"
                   "{\"published\": \"yesterday\", \"actor\": {\"id\": \"00ux\"}}\n");
  test::write_text(data / "osquery.log",
                   "{\"name\":\"candor_time\",\"unixTime\":1791475200,\"columns\":{}}\n"
                   "[1, 2\n");
  auto options = sample_audit();
  options.okta.push_back((data / "okta.jsonl").string());
  options.osquery.push_back({(data / "osquery.log").string(), ""});
  test::TempDir store;
  const auto run = audit(options, screening(store));
  const auto& t = run.summary.telemetry;
  REQUIRE(t.malformed == 4);
  std::set<std::string> named;
  for (const auto& m : t.malformed_lines)
    named.insert(std::filesystem::path(m.file).filename().string() + ":" + std::to_string(m.line));
  CHECK(named ==
        std::set<std::string>{"okta.jsonl:2", "okta.jsonl:3", "osquery.log:1", "osquery.log:2"});
  CHECK(run.by_id.at("alice")["band"] == "high");  // the rest was read
}

TEST_CASE("log lines, log arrays and the roster are bounded by the policy's limits",
          "[app][audit]") {
  test::TempDir data;
  const std::string event =
      R"({"published": "2026-10-05T14:00:00Z", "eventType": "user.session.start",)"
      R"( "actor": {"id": "00ux"}, "outcome": {"result": "SUCCESS"}})";
  test::write_text(data / "okta.jsonl", event + "\n" + event + std::string(200, ' ') + "\n");
  test::write_text(data / "page.json", "[" + event + "]");
  Limits limits;
  limits.log_line_bytes = 200;
  app::TelemetryStats stats;
  app::OktaReader okta(limits);
  okta.read(data / "okta.jsonl", stats);
  CHECK(stats.okta_events == 1);
  REQUIRE(stats.malformed_lines.size() == 1);
  CHECK(stats.malformed_lines[0].line == 2);
  CHECK(stats.malformed_lines[0].problem == "line longer than 200 bytes (limits.log_line_bytes)");
  limits.log_file_bytes = 100;
  CHECK_THROWS_WITH(app::OktaReader(limits).read(data / "page.json", stats),
                    Catch::EndsWith("page.json: larger than 100 bytes"));
  CHECK_THROWS_WITH(app::OsqueryReader(limits).read(data / "page.json", "h1", stats),
                    Catch::EndsWith("page.json: larger than 100 bytes"));

  test::write_text(data / "roster.jsonl", R"({"id": "a", "hosts": ["h1"]})"
                                          "\n");
  limits = {};
  CHECK(app::read_roster((data / "roster.jsonl").string(), limits).size() == 1);
  limits.roster_file_bytes = 10;
  CHECK_THROWS_WITH(app::read_roster((data / "roster.jsonl").string(), limits),
                    Catch::EndsWith("roster.jsonl: larger than 10 bytes"));
}

TEST_CASE("an Okta export read in byte ranges on every core reads what one pass reads",
          "[app][audit]") {
  test::TempDir data;
  // Lines of different lengths so that range edges fall inside lines, and two malformed ones.
  std::string log;
  for (int i = 0; i < 400; ++i) {
    if (i == 7 || i == 301) log += "{broken " + std::string(std::size_t(i % 13), 'x') + "\n";
    log += "{\"published\": \"2026-10-05T14:" + std::to_string(10 + i % 50) +
           ":00Z\", \"eventType\": \"user.session.start\", \"outcome\": {\"result\": "
           "\"SUCCESS\"}, \"actor\": {\"id\": \"00u" +
           std::to_string(i % 5) + "\", \"alternateId\": \"" +
           std::string(std::size_t(i % 17), 'a') +
           "@example.com\"}, \"client\": {\"ipAddress\": \"203.0.113." + std::to_string(i % 200) +
           "\"}}\n";
  }
  test::write_text(data / "big.jsonl", log);
  app::AuditOptions options;
  options.okta = {(data / "big.jsonl").string()};
  const auto read = [&](std::uint64_t range_bytes) {
    options.okta_range_bytes = range_bytes;
    app::OktaReader okta;
    app::OsqueryReader osquery;
    app::TelemetryStats stats;
    app::read_telemetry(options, okta, osquery, stats);
    std::map<std::string, std::size_t> logins;
    for (const auto& [id, actor] : okta.actors()) logins[id] = actor.logins.size();
    std::vector<std::size_t> bad;
    for (const auto& m : stats.malformed_lines) bad.push_back(m.line);
    return std::tuple(stats.okta_events, stats.okta_logins, logins, bad);
  };
  const auto whole = read(0);
  CHECK(std::get<0>(whole) == 400);
  CHECK(std::get<3>(whole) == std::vector<std::size_t>{8, 303});
  for (const std::uint64_t range : {1, 97, 1000, 4096}) {
    INFO("range of " << range << " bytes");
    CHECK(read(range) == whole);
  }
}

TEST_CASE("two contractors' laptops on one Wi-Fi access point are linked", "[app][audit]") {
  test::TempDir data;
  // gina's and frank's laptops (both clean in the sample) join the same access point; alice's
  // joins another.
  std::string log;
  for (const auto& [host, bssid] :
       {std::pair{"lt-gina", "A4:2B:B0:11:22:33"}, std::pair{"lt-frank", "a4:2b:b0:11:22:33"},
        std::pair{"lt-alice", "f0:9f:c2:44:55:66"}})
    log += std::string("{\"name\":\"pack_candor-audit_candor_wifi_status\",\"hostIdentifier\":\"") +
           host +
           "\",\"unixTime\":1791475200,\"action\":\"snapshot\",\"snapshot\":[{\"interface\":"
           "\"en0\",\"ssid\":\"NETGEAR\",\"bssid\":\"" +
           bssid + "\"}]}\n";
  test::write_text(data / "wifi.log", log);
  auto options = sample_audit();
  options.osquery.push_back({(data / "wifi.log").string(), ""});
  test::TempDir store;
  const auto run = audit(options, screening(store));
  const auto shared = [&](const std::string& id) { return shared_with(run, id, "wifi_bssid"); };
  // Both see each other, whichever was screened first.
  CHECK(shared("gina") == std::set<std::string>{"frank"});
  CHECK(shared("frank") == std::set<std::string>{"gina"});
  CHECK(shared("alice").empty());
}

TEST_CASE("the osquery reader knows rows by query name or by columns", "[app][audit]") {
  app::OsqueryReader reader;
  // Ad-hoc queries: recognised by their columns; USB ids with or without 0x, any case.
  reader.add_row("adhoc", "h1", 100,
                 {{"vendor_id", "0x1D6B"}, {"model_id", "0104"}, {"serial", "x"}});
  reader.add_row(
      "", "h1", 100,
      {{"pid", "1"}, {"name", "AnyDesk"}, {"path", "/usr/bin/anydesk"}, {"cmdline", ""}});
  reader.add_row("", "h1", 100,
                 {{"name", "AnyDesk"}, {"publisher", "AnyDesk"}, {"install_location", "C:\\x"}});
  reader.add_row("candor_registry", "h1", 100,
                 {{"key", "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\USB"},
                  {"path",
                   "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\USB\\VID_1D6B&PID_0104\\"
                   "CAFEBABE\\Service"}});
  const auto& host = reader.hosts().at("h1");
  REQUIRE(host.usb_devices.size() == 2);
  std::set<std::string> ids, sources;
  for (const auto& [key, d] : host.usb_devices) {
    ids.insert(d.first.vendor_id + ":" + d.first.model_id + ":" + d.first.serial);
    sources.insert(d.first.source);
  }
  CHECK(ids == std::set<std::string>{"1d6b:0104:x", "1d6b:0104:CAFEBABE"});
  CHECK(sources == std::set<std::string>{"usb_devices", "registry"});
  std::set<std::string> kinds;
  for (const auto& [key, s] : host.software) kinds.insert(s.first.kind);
  CHECK(kinds == std::set<std::string>{"process", "program"});
  CHECK(host.host.rows == 4);

  // block_devices by query name and by columns; a drive without vendor or model is no fact.
  reader.add_row("candor_block_devices", "h2", 100,
                 {{"name", "/dev/sdb"}, {"vendor", "PiKVM "}, {"model", "Flash Drive"}});
  reader.add_row(
      "", "h2", 100,
      {{"name", "/dev/sdc"}, {"vendor", "Glinet"}, {"model", "Flash Drive"}, {"size", "2048"}});
  reader.add_row("", "h2", 100,
                 {{"name", "/dev/loop0"}, {"vendor", ""}, {"model", ""}, {"size", "0"}});
  std::set<std::string> drives;
  for (const auto& [key, d] : reader.hosts().at("h2").drives)
    drives.insert(d.first.name + ":" + d.first.vendor + ":" + d.first.model);
  CHECK(drives ==
        std::set<std::string>{"/dev/sdb:PiKVM:Flash Drive", "/dev/sdc:Glinet:Flash Drive"});
}

TEST_CASE("one Okta Verify device holding two contractors' second factor links them",
          "[app][audit]") {
  test::TempDir data;
  const auto event = [](const std::string& type, const std::string& actor,
                        const std::string& result, const nlohmann::json& targets) {
    return nlohmann::json{{"published", "2026-11-02T15:00:00Z"},
                          {"eventType", type},
                          {"actor", {{"id", actor}, {"type", "User"}}},
                          {"outcome", {{"result", result}}},
                          {"target", targets}}
        .dump();
  };
  const nlohmann::json phone = {{"id", "guo4kq2fmrT0BrW1d697"},
                                {"type", "Device"},
                                {"alternateId", "unknown"},
                                {"displayName", "iPhone 15"}};
  // Frank enrols the phone; an administrator adds it to Gina (who has no other telemetry);
  // Alice's attempt on it fails.
  test::write_text(
      data / "devices.jsonl",
      event("device.enrollment.create", "00ufrank00000000004", "SUCCESS",
            nlohmann::json::array({phone})) +
          "\n" +
          event("device.user.add", "00uadmin00000000009", "SUCCESS",
                nlohmann::json::array({{{"id", "00ugina000000000007"},
                                        {"type", "User"},
                                        {"alternateId", "gina.park@contractor.example.com"}},
                                       phone})) +
          "\n" +
          event("device.enrollment.create", "alice.moreno@contractor.example.com", "FAILURE",
                nlohmann::json::array({phone})) +
          "\n");
  // A GL.iNet Comet's virtual drive on Frank's laptop.
  test::write_text(
      data / "drives.log",
      R"({"name":"pack_candor-audit_candor_block_devices","hostIdentifier":"lt-frank",)"
      R"("unixTime":1791475200,"columns":{"name":"/dev/sdb","vendor":"Glinet",)"
      R"("model":"Flash Drive","type":"","size":"2097152"},"action":"added"})"
      "\n");
  auto options = sample_audit();
  options.okta.push_back((data / "devices.jsonl").string());
  options.osquery.push_back({(data / "drives.log").string(), ""});
  test::TempDir store;
  const auto run = audit(options, screening(store));
  const auto shared = [&](const std::string& id) { return shared_with(run, id, "mfa_device"); };
  CHECK(shared("frank") == std::set<std::string>{"gina"});
  CHECK(shared("gina") == std::set<std::string>{"frank"});
  CHECK(shared("alice").empty());
  CHECK(run.by_id.at("gina")["telemetry"]["okta"]["mfa_devices"] == 1);
  CHECK(run.by_id.at("frank")["band"] != "clear");

  bool kvm_drive = false;
  for (const auto& s : run.by_id.at("frank")["signals"])
    if (s["id"] == "endpoint.ipkvm" && s["level"] == "default_identity")
      kvm_drive = s["evidence"]["source"] == "block_devices";
  CHECK(kvm_drive);
  CHECK(run.by_id.at("frank")["telemetry"]["hosts"][0]["drives"] == 1);
}

TEST_CASE("verdict changes name new and cleared signals and band moves", "[app][audit]") {
  const auto before = nlohmann::json::parse(
      R"({"band":"review","signals":[{"id":"a.x","summary":"x"},{"id":"b.y","level":"l","summary":"y"}]})");
  const auto after = nlohmann::json::parse(
      R"({"band":"high","signals":[{"id":"b.y","level":"l","summary":"y"},{"id":"c.z","summary":"z"}]})");
  const auto changes = app::verdict_changes(before, after);
  REQUIRE(changes.size() == 3);
  CHECK(changes[0]["change"] == "new_signal");
  CHECK(changes[0]["id"] == "c.z");
  CHECK(changes[1]["change"] == "cleared_signal");
  CHECK(changes[1]["id"] == "a.x");
  CHECK(changes[2]["from"] == "review");
  CHECK(app::verdict_changes(after, after).empty());
  // The same signal for another tool is a new finding.
  const auto anydesk = nlohmann::json::parse(
      R"({"band":"review","signals":[{"id":"e.r","evidence":{"tool":"AnyDesk"}}]})");
  const auto both = nlohmann::json::parse(
      R"({"band":"review","signals":[{"id":"e.r","evidence":{"tool":"AnyDesk"}},)"
      R"({"id":"e.r","evidence":{"tool":"RustDesk"}}]})");
  REQUIRE(app::verdict_changes(anydesk, both).size() == 1);
  CHECK(app::verdict_changes(both, anydesk)[0]["change"] == "cleared_signal");
}

TEST_CASE("the Okta reader names the byte where a line stops being JSON and bounds its depth",
          "[app][audit]") {
  test::TempDir data;
  const std::string deep = std::string(40, '[') + std::string(40, ']');
  test::write_text(data / "okta.jsonl",
                   "{\"published\": \"2026-10-05T14:00:00Z\", \"actor\": {\"id\": \"00ux\"}, "
                   "\"target\": " +
                       deep + "}\n" + "{\"published\": \"2026-10-05T14:00:00Z\", \"actor\": }\n");
  Limits limits;
  limits.json_depth = 16;
  app::TelemetryStats stats;
  app::OktaReader(limits).read(data / "okta.jsonl", stats);
  REQUIRE(stats.malformed_lines.size() == 2);
  CHECK_THAT(stats.malformed_lines[0].problem, Catch::Contains("deeper than 16"));
  CHECK(stats.malformed_lines[1].line == 2);
  CHECK_THAT(stats.malformed_lines[1].problem, Catch::EndsWith("at byte 48"));
  // With the default depth the first line is an event.
  app::TelemetryStats again;
  app::OktaReader().read(data / "okta.jsonl", again);
  CHECK(again.okta_events == 1);
  CHECK(again.malformed == 1);
}
