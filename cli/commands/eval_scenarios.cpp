// `candor eval scenarios`: screens the persona suite (honest applicants and DPRK-like ones
// drawn from public reports) with every plugin and the shipped policy, and prints each
// persona's band against the band range it should land in. Exit 1 when a persona lands outside
// its range (unless listed as pending), so CTest runs it as the scenario suite.
//
// Every persona is screened twice into one store: the first pass is each applicant as it
// arrives (the first of two personas sharing a payout or a photo has nobody to be linked to
// yet), the second is the re-screen of the pool an employer runs, and is the one judged. Both
// bands are printed.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "candor/app/screener.hpp"
#include "candor/candidate.hpp"
#include "candor/error.hpp"
#include "candor/limits.hpp"
#include "commands/commands.hpp"

namespace candor::cli {

namespace {
namespace fs = std::filesystem;
using nlohmann::json;

struct ScenarioOptions {
  std::string dir = "tests/scenarios";
  std::string shared;  // default $CANDOR_SHARED_DIR
  std::string format = "text";
  std::vector<std::string> only;
};

struct Persona {
  std::string id, file, kind, story;
  Band min = Band::clear, max = Band::clear;
};

constexpr std::uintmax_t kMaxManifestBytes = 4u << 20;

json read_json(const fs::path& path) {
  if (const auto problem = unreadable_file(path, kMaxManifestBytes))
    throw InputError(path.string(), "", *problem);
  json j;
  if (const auto bad = parse_json(read_whole_file(path), j))
    throw InputError(path.string(), "", fmt::format("byte {}: {}", bad->byte, bad->problem));
  return j;
}

Band band_at(const json& value, const std::string& file, const std::string& pointer) {
  const auto band = value.is_string() ? parse_band(value.get<std::string>()) : std::nullopt;
  if (!band) throw InputError(file, pointer, "expected clear, review, high or critical");
  return *band;
}

std::vector<Persona> read_manifest(const fs::path& path) {
  const json j = read_json(path);
  if (!j.contains("personas") || !j["personas"].is_array())
    throw InputError(path.string(), "/personas", "expected an array of personas");
  std::vector<Persona> out;
  for (std::size_t i = 0; i < j["personas"].size(); ++i) {
    const json& p = j["personas"][i];
    const std::string at = "/personas/" + std::to_string(i);
    if (!p.is_object() || !p.contains("id") || !p["id"].is_string() || !p.contains("file") ||
        !p["file"].is_string())
      throw InputError(path.string(), at, "expected an object with id and file");
    Persona persona{p["id"], p["file"], p.value("kind", ""), p.value("story", "")};
    if (persona.kind != "honest" && persona.kind != "dprk")
      throw InputError(path.string(), at + "/kind", "expected honest or dprk");
    if (!p.contains("expect") || !p["expect"].is_array() || p["expect"].size() != 2)
      throw InputError(path.string(), at + "/expect", "expected [lowest band, highest band]");
    persona.min = band_at(p["expect"][0], path.string(), at + "/expect/0");
    persona.max = band_at(p["expect"][1], path.string(), at + "/expect/1");
    // The suite's rule: an honest persona never reaches review, a DPRK-like one never stays
    // clear; a manifest cannot expect otherwise.
    if (persona.kind == "honest" && persona.max != Band::clear)
      throw InputError(path.string(), at + "/expect/1", "an honest persona must stay clear");
    if (persona.kind == "dprk" && persona.min == Band::clear)
      throw InputError(path.string(), at + "/expect/0", "a DPRK-like persona must not be clear");
    out.push_back(std::move(persona));
  }
  return out;
}

// pending.txt: `<persona id> <reason>` per line, '#' comments.
std::map<std::string, std::string> read_pending(const fs::path& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    out[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return out;
}

// The scenario policy with ${CANDOR_SHARED_DIR} and ${SCENARIO_DIR} replaced, written where
// the screener reads it.
fs::path write_policy(const fs::path& dir, const fs::path& shared, const fs::path& to) {
  std::string text = read_whole_file(dir / "policy.json");
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"${CANDOR_SHARED_DIR}", shared.string()},
        {"${SCENARIO_DIR}", dir.string()}})
    for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw InputError(to.string(), "", "cannot write file");
  return to;
}

std::string top_reasons(const Verdict& v, std::size_t n) {
  std::string out;
  std::vector<std::string> seen;
  for (const auto& s : v.signals) {
    if (seen.size() >= n) break;
    if (std::find(seen.begin(), seen.end(), s.signal.id) != seen.end()) continue;
    seen.push_back(s.signal.id);
    out += fmt::format("{}{} {:+.1f}", out.empty() ? "" : ", ", s.signal.id, s.contribution);
  }
  return out.empty() ? "-" : out;
}

int run(const ScenarioOptions& o) {
  const fs::path dir = fs::absolute(o.dir);
  std::string shared = o.shared;
  if (shared.empty())
    if (const char* env = std::getenv("CANDOR_SHARED_DIR")) shared = env;
  if (shared.empty() || !fs::is_directory(shared))
    throw InputError("--shared", "", "the shared data folder is needed (or CANDOR_SHARED_DIR)");
  auto personas = read_manifest(dir / "scenarios.json");
  const auto pending = read_pending(dir / "pending.txt");
  if (!o.only.empty())
    std::erase_if(personas, [&](const Persona& p) {
      return std::find(o.only.begin(), o.only.end(), p.id) == o.only.end();
    });

  // A private data folder (the scenario feeds) and store, so personas link only to each other.
  std::mt19937_64 rng(std::random_device{}());
  const fs::path work = fs::temp_directory_path() / fmt::format("candor-scenarios-{:x}", rng());
  fs::create_directories(work / "data");
  struct Cleanup {
    fs::path path;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  } cleanup{work};
  if (fs::is_directory(dir / "data"))
    fs::copy(dir / "data", work / "data", fs::copy_options::recursive);
  app::ScreenerOptions screening;
  screening.data_dir = (work / "data").string();
  screening.store = "sqlite:" + (work / "candor.db").string();
  screening.policy = write_policy(dir, fs::absolute(shared), work / "policy.json");
  const app::Screener screener(screening);
  auto worker = screener.make_worker();

  std::vector<Candidate> candidates;
  std::vector<Band> first;
  for (const auto& p : personas) {
    const fs::path file = dir / p.file;
    // Relative paths in a persona (photos, documents) are files of the shared data folder.
    candidates.push_back(parse_candidate(read_json(file), file.string(), shared));
    first.push_back(worker->screen(candidates.back()).band);
  }
  json rows = json::array();
  int failed = 0, honest = 0, honest_flagged = 0, dprk = 0, dprk_clear = 0;
  for (std::size_t i = 0; i < personas.size(); ++i) {
    const Persona& p = personas[i];
    const Verdict v = worker->screen(candidates[i]);
    const bool in_range = v.band >= p.min && v.band <= p.max;
    const auto pend = pending.find(p.id);
    std::string result = in_range ? "ok" : "FAIL";
    if (pend != pending.end()) result = in_range ? "ok (listed pending)" : "pending";
    if (!in_range && pend == pending.end()) ++failed;
    (p.kind == "honest" ? honest : dprk)++;
    if (p.kind == "honest" && v.band >= Band::review) ++honest_flagged;
    if (p.kind == "dprk" && v.band == Band::clear) ++dprk_clear;
    json reasons = json::array();
    for (const auto& s : v.signals)
      reasons.push_back(
          {{"id", s.signal.id}, {"contribution", s.contribution}, {"summary", s.signal.summary}});
    rows.push_back({{"id", p.id},
                    {"kind", p.kind},
                    {"expect", {band_name(p.min), band_name(p.max)}},
                    {"band", band_name(v.band)},
                    {"first_band", band_name(first[i])},
                    {"probability", v.probability},
                    {"result", result},
                    {"pending_reason", pend == pending.end() ? "" : pend->second},
                    {"top_reasons", top_reasons(v, 3)},
                    {"signals", reasons}});
  }
  const json summary = {{"honest", honest},
                        {"honest_at_review_or_worse", honest_flagged},
                        {"dprk", dprk},
                        {"dprk_clear", dprk_clear},
                        {"failed", failed}};
  if (o.format == "json") {
    std::cout << json{{"personas", rows}, {"summary", summary}}.dump(2) << "\n";
  } else {
    std::cout << fmt::format("{:<38} {:<7} {:<17} {:<8} {:<8} {:>6}  {:<8} {}\n", "persona", "kind",
                             "expected", "first", "band", "p", "result", "top reasons");
    for (const auto& r : rows) {
      const std::string expect = r["expect"][0].get<std::string>() == r["expect"][1]
                                     ? r["expect"][0].get<std::string>()
                                     : fmt::format("{}..{}", r["expect"][0].get<std::string>(),
                                                   r["expect"][1].get<std::string>());
      std::cout << fmt::format("{:<38} {:<7} {:<17} {:<8} {:<8} {:>6.3f}  {:<8} {}\n",
                               r["id"].get<std::string>(), r["kind"].get<std::string>(), expect,
                               r["first_band"].get<std::string>(), r["band"].get<std::string>(),
                               r["probability"].get<double>(), r["result"].get<std::string>(),
                               r["top_reasons"].get<std::string>());
    }
    std::cout << fmt::format(
        "honest at review or worse: {}/{}; DPRK-like left clear: {}/{}; failed: {}\n",
        honest_flagged, honest, dprk_clear, dprk, failed);
  }
  return failed ? kExitFlagged : kExitClear;
}

}  // namespace

void add_eval_scenarios_command(CLI::App& eval, int& exit_code) {
  auto options = std::make_shared<ScenarioOptions>();
  auto* cmd = eval.add_subcommand(
      "scenarios", "Screen the persona suite and check each lands in its expected band range");
  cmd->add_option("--dir", options->dir, "Folder with scenarios.json, policy.json, personas/")
      ->capture_default_str();
  cmd->add_option("--shared", options->shared,
                  "Shared data folder (faces, test databases); default $CANDOR_SHARED_DIR");
  cmd->add_option("--format", options->format, "text or json")->capture_default_str();
  cmd->add_option("--only", options->only, "Only these persona ids (repeatable)");
  cmd->callback([options, &exit_code] {
    if (options->format != "text" && options->format != "json")
      throw InputError("--format", "", "expected text or json, got \"" + options->format + "\"");
    exit_code = run(*options);
  });
}

}  // namespace candor::cli
