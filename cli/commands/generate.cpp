// `candor bench generate`: synthetic text-only candidates for the batch benchmark, with a share
// of deliberately corrupted lines (`--mode plain`), or realistic honest and DPRK-like
// applicants for measuring false alarms and misses (`--mode honest|dprk`, no corrupted lines).
// Deterministic for a given seed.
#include <fstream>
#include <iostream>
#include <random>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "candor/error.hpp"
#include "commands/commands.hpp"
#include "commands/generate_people.hpp"

namespace candor::cli {

namespace {

struct GenerateOptions {
  std::size_t count = 100000;
  double corrupt = 0.01;
  std::string output;
  unsigned seed = 1;
  std::string mode = "plain";
};

const char* const kFirst[] = {"James", "Mary",  "Wei",   "Olga",   "Ahmed", "Sofia", "Hiro", "Ana",
                              "Liam",  "Priya", "Jonas", "Fatima", "Lucas", "Mei",   "Ivan", "Zoe"};
const char* const kLast[] = {"Smith",  "Garcia", "Chen",   "Ivanova", "Khan", "Rossi",
                             "Tanaka", "Silva",  "Brown",  "Patel",   "Berg", "Haddad",
                             "Martin", "Li",     "Petrov", "Moore"};
struct Place {
  const char* country;
  const char* city;
  const char* timezone;
  const char* area;  // phone prefix
};
const Place kPlaces[] = {{"US", "Austin", "America/Chicago", "+1 512 "},
                         {"US", "Seattle", "America/Los_Angeles", "+1 206 "},
                         {"US", "New York", "America/New_York", "+1 212 "},
                         {"DE", "Berlin", "Europe/Berlin", "+49 30 "},
                         {"GB", "London", "Europe/London", "+44 20 "},
                         {"PL", "Warsaw", "Europe/Warsaw", "+48 22 "}};

int generate(const GenerateOptions& o) {
  std::ofstream out(o.output, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError(o.output, "", "cannot write file");
  std::mt19937_64 rng(o.seed);
  std::uniform_int_distribution<int> digit(0, 9);
  std::bernoulli_distribution corrupt(o.corrupt);
  if (o.mode != "plain" && o.mode != "honest" && o.mode != "dprk")
    throw InputError("--mode", "", "expected plain, honest or dprk, got \"" + o.mode + "\"");
  for (std::size_t i = 0; o.mode != "plain" && i < o.count; ++i)
    out << (o.mode == "honest" ? honest_applicant(i, rng) : dprk_applicant(i, rng)).dump() << '\n';
  for (std::size_t i = 0; o.mode == "plain" && i < o.count; ++i) {
    const auto& place = kPlaces[rng() % std::size(kPlaces)];
    const std::string first = kFirst[rng() % std::size(kFirst)];
    const std::string last = kLast[rng() % std::size(kLast)];
    std::string phone = place.area;
    for (int d = 0; d < 7; ++d) phone += char('0' + (d == 0 ? 2 + digit(rng) % 7 : digit(rng)));
    nlohmann::json c = {
        {"id", fmt::format("gen-{}", i)},
        {"name", first + " " + last},
        {"email", fmt::format("{}.{}{}@example.com", first, last, i)},
        {"phone", phone},
        {"claimed_location",
         {{"country", place.country}, {"city", place.city}, {"timezone", place.timezone}}},
        {"sessions",
         {{{"ip", fmt::format("{}.{}.{}.{}", 20 + rng() % 180, rng() % 256, rng() % 256,
                              1 + rng() % 254)},
           {"at",
            fmt::format("2026-10-{:02}T{:02}:{:02}:00Z", 1 + rng() % 28, rng() % 24, rng() % 60)},
           {"browser_timezone", place.timezone}}}},
        {"employers",
         {{{"name", fmt::format("{} Software Ltd", kLast[rng() % std::size(kLast)])}}}}};
    std::string line = c.dump();
    if (corrupt(rng)) line = line.substr(0, line.size() / 2);  // a truncated record
    out << line << '\n';
  }
  if (!out.flush()) throw InputError(o.output, "", "cannot write file");
  std::cerr << fmt::format("generated {} candidates into {}\n", o.count, o.output);
  return kExitClear;
}

}  // namespace

void add_generate_command(CLI::App& bench, int& exit_code) {
  auto options = std::make_shared<GenerateOptions>();
  auto* cmd = bench.add_subcommand("generate", "Write synthetic text-only candidates (JSONL)");
  cmd->add_option("-o,--output", options->output, "Output JSONL")->required();
  cmd->add_option("-n,--count", options->count, "How many")->capture_default_str();
  cmd->add_option("--corrupt", options->corrupt, "Share of truncated lines")->capture_default_str();
  cmd->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  cmd->add_option("--mode", options->mode,
                  "plain (benchmark records), honest (travel, VPNs, unusual hours) or dprk")
      ->capture_default_str();
  cmd->callback([options, &exit_code] { exit_code = generate(*options); });
}

}  // namespace candor::cli
