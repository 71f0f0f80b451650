#include "commands/generate_people.hpp"

#include <fmt/format.h>

#include "candor/candidate.hpp"
#include "candor/tz/offsets.hpp"

namespace candor::cli {

namespace {
using nlohmann::json;

// Lines of the MaxMind test databases: what each block is (tests/scenarios/make_personas.py).
enum Line { kUsCentral, kUsWest, kGb, kSe, kPh, kSg, kCn, kAu };

struct City {
  const char* name;
  const char* country;
  const char* region;
  const char* zone;
  double lat, lon;
  const char* phone;  // country code and area, a number follows
  Line line;
  int digits = 7;  // of the subscriber number after the area code
};

const City kUs[] = {
    {"Denver", "US", "CO", "America/Denver", 39.7392, -104.9903, "+1 303", kUsCentral},
    {"Dallas", "US", "TX", "America/Chicago", 32.7767, -96.797, "+1 214", kUsCentral},
    {"Austin", "US", "TX", "America/Chicago", 30.2672, -97.7431, "+1 512", kUsCentral},
    {"Houston", "US", "TX", "America/Chicago", 29.7604, -95.3698, "+1 713", kUsCentral},
    {"Kansas City", "US", "MO", "America/Chicago", 39.0997, -94.5786, "+1 816", kUsCentral},
    {"Omaha", "US", "NE", "America/Chicago", 41.2565, -95.9345, "+1 402", kUsCentral},
    {"St. Louis", "US", "MO", "America/Chicago", 38.627, -90.1994, "+1 314", kUsCentral},
    {"Minneapolis", "US", "MN", "America/Chicago", 44.9778, -93.265, "+1 612", kUsCentral},
    {"Oklahoma City", "US", "OK", "America/Chicago", 35.4676, -97.5164, "+1 405", kUsCentral},
    {"Seattle", "US", "WA", "America/Los_Angeles", 47.6062, -122.3321, "+1 206", kUsWest},
    {"Tacoma", "US", "WA", "America/Los_Angeles", 47.2529, -122.4443, "+1 253", kUsWest},
};
const City kAbroad[] = {
    {"Oxford", "GB", "", "Europe/London", 51.752, -1.2577, "+44 1865", kGb, 6},
    {"Linköping", "SE", "", "Europe/Stockholm", 58.4108, 15.6214, "+46 13", kSe, 6},
    {"Manila", "PH", "", "Asia/Manila", 14.5995, 120.9842, "+63 2", kPh, 8},
    {"Singapore", "SG", "", "Asia/Singapore", 1.3521, 103.8198, "+65 6", kSg, 7},
    {"Changchun", "CN", "", "Asia/Shanghai", 43.8171, 125.3235, "+86 431", kCn, 8},
};
struct Trip {
  Line line;
  const char* zone;
  const char* country;
};
const Trip kTrips[] = {{kGb, "Europe/London", "GB"},
                       {kSe, "Europe/Stockholm", "SE"},
                       {kSg, "Asia/Singapore", "SG"},
                       {kAu, "Australia/Melbourne", "AU"},
                       {kUsCentral, "America/Chicago", "US"}};

const char* const kFirst[] = {"James", "Mary", "Wei",     "Olga",   "Ahmed",  "Sofia",  "Hiro",
                              "Ana",   "Liam", "Priya",   "Ji-woo", "Fatima", "Lucas",  "Mei",
                              "Ivan",  "Zoe",  "Chinedu", "Oksana", "Thiago", "Min-jun"};
const char* const kLast[] = {"Smith",  "Garcia", "Chen",   "Ivanova",   "Khan", "Rossi",
                             "Tanaka", "Silva",  "Brown",  "Patel",     "Park", "Haddad",
                             "Martin", "Li",     "Okafor", "Kovalenko", "Kim",  "Nguyen"};

constexpr std::int64_t kStart = 1791158400;  // 2026-10-05T00:00:00Z, a Monday
constexpr int kDays = 28;

std::size_t pick(std::mt19937_64& rng, std::size_t n) { return rng() % n; }
double uniform(std::mt19937_64& rng, double a, double b) {
  return std::uniform_real_distribution<double>(a, b)(rng);
}
bool chance(std::mt19937_64& rng, double p) { return uniform(rng, 0, 1) < p; }

std::string ip_on(Line line, std::mt19937_64& rng) {
  switch (line) {
    case kUsCentral:
      return fmt::format("149.101.100.{}", 1 + pick(rng, 7));
    case kUsWest:
      return fmt::format("216.160.83.{}", 56 + pick(rng, 4));
    case kGb:
      return fmt::format("2.125.160.{}", 216 + pick(rng, 8));
    case kSe:
      return fmt::format("89.160.20.{}", 112 + pick(rng, 16));
    case kPh:
      return fmt::format("202.196.224.{}", 1 + pick(rng, 250));
    case kSg:
      return fmt::format("214.0.0.{}", 1 + pick(rng, 250));
    case kCn:
      return fmt::format("175.16.199.{}", 1 + pick(rng, 250));
    case kAu:
      return fmt::format("214.0.1.{}", 1 + pick(rng, 250));
  }
  return "";
}

// The instant of local time `hour` (may pass 24) on day `day` in `zone`.
std::int64_t at_local(int day, double hour, const std::string& zone) {
  const std::int64_t guess = kStart + day * 86400 + static_cast<std::int64_t>(hour * 3600);
  return guess - 60 * tz::utc_offset_minutes(zone, guess).value_or(0);
}

// Hours of one working day, as [start, end) local hours; several spans for split days.
using Spans = std::vector<std::pair<double, double>>;

json activity(std::mt19937_64& rng, const std::function<std::string(int)>& zone_of,
              const std::function<Spans(int)>& spans_of, bool weekends = false) {
  std::vector<std::string> out;
  for (int day = 0; day < kDays; ++day) {
    if (!weekends && day % 7 >= 5) continue;
    const std::string zone = zone_of(day);
    for (const auto& [from, to] : spans_of(day)) {
      const int events = static_cast<int>(std::max(1.0, (to - from) * uniform(rng, 0.5, 1.0)));
      for (int e = 0; e < events; ++e)
        out.push_back(format_rfc3339(at_local(day, uniform(rng, from, to), zone)));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

json session(const std::string& ip, std::int64_t at, const std::string& browser) {
  return {{"ip", ip},
          {"at", format_rfc3339(at)},
          {"browser_timezone", browser},
          {"languages", {"en-US", "en"}}};
}

std::string phone_number(const char* prefix, int digits, std::mt19937_64& rng) {
  std::string number = std::string(prefix) + " " + static_cast<char>('2' + pick(rng, 8));
  for (int d = 1; d < digits; ++d) number += static_cast<char>('0' + pick(rng, 10));
  return number;
}

json base(const std::string& id, const City& c, std::mt19937_64& rng) {
  const std::string first = kFirst[pick(rng, std::size(kFirst))];
  const std::string last = kLast[pick(rng, std::size(kLast))];
  json claimed{{"country", c.country},
               {"city", c.name},
               {"timezone", c.zone},
               {"latitude", c.lat},
               {"longitude", c.lon}};
  if (*c.region) claimed["region"] = c.region;
  return {{"id", id},
          {"name", first + " " + last},
          {"email", fmt::format("{}.{}.{}@example.com", first, last, id)},
          {"phone", phone_number(c.phone, c.digits, rng)},
          {"claimed_location", claimed}};
}
}  // namespace

json honest_applicant(std::size_t index, std::mt19937_64& rng) {
  const City& home =
      chance(rng, 0.8) ? kUs[pick(rng, std::size(kUs))] : kAbroad[pick(rng, std::size(kAbroad))];
  json c = base(fmt::format("honest-{}", index), home, rng);
  const std::string zone = home.zone;
  const int n = 4 + static_cast<int>(pick(rng, 9));
  // What this person's sessions go through: mostly the home line.
  const double r = uniform(rng, 0, 1);
  std::function<std::string()> exit = [&] { return ip_on(home.line, rng); };
  std::string vpn_abroad_ip;
  std::string network = "home line";
  if (r < 0.12) {
    exit = [&] { return fmt::format("1.2.{}.{}", pick(rng, 256), 1 + pick(rng, 250)); };  // VPN
    network = "privacy VPN";
  } else if (r < 0.17) {
    vpn_abroad_ip = ip_on(home.line == kSe ? kGb : kSe, rng);  // a VPN exit in another country
    network = "VPN exit abroad";
  } else if (r < 0.25) {
    exit = [&] { return fmt::format("71.160.223.{}", 1 + pick(rng, 250)); };  // corporate VPN
    network = "corporate VPN";
  } else if (home.line == kUsWest && r < 0.33) {
    exit = [&] { return fmt::format("216.160.83.{}", 64 + pick(rng, 8)); };  // phone hotspot
    network = "mobile hotspot";
  }
  std::string clock = chance(rng, 0.02) ? "Etc/UTC" : zone;
  // A trip of one or two sessions, a move from another US zone last month.
  int trip_from = -1, trip_len = 0;
  const Trip* trip = nullptr;
  if (chance(rng, 0.2)) {
    do trip = &kTrips[pick(rng, std::size(kTrips))];
    while (trip->country == std::string(home.country));
    trip_len = 1 + static_cast<int>(pick(rng, 2));
    trip_from = static_cast<int>(pick(rng, n - trip_len + 1));
  }
  const bool moved = home.line <= kUsWest && chance(rng, 0.05);
  const City& before = home.line == kUsWest ? kUs[0] : kUs[9];
  const int move_until = n * 3 / 10;
  json sessions = json::array();
  const int gap = kDays / n;
  for (int i = 0; i < n; ++i) {
    const int day = i * gap;
    const bool away = trip && i >= trip_from && i < trip_from + trip_len;
    const bool old_home = moved && i < move_until;
    const std::string here = away ? trip->zone : old_home ? before.zone : zone;
    std::string ip = away ? ip_on(trip->line, rng) : old_home ? ip_on(before.line, rng) : exit();
    if (!vpn_abroad_ip.empty() && !away && chance(rng, 0.6)) ip = vpn_abroad_ip;
    const std::string browser = clock == "Etc/UTC" ? clock : here;
    sessions.push_back(session(ip, at_local(day, uniform(rng, 9, 17), here), browser));
  }
  c["sessions"] = sessions;
  // Working hours: office, night shift, early bird, new parent, late riser.
  const double h = uniform(rng, 0, 1);
  const double start = uniform(rng, 7.5, 10);
  Spans spans{{start, start + 8.5}};
  std::string schedule = "office hours";
  if (h < 0.03) {
    spans = {{22, 30}};
    schedule = "night shift";
  } else if (h < 0.08) {
    spans = {{4.5, 12.5}};
    schedule = "early start";
  } else if (h < 0.13) {
    spans = {{9, 16}, {2.5, 4}};
    schedule = "new parent";
  } else if (h < 0.18) {
    spans = {{12, 22}};
    schedule = "late riser";
  }
  auto zone_of = [&, gap](int day) -> std::string {
    const int i = day / std::max(1, gap);
    if (trip && i >= trip_from && i < trip_from + trip_len) return trip->zone;
    if (moved && i < move_until) return before.zone;
    return zone;
  };
  c["activity"] = activity(rng, zone_of, [&](int) { return spans; });
  // A student or expatriate abroad keeps a US number sometimes.
  if (home.line > kUsWest && chance(rng, 0.1)) c["phone"] = phone_number("+1 617", 7, rng);
  c["payout"] = {{"method", "ach"},
                 {"beneficiary", c["name"]},
                 {"bank_account",
                  fmt::format("{:09}-{:010}", pick(rng, 1000000000), pick(rng, 10000000000ull))},
                 {"country", home.country}};
  // What the generator gave this person, for `candor eval population` (ignored by screening).
  c["generated"] = {{"home", home.line <= kUsWest ? "US" : "abroad"},
                    {"network", network},
                    {"schedule", schedule},
                    {"trip", trip ? "a trip abroad" : "no trip"},
                    {"moved", moved ? "moved last month" : "no move"},
                    {"clock", clock == "Etc/UTC" ? "UTC clock" : "local clock"}};
  return c;
}

json dprk_applicant(std::size_t index, std::mt19937_64& rng) {
  const City& claim = kUs[pick(rng, std::size(kUs))];
  json c = base(fmt::format("dprk-{}", index), claim, rng);
  const double r = uniform(rng, 0, 1);
  const bool west = claim.line == kUsWest;
  std::function<std::string()> exit;
  bool farm = false;
  std::string network;
  if (r < 0.35) {  // a hosted exit in the claimed region
    exit = [&] {
      return west ? fmt::format("216.160.83.{}", 60 + pick(rng, 4))
                  : fmt::format("149.101.100.{}", 8 + pick(rng, 8));
    };
    network = "hosted exit";
  } else if (r < 0.55) {  // Astrill VPN
    exit = [&] { return fmt::format("6.1.0.{}", pick(rng, 2)); };
    network = "Astrill";
  } else if (r < 0.65) {  // a residential proxy
    exit = [] { return std::string("6.1.0.4"); };
    network = "residential proxy";
  } else if (r < 0.85) {  // a laptop farm: a US home line, the laptop driven from afar
    farm = true;
    exit = [&] { return ip_on(claim.line, rng); };
    network = "laptop farm";
  } else {  // straight from a Chinese line
    exit = [&] { return ip_on(kCn, rng); };
    network = "Chinese line";
  }
  // A laptop in a farm keeps the US clock; operators' own machines often keep China time.
  const std::string clock = !farm && chance(rng, 0.65) ? "Asia/Shanghai" : claim.zone;
  const int n = 4 + static_cast<int>(pick(rng, 9));
  json sessions = json::array();
  for (int i = 0; i < n; ++i)
    sessions.push_back(
        session(exit(), at_local(i * (kDays / n), uniform(rng, 9, 18), "Asia/Shanghai"), clock));
  c["sessions"] = sessions;
  // UTC+8 office hours, or two operators sharing the account around the clock.
  const bool office = chance(rng, 0.85);
  const Spans spans = office ? Spans{{9, 18}, {20, 22}} : Spans{{9, 18}, {21, 30}};
  c["activity"] = activity(
      rng, [](int) { return std::string("Asia/Shanghai"); }, [&](int) { return spans; },
      chance(rng, 0.3));
  const double tell = uniform(rng, 0, 1);
  if (farm && tell >= 0.5 && tell < 0.8)
    c["endpoint"] = {
        {"software", {{{"host", "laptop"}, {"kind", "program"}, {"name", "Astrill VPN"}}}}};
  if (farm && tell < 0.5)
    c["endpoint"] = {{"usb_devices",
                      {{{"host", "laptop"},
                        {"vendor_id", "1d6b"},
                        {"model_id", "0104"},
                        {"vendor", chance(rng, 0.5) ? "PiKVM" : "TinyPilot"},
                        {"model", "Composite KVM Device"},
                        {"keyboard", true},
                        {"mouse", true}}}}};
  c["payout"] = {
      {"method", "payoneer"},
      {"beneficiary", c["name"]},
      {"bank_account", fmt::format("PAYONEER-{:04}-{:03}", pick(rng, 10000), pick(rng, 1000))},
      {"country", "US"}};
  c["generated"] = {
      {"network", network},
      {"clock", clock == "Asia/Shanghai" ? "Asia/Shanghai clock" : "claimed zone's clock"},
      {"schedule", office ? "UTC+8 office hours" : "shifts around the clock"},
      {"endpoint", !c.contains("endpoint")                 ? "no endpoint telemetry"
                   : c["endpoint"].contains("usb_devices") ? "IP-KVM"
                                                           : "Astrill installed"}};
  return c;
}

}  // namespace candor::cli
