// `candor bench geoip`: lookups/s and sessions/s on the configured databases, one core.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <chrono>
#include <random>

#include "candor/error.hpp"
#include "geoip_factory.hpp"

namespace candor::geoip {

namespace {
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Public unicast-looking IPv4 addresses, reproducible from the seed.
std::vector<IpAddress> random_ipv4(std::size_t count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<IpAddress> out;
  out.reserve(count);
  while (out.size() < count) {
    const std::uint32_t v = rng();
    const std::uint32_t first = v >> 24;
    if (first == 0 || first == 10 || first == 127 || first >= 224) continue;
    out.push_back(ipv4(v));
  }
  return out;
}

struct BenchOptions {
  std::vector<std::string> databases;
  std::size_t count = 1'000'000;
  std::size_t candidates = 20'000;
};

void run_bench(const BenchOptions& bench, const CommandEnvironment& environment) {
  nlohmann::json section = environment.policy().plugin_section("geoip");
  for (const auto& db : bench.databases) section["databases"].push_back(db);
  GeoipFactory factory;
  const auto load_start = Clock::now();
  factory.configure(section, PluginSetup{environment.data_dir(), nullptr, environment.policy().source});
  const double load_s = seconds_since(load_start);
  const auto dbs = factory.databases();
  if (!dbs->has_location())
    throw DataError(environment.data_dir().sub("geoip").string(), "no location database to benchmark");
  fmt::print("loaded in {:.2f} s: {}\n", load_s, factory.readiness().detail);

  const auto ips = random_ipv4(bench.count, 20240601);
  for (const auto& reader : dbs->readers()) {
    if (reader->ip_version() == 6 && reader->path().filename().string().find("ipv6") != std::string::npos)
      continue;  // IPv6-only files hold no IPv4 subtree
    std::size_t found = 0;
    const auto start = Clock::now();
    for (const auto& ip : ips) found += reader->contains(ip) ? 1 : 0;
    const double s = seconds_since(start);
    fmt::print("tree walk  {:<34} {:>12.0f} lookups/s ({} of {} found)\n",
               reader->path().filename().string(), ips.size() / s, found, ips.size());
    std::size_t records = 0;
    const auto start2 = Clock::now();
    for (const auto& ip : ips) records += reader->lookup(ip) ? 1 : 0;
    const double s2 = seconds_since(start2);
    fmt::print("record     {:<34} {:>12.0f} lookups/s\n", reader->path().filename().string(),
               ips.size() / s2);
  }
  std::size_t with_asn = 0;
  const auto asn_start = Clock::now();
  for (const auto& ip : ips) with_asn += dbs->asn_table().lookup(ip) ? 1 : 0;
  if (dbs->asn_table().size())
    fmt::print("ASN ranges {:<34} {:>12.0f} lookups/s ({} found)\n", "binary search",
               ips.size() / seconds_since(asn_start), with_asn);
  const auto resolve_start = Clock::now();
  std::size_t anonymizers = 0;
  for (const auto& ip : ips) anonymizers += dbs->resolve(ip).anonymizers.empty() ? 0 : 1;
  fmt::print("resolve    {:<34} {:>12.0f} addresses/s ({} anonymizer hits)\n",
             "all databases + lists + zone", ips.size() / seconds_since(resolve_start), anonymizers);

  // Whole plugin runs: candidates with four sessions each, a claim and browser zones.
  const auto plugin = factory.make();
  Candidate candidate;
  candidate.id = "bench";
  candidate.claimed_location = {"US", "Texas", "Austin", "America/Chicago"};
  candidate.sessions.resize(4);
  std::size_t signals = 0, n = 0;
  const auto run_start = Clock::now();
  for (std::size_t c = 0; c < bench.candidates; ++c) {
    for (std::size_t k = 0; k < candidate.sessions.size(); ++k) {
      auto& s = candidate.sessions[k];
      s.ip = ips[(n++) % ips.size()].to_string();
      s.at = 1'750'000'000 + static_cast<std::int64_t>(k) * 3600;
      s.browser_timezone = k % 2 ? "America/Chicago" : "Asia/Shanghai";
    }
    RunContext context(candidate, nullptr);
    signals += plugin->run(context).signals.size();
  }
  const double run_s = seconds_since(run_start);
  fmt::print("plugin run {:<34} {:>12.0f} sessions/s ({:.0f} candidates/s, {} signals)\n",
             "4 sessions per candidate", bench.candidates * 4 / run_s, bench.candidates / run_s,
             signals);
}
}  // namespace

void GeoipFactory::add_commands(CLI::App&, const CommandEnvironment& environment) {
  auto options = std::make_shared<BenchOptions>();
  auto* cmd = environment.group("bench").add_subcommand("geoip", "GeoIP lookups/s and sessions/s, one core");
  environment.add_options(*cmd);
  cmd->add_option("--geoip-db", options->databases, "Extra database to load (repeatable)");
  cmd->add_option("--count", options->count, "Random IPv4 addresses to look up");
  cmd->add_option("--candidates", options->candidates, "Candidates (4 sessions each) to screen");
  cmd->callback([options, environment] { run_bench(*options, environment); });
}

}  // namespace candor::geoip
