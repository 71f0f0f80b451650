// `candor bench serve`: a fixed number of text-only POST /v1/screen requests to a service
// started in this process on 127.0.0.1 (any free port), at several client counts; requests/s
// and latency percentiles. The candidates it screens are erased from the store afterwards.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "candor/app/screener.hpp"
#include "candor/error.hpp"
#include "candor/service/service.hpp"
#include "commands/bench_connection.hpp"
#include "commands/commands.hpp"
#include "options.hpp"

namespace candor::cli {

namespace {

struct BenchServeArgs {
  app::ScreenerOptions screening;
  std::size_t requests = 20000;
  std::vector<unsigned> clients = {1, 8, 64};
  unsigned workers = 0;
};

// Each request is a different applicant, as in an ATS's stream: their own e-mail, phone and
// home-line IP (a residential /8), so the links plugin finds nobody to link them to. (A key
// thousands share stays one bounded read per screening; the store tests check that.)
std::string candidate_body(unsigned clients, std::size_t i) {
  const std::string id = fmt::format("bench-serve-{}-{}", clients, i);
  const std::size_t n = (clients * (std::size_t{1} << 20) + i) % (std::size_t{1} << 24);
  return nlohmann::json{
      {"id", id},
      {"name", fmt::format("Bench Person {}", i)},
      {"email", fmt::format("bench.{}.{}@example.com", clients, i)},
      {"phone", fmt::format("+1 312 {} {:04d}", 200 + n / 10000 % 800, n % 10000)},
      {"claimed_location",
       {{"country", "US"}, {"city", "Chicago"}, {"timezone", "America/Chicago"}}},
      {"sessions",
       {{{"ip", fmt::format("73.{}.{}.{}", n >> 16, (n >> 8) & 255, n & 255)},
         {"at", "2025-03-04T15:20:00-06:00"},
         {"browser_timezone", "America/Chicago"},
         {"languages", {"en-US"}}}}}}
      .dump();
}

struct Round {
  double seconds = 0;
  std::vector<double> latencies_ms;
  std::size_t failures = 0;
  std::string first_failure;  // what the first failed request got, to say why
};

Round run_round(int port, const std::string& token, unsigned clients, std::size_t requests) {
  Round round;
  std::vector<std::vector<double>> latencies(clients);
  std::vector<std::size_t> failures(clients, 0);
  std::vector<std::string> first_failures(clients);
  // Bodies are made before the clock starts: the load generator shares the cores it measures.
  std::vector<std::string> bodies(requests);
  for (std::size_t i = 0; i < requests; ++i) bodies[i] = candidate_body(clients, i);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < clients; ++c)
    threads.emplace_back([&, c] {
      BenchConnection connection(port,
                                 "POST /v1/screen HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                 "Authorization: Bearer " +
                                     token +
                                     "\r\n"
                                     "Content-Type: application/json\r\n");
      for (std::size_t i = c; i < requests; i += clients) {
        const auto t0 = std::chrono::steady_clock::now();
        const BenchAnswer res = connection.post(bodies[i]);
        latencies[c].push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count());
        if (res.status == 200) continue;
        if (failures[c]++ == 0)
          first_failures[c] =
              fmt::format("request {}: status {}: {}", i, res.status, res.body.substr(0, 200));
      }
    });
  for (auto& t : threads) t.join();
  round.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (unsigned c = 0; c < clients; ++c) {
    round.latencies_ms.insert(round.latencies_ms.end(), latencies[c].begin(), latencies[c].end());
    round.failures += failures[c];
    if (round.first_failure.empty()) round.first_failure = first_failures[c];
  }
  std::sort(round.latencies_ms.begin(), round.latencies_ms.end());
  return round;
}

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()))];
}

int run_bench_serve(const BenchServeArgs& a) {
  if (a.requests == 0 || a.requests > 1'000'000)
    throw InputError("--requests", "", "expected 1 to 1000000");
  for (const unsigned c : a.clients)
    if (c == 0 || c > 256) throw InputError("--clients", "", "expected 1 to 256 clients");
  const app::Screener screener(a.screening);
  service::ServiceOptions o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.workers = a.workers;
  o.queue = 4096;
  const std::string token = service::random_id();
  o.tokens = service::TokenSet({token});
  service::Service service(screener, o);
  const int port = service.bind();
  std::thread server([&] { service.run(); });
  std::cout << fmt::format(
      "bench serve: {} text-only POST /v1/screen per round to 127.0.0.1:{}, {} screening "
      "workers, store {}\n",
      a.requests, port, a.workers ? a.workers : std::thread::hardware_concurrency(),
      screener.store() ? "on" : "off");
  std::cout << fmt::format("{:>8} {:>10} {:>10} {:>9} {:>9} {:>9}\n", "clients", "requests",
                           "req/s", "p50 ms", "p99 ms", "failures");
  std::size_t failures = 0;
  for (const unsigned clients : a.clients) {
    const Round r = run_round(port, token, clients, a.requests);
    failures += r.failures;
    std::cout << fmt::format("{:>8} {:>10} {:>10.0f} {:>9.2f} {:>9.2f} {:>9}\n", clients,
                             a.requests, a.requests / r.seconds, percentile(r.latencies_ms, 0.5),
                             percentile(r.latencies_ms, 0.99), r.failures)
              << std::flush;
    if (r.failures) std::cout << "  first failure: " << r.first_failure << "\n";
  }
  service.stop();
  server.join();
  if (Store* store = screener.store())
    for (const unsigned clients : a.clients)
      for (std::size_t i = 0; i < a.requests; ++i)
        store->forget(fmt::format("bench-serve-{}-{}", clients, i));
  return failures ? kExitFlagged : kExitClear;
}

}  // namespace

void add_bench_serve_command(CLI::App& bench, int& exit_code) {
  auto a = std::make_shared<BenchServeArgs>();
  auto* cmd = bench.add_subcommand(
      "serve", "Requests/s and latency of text-only POST /v1/screen on 127.0.0.1");
  cmd->add_option("--requests", a->requests, "Requests per round")->capture_default_str();
  cmd->add_option("--clients", a->clients, "Concurrent clients per round (default 1,8,64)")
      ->delimiter(',');
  cmd->add_option("--workers", a->workers, "Screening threads (default: one per core)");
  add_screening_options(*cmd, a->screening);
  cmd->callback([a, &exit_code] { exit_code = run_bench_serve(*a); });
}

}  // namespace candor::cli
