// `candor bench geoip`: lookups/s and sessions/s on the configured databases, one core.
#include <fmt/core.h>

#include <chrono>
#include <ostream>
#include <random>

#include "candor/app/plugin_command.hpp"
#include "candor/error.hpp"
#include "plugin.hpp"

namespace candor::plugins::geoip {

namespace {
using app::CommandArgs;
using app::CommandContext;
using app::PluginCommand;
using Kind = app::CommandArg::Kind;
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

int run_bench(const CommandArgs& args, CommandContext& context) {
  const std::size_t count = args.count("--count");
  const std::size_t candidates = args.count("--candidates");
  if (count == 0) throw InputError("--count", "", "needs at least one address");
  std::ostream& out = context.out();
  // Loading is configuring: --geoip-db and --watchlist apply as they do to `check`.
  const auto load_start = Clock::now();
  auto& factory = dynamic_cast<GeoipFactory&>(context.factory("geoip"));
  const double load_s = seconds_since(load_start);
  const auto dbs = factory.databases();
  if (!dbs->has_location())
    throw DataError(context.data_dir().sub("geoip").string(), "no location database to benchmark");
  out << fmt::format("loaded in {:.2f} s: {}\n", load_s, factory.readiness().detail);

  const auto ips = random_ipv4(count, 20240601);
  for (const auto& reader : dbs->readers()) {
    if (reader->ip_version() == 6 &&
        reader->path().filename().string().find("ipv6") != std::string::npos)
      continue;  // IPv6-only files hold no IPv4 subtree
    std::size_t found = 0;
    const auto start = Clock::now();
    for (const auto& ip : ips) found += reader->contains(ip) ? 1 : 0;
    const double s = seconds_since(start);
    out << fmt::format("tree walk  {:<34} {:>12.0f} lookups/s ({} of {} found)\n",
                       reader->path().filename().string(), ips.size() / s, found, ips.size());
    std::size_t records = 0;
    const auto start2 = Clock::now();
    for (const auto& ip : ips) records += reader->lookup(ip) ? 1 : 0;
    const double s2 = seconds_since(start2);
    out << fmt::format("record     {:<34} {:>12.0f} lookups/s\n",
                       reader->path().filename().string(), ips.size() / s2);
  }
  std::size_t with_asn = 0;
  const auto asn_start = Clock::now();
  for (const auto& ip : ips) with_asn += dbs->asn_table().lookup(ip) ? 1 : 0;
  if (dbs->asn_table().size())
    out << fmt::format("ASN ranges {:<34} {:>12.0f} lookups/s ({} found)\n", "binary search",
                       ips.size() / seconds_since(asn_start), with_asn);
  const auto resolve_start = Clock::now();
  std::size_t anonymizers = 0;
  for (const auto& ip : ips) anonymizers += dbs->resolve(ip).anonymizers.empty() ? 0 : 1;
  out << fmt::format("resolve    {:<34} {:>12.0f} addresses/s ({} anonymizer hits)\n",
                     "all databases + lists + zone", ips.size() / seconds_since(resolve_start),
                     anonymizers);

  // Whole plugin runs: candidates with four sessions each, a claim and browser zones.
  const auto plugin = factory.make();
  Candidate candidate;
  candidate.id = "bench";
  candidate.claimed_location = {"US", "Texas", "Austin", "America/Chicago"};
  candidate.sessions.resize(4);
  std::size_t signals = 0, n = 0;
  const auto run_start = Clock::now();
  for (std::size_t c = 0; c < candidates; ++c) {
    for (std::size_t k = 0; k < candidate.sessions.size(); ++k) {
      auto& s = candidate.sessions[k];
      s.ip = ips[(n++) % ips.size()].to_string();
      s.at = 1'750'000'000 + static_cast<std::int64_t>(k) * 3600;
      s.browser_timezone = k % 2 ? "America/Chicago" : "Asia/Shanghai";
    }
    RunContext run_context(candidate, nullptr);
    signals += plugin->run(run_context).signals.size();
  }
  const double run_s = seconds_since(run_start);
  out << fmt::format("plugin run {:<34} {:>12.0f} sessions/s ({:.0f} candidates/s, {} signals)\n",
                     "4 sessions per candidate", candidates * 4 / run_s, candidates / run_s,
                     signals);
  return 0;
}

}  // namespace

std::vector<PluginCommand> commands() {
  return {{"bench",
           "geoip",
           "GeoIP lookups/s and sessions/s, one core",
           {{"--count", "Random IPv4 addresses to look up", Kind::option, false, false, "1000000"},
            {"--candidates", "Candidates (4 sessions each) to screen", Kind::option, false, false,
             "20000"}},
           true,
           false,
           run_bench}};
}

}  // namespace candor::plugins::geoip
