#include "candor/app/audit_bench.hpp"

#include <chrono>
#include <ctime>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "candor/app/audit_telemetry.hpp"
#include "candor/candidate.hpp"
#include "candor/error.hpp"

namespace candor::app {

namespace {

using Clock = std::chrono::steady_clock;

// One System Log event with the fields real ones carry (client, geo, security and debug context).
std::string okta_event(std::mt19937_64& rng, std::size_t actor, std::int64_t at) {
  const char* types[] = {"user.session.start", "user.authentication.sso", "policy.evaluate_sign_on",
                         "user.authentication.auth_via_mfa"};
  return fmt::format(
      R"({{"uuid":"{:016x}-{:04x}","published":"{}","eventType":"{}","version":"0","severity":"INFO",)"
      R"("displayMessage":"User login to Okta","actor":{{"id":"00u{:017}","type":"User",)"
      R"("alternateId":"user{}@example.com","displayName":"User {}","detailEntry":null}},)"
      R"("client":{{"userAgent":{{"rawUserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) )"
      R"(AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36","os":"Windows 10",)"
      R"("browser":"CHROME"}},"zone":"null","device":"Computer","id":null,"ipAddress":"{}.{}.{}.{}",)"
      R"("geographicalContext":{{"city":"Chicago","state":"Illinois","country":"United States",)"
      R"("postalCode":"60601","geolocation":{{"lat":41.88,"lon":-87.63}}}}}},)"
      R"("outcome":{{"result":"SUCCESS","reason":null}},"securityContext":{{"asNumber":7922,)"
      R"("asOrg":"comcast","isp":"comcast cable","domain":"comcast.net","isProxy":false}},)"
      R"("debugContext":{{"debugData":{{"requestId":"{:016x}","dtHash":"{:032x}",)"
      R"("behaviors":"{{New Geo-Location=NEGATIVE, New Device=NEGATIVE, New IP=NEGATIVE}}"}}}},)"
      R"("request":{{"ipChain":[{{"ip":"73.{}.{}.{}","version":"V4","source":null}}]}}}})",
      rng(), rng() % 65536, format_rfc3339(at), types[rng() % 4], actor, actor, actor,
      73 + actor % 20, actor % 256, (actor / 256) % 256, 1 + actor % 250, rng(), actor * 7919,
      actor % 256, (actor / 256) % 256, 1 + actor % 250);
}

std::string osquery_row(std::mt19937_64& rng, std::size_t host, std::int64_t at) {
  switch (rng() % 4) {
    case 0:
      return fmt::format(
          R"({{"name":"pack_candor-audit_candor_processes","hostIdentifier":"host-{}",)"
          R"("calendarTime":"Mon Nov  2 10:00:00 2026 UTC","unixTime":{},"epoch":0,"counter":1,)"
          R"("numerics":false,"columns":{{"pid":"{}","name":"chrome.exe","path":"C:\\Program )"
          R"(Files\\Google\\Chrome\\Application\\chrome.exe","cmdline":"chrome.exe --type=renderer"}},)"
          R"("action":"added"}})",
          host, at, rng() % 30000);
    case 1:
      return fmt::format(
          R"({{"name":"pack_candor-audit_candor_usb_devices","hostIdentifier":"host-{}",)"
          R"("unixTime":{},"columns":{{"usb_address":"1","usb_port":"{}","vendor":"Logitech, Inc.",)"
          R"("vendor_id":"046d","version":"1.00","model":"Unifying Receiver","model_id":"c52b",)"
          R"("serial":"","class":"0","subclass":"0","protocol":"0","removable":"1"}},"action":"added"}})",
          host, at, rng() % 8);
    case 2:
      return fmt::format(
          R"({{"name":"pack_candor-audit_candor_programs","hostIdentifier":"host-{}",)"
          R"("unixTime":{},"columns":{{"name":"Program {}","version":"1.2.3","publisher":"Vendor",)"
          R"("install_location":"C:\\Program Files\\Program {}\\"}},"action":"added"}})",
          host, at, rng() % 200, rng() % 200);
    default:
      return fmt::format(
          R"({{"name":"pack_candor-audit_candor_arp_cache","hostIdentifier":"host-{}",)"
          R"("unixTime":{},"columns":{{"address":"192.168.1.{}","mac":"a4:{:02x}:{:02x}:10:20:30",)"
          R"("interface":"en0","permanent":"0"}},"action":"added"}})",
          host, at, rng() % 254, rng() % 256, rng() % 256);
  }
}

}  // namespace

void write_audit_bench_files(const std::filesystem::path& dir, std::size_t events, std::size_t rows,
                             std::size_t actors) {
  std::filesystem::create_directories(dir);
  const auto okta_path = dir / "okta.jsonl", osquery_path = dir / "osquery.log";
  std::mt19937_64 rng(1);
  const std::int64_t start = 1793577600;  // 2026-11-01
  {
    std::ofstream out(okta_path, std::ios::binary | std::ios::trunc);
    for (std::size_t i = 0; i < events; ++i)
      out << okta_event(rng, rng() % actors, start + std::int64_t(i * 2592000 / events)) << '\n';
    if (!out) throw Error("cannot write " + okta_path.string());
  }
  {
    std::ofstream out(osquery_path, std::ios::binary | std::ios::trunc);
    for (std::size_t i = 0; i < rows; ++i)
      out << osquery_row(rng, rng() % actors, start + std::int64_t(i * 2592000 / rows)) << '\n';
    if (!out) throw Error("cannot write " + osquery_path.string());
  }
  {
    // The people the logs name: actor N signs in as userN@example.com on laptop host-N.
    const auto roster_path = dir / "roster.jsonl";
    std::ofstream out(roster_path, std::ios::binary | std::ios::trunc);
    for (std::size_t i = 0; i < actors; ++i)
      out << fmt::format(R"({{"id":"contractor-{}","name":"User {}","email":"user{}@example.com",)"
                         R"("claimed_location":{{"country":"US","region":"IL","city":"Chicago",)"
                         R"("timezone":"America/Chicago"}},"hosts":["host-{}"]}})",
                         i, i, i, i)
          << '\n';
    if (!out) throw Error("cannot write " + roster_path.string());
  }
}

AuditBenchResult bench_audit_readers(const std::filesystem::path& dir) {
  const auto okta_path = dir / "okta.jsonl", osquery_path = dir / "osquery.log";
  AuditBenchResult r;
  r.okta_bytes = std::filesystem::file_size(okta_path);
  r.osquery_bytes = std::filesystem::file_size(osquery_path);
  TelemetryStats stats;
  // Processor time of this (single) thread: what one core does, whoever else shares the machine.
  auto c0 = std::clock();
  auto t0 = Clock::now();
  OktaReader okta;
  okta.read(okta_path, stats);
  r.okta_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.okta_cpu_seconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
  c0 = std::clock();
  t0 = Clock::now();
  OsqueryReader osquery;
  osquery.read(osquery_path, "", stats);
  r.osquery_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  r.osquery_cpu_seconds = double(std::clock() - c0) / CLOCKS_PER_SEC;
  r.okta_events = stats.okta_events;
  r.osquery_rows = stats.osquery_rows;
  r.malformed = stats.malformed;
  return r;
}

}  // namespace candor::app
