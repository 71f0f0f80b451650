// The built `candor` on the samples and on malformed input: exit codes, one-line errors, JSON.
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <sstream>

#include "candor/app/registry.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor::test;

namespace {

std::string sample(const std::string& name) {
  return "'" + (source_dir() / "samples" / name / "candidate.json").string() + "'";
}

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// One line naming the problem, exit 2.
void check_bad_input(const CommandResult& r, const std::string& expected) {
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains(expected));
}

std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

// The line of `text` that starts with `start` ("" when none).
std::string line_of(const std::string& text, const std::string& start) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(start, 0) == 0) return line;
  return "";
}

}  // namespace

TEST_CASE("candor version prints the version", "[cli]") {
  const auto r = run_cli("version");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("candor "));
}

// The samples are screened on the embedded defaults that scripts/setup.sh installs in the
// default data directory; --no-store keeps the tests from changing what it remembers.
TEST_CASE("check prints a valid candor.verdict/v1 for every sample", "[cli]") {
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "samples")) {
    const auto name = entry.path().filename().string();
    INFO(name);
    const auto r = run_cli("check " + sample(name) + " --format json --no-store");
    REQUIRE(r.exit_code <= 1);
    const auto v = nlohmann::json::parse(r.out);
    CHECK(v["schema"] == "candor.verdict/v1");
    CHECK(v["candidate"] == name);
    CHECK(v["probability"].get<double>() >= 0.0);
    CHECK(v["probability"].get<double>() <= 1.0);
    CHECK(v["score"] == std::lround(100 * v["probability"].get<double>()));
    CHECK(v["plugins"].size() == candor::app::built_plugin_names().size());
    const std::string band = v["band"];
    CHECK((band == "clear" ? 0 : 1) == r.exit_code);
  }
}

TEST_CASE("check maps bands to exit codes with --fail-on", "[cli]") {
  const std::string base = " --no-store";
  CHECK(run_cli("check " + sample("honest-us") + base).exit_code == 0);
  const auto flagged = run_cli("check " + sample("contractor-audit") + base);
  CHECK(flagged.exit_code == 1);
  CHECK_THAT(flagged.out, Catch::StartsWith("CRITICAL  contractor-audit"));
  CHECK(run_cli("check " + sample("forged-passport") + " --fail-on critical" + base).exit_code ==
        0);
}

TEST_CASE("a sanctioned payout wallet is a hard hit on the second persona", "[cli]") {
  const auto list = shared_dir() / "data/sanctions/it_worker_2025_sdn_reconstructed";
  const auto r = run_cli("check " + sample("dprk-persona-2") + " --format json --no-store " +
                         "--sanctions-dir " + quoted(list));
  CHECK(r.exit_code == 1);
  const auto v = nlohmann::json::parse(r.out);
  CHECK(v["band"] == "critical");
  CHECK(v["signals"][0]["id"] == "sanctions.wallet_match");
  CHECK(v["signals"][0]["hard"] == true);
}

TEST_CASE("check from flags screens a recruiter's candidate without JSON", "[cli]") {
  TempDir data;
  const auto r = run_cli(
      "check --name 'Ann Lee' --email ann@example.com --ip 175.45.178.61 "
      "--claimed-country US --claimed-timezone America/Chicago --format json "
      "--no-store --data-dir " +
      quoted(data.path()));
  CHECK(r.exit_code == 1);
  const auto v = nlohmann::json::parse(r.out);
  CHECK(v["band"] == "critical");
  CHECK(v["signals"][0]["id"] == "geoip.dprk_network");
}

TEST_CASE("malformed input is one line naming file and field, exit 2", "[cli]") {
  TempDir dir;
  const auto flags = " --no-store --data-dir " + quoted(dir.path());
  write_text(dir / "broken.json", "{\"id\": \"x\", ");
  check_bad_input(run_cli("check " + quoted(dir / "broken.json") + flags), "broken.json: byte");
  write_text(dir / "type.json", R"({"id": "x", "sessions": [{"ip": 7}]})");
  check_bad_input(run_cli("check " + quoted(dir / "type.json") + flags),
                  "type.json: /sessions/0/ip: expected a string, got number");
  write_text(dir / "noid.json", R"({"name": "x"})");
  check_bad_input(run_cli("check " + quoted(dir / "noid.json") + flags),
                  "noid.json: /id: required field is missing");
  write_text(dir / "path.json", R"({"id": "x", "photos": [{"path": "gone.jpg"}]})");
  check_bad_input(run_cli("check " + quoted(dir / "path.json") + flags),
                  "path.json: /photos/0/path: cannot read file");
  write_text(dir / "policy.json", R"({"prior": 0.01, "treshold": 3})");
  check_bad_input(
      run_cli("check " + sample("honest-us") + " --policy " + quoted(dir / "policy.json") + flags),
      "policy.json: treshold: unknown key");
  write_text(dir / "plugin.json", R"({"plugins": {"geoip": {"databasez": []}}})");
  check_bad_input(
      run_cli("check " + sample("honest-us") + " --policy " + quoted(dir / "plugin.json") + flags),
      "plugin.json: plugins.geoip.databasez: unknown key");
  check_bad_input(run_cli("check " + quoted(dir / "none.json") + flags),
                  "none.json: cannot open file");
  check_bad_input(run_cli("check --frobnicate"), "frobnicate");
}

TEST_CASE("batch keeps input order, reports bad records and goes on", "[cli]") {
  TempDir dir;
  std::ostringstream in;
  in << R"({"id": "a", "name": "A One", "claimed_location": {"country": "US"}})"
     << "\n"
     << R"({"id": "b", "name": )"
     << "\n"
     << "\n"
     << R"({"id": "c", "name": "C Three", "sessions": [{"ip": "175.45.178.61"}]})"
     << "\n"
     << R"({"id": "d", "name": 4})"
     << "\n"
     << R"({"id": "e", "name": "E Five"})"
     << "\n";
  write_text(dir / "in.jsonl", in.str());
  const auto r = run_cli("batch " + quoted(dir / "in.jsonl") + " -o " + quoted(dir / "out.jsonl") +
                         " -j 2 --data-dir " + quoted(dir / "data"));
  CHECK(r.exit_code == 2);  // an error outranks a flag
  CHECK_THAT(r.err, Catch::Contains("5 records: 2 clear, 0 review, 0 high, 1 critical, 2 errors"));
  const auto out = read_jsonl(dir / "out.jsonl");
  REQUIRE(out.size() == 5);
  CHECK(out[0]["candidate"] == "a");
  CHECK(out[1]["schema"] == "candor.error/v1");
  CHECK(out[1]["line"] == 2);
  CHECK(out[2]["candidate"] == "c");
  CHECK(out[2]["band"] == "critical");
  CHECK(out[3]["line"] == 5);
  CHECK(out[3]["field"] == "/name");
  CHECK(out[4]["candidate"] == "e");
}

TEST_CASE("batch reads an ATS CSV export", "[cli]") {
  TempDir dir;
  write_text(dir / "in.csv",
             "id,name,email,phone,claimed_country,claimed_timezone,ip\n"
             "1,Ann Lee,ann@example.com;ann.lee@example.com,+1 512 472 3841,US,America/Chicago,"
             "70.113.42.17\n"
             ",No Id,x@example.com,,US,,\n");
  const auto r = run_cli("batch " + quoted(dir / "in.csv") + " -o " + quoted(dir / "out.jsonl") +
                         " -j 1 --data-dir " + quoted(dir / "data"));
  CHECK(r.exit_code == 2);
  const auto out = read_jsonl(dir / "out.jsonl");
  REQUIRE(out.size() == 2);
  CHECK(out[0]["candidate"] == "1");
  CHECK(out[1]["error"] ==
        (dir / "in.csv").string() + ": line 3, column id: required value is empty");
}

TEST_CASE("with -j 1 each candidate sees everyone screened before it", "[cli]") {
  TempDir dir;
  write_text(
      dir / "in.jsonl",
      R"({"id": "p1", "name": "Ryan Mitchell", "phone": "+1 737 208 4419", "claimed_location": {"country": "US"}})"
      "\n"
      R"({"id": "p2", "name": "Kevin Walker", "phone": "(737) 208-4419", "claimed_location": {"country": "US"}})"
      "\n");
  const auto r = run_cli("batch " + quoted(dir / "in.jsonl") + " -o " + quoted(dir / "out.jsonl") +
                         " -j 1 --data-dir " + quoted(dir / "data"));
  CHECK(r.exit_code <= 1);
  const auto out = read_jsonl(dir / "out.jsonl");
  REQUIRE(out.size() == 2);
  CHECK(out[0]["signals"].empty());
  bool linked = false;
  for (const auto& s : out[1]["signals"]) linked = linked || s["id"] == "links.shared_identifier";
  CHECK(linked);
}

TEST_CASE("plugins lists every plugin and what is missing", "[cli]") {
  TempDir data;
  const auto r = run_cli("plugins --data-dir " + quoted(data.path()));
  CHECK(r.exit_code == 0);
  for (const char* name : {"geoip", "timezone", "photo", "document", "sanctions", "links", "phone"})
    CHECK_THAT(r.out, Catch::Contains(std::string("\n") + name + "  "));
  CHECK_THAT(r.out, Catch::Contains("not ready"));
}

TEST_CASE("feeds update fetches from a file:// mirror and reports status", "[cli]") {
  TempDir dir;
  const auto mirror = dir / "mirror";
  std::filesystem::create_directories(mirror);
  write_text(mirror / "tor-exits.txt", "185.220.101.1\n");
  const auto r = run_cli("feeds update --only tor-exits --mirror file://" + mirror.string() +
                         " --data-dir " + quoted(dir / "data"));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("updated, 14 bytes"));
  const auto status = run_cli("feeds status --data-dir " + quoted(dir / "data"));
  CHECK_THAT(status.out, Catch::Contains("tor-exits"));
  const auto missing =
      run_cli("feeds update --only tor-exits --mirror file:///nonexistent --data-dir " +
              quoted(dir / "data"));
  CHECK(missing.exit_code == 2);
}

TEST_CASE("a fetched list is dated by the server's Last-Modified, not by the fetch", "[cli]") {
  TempDir dir;
  const auto mirror = dir / "mirror";
  std::filesystem::create_directories(mirror);
  std::filesystem::copy_file(shared_dir() / "data/sanctions/dprk_subset_2019/sdn.csv",
                             mirror / "sdn.csv");
  // 2026-11-20 12:00 UTC: what a file:// source reports as Last-Modified, like a server would.
  const std::chrono::sys_seconds noon{
      std::chrono::sys_days{std::chrono::year{2026} / std::chrono::November / 20} +
      std::chrono::hours{12}};
  std::filesystem::last_write_time(mirror / "sdn.csv", std::chrono::file_clock::from_sys(noon));
  const auto data = " --data-dir " + quoted(dir / "data");
  const auto r = run_cli("feeds update --only ofac-sdn --mirror file://" + mirror.string() + data);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto plugins = run_cli("plugins" + data);
  CHECK_THAT(plugins.out, Catch::Contains("(OFAC SDN of 2026-11-20)"));
}

TEST_CASE("models list names each model, its plugin and whether it is installed", "[cli]") {
  TempDir dir;
  const auto data = " --data-dir " + quoted(dir / "data");
  const auto before = run_cli("models list" + data);
  CHECK(before.exit_code == 1);  // the face model is not in a fresh data directory
  CHECK_THAT(line_of(before.out, "face-recognition-resnet"),
             Catch::Matches("face-recognition-resnet +photo +missing +.*/models/"
                            "dlib_face_recognition_resnet_model_v1.faceapi-uint8.dat"));
  const auto fetch =
      run_cli("models fetch --from " + quoted(shared_dir() / "models" / "dlib") + data);
  INFO(fetch.err);
  CHECK(fetch.exit_code == 0);
  CHECK_THAT(fetch.out, Catch::StartsWith("face-recognition-resnet: installed "));
  const auto after = run_cli("models list" + data);
  CHECK(after.exit_code == 0);  // and the landmark model is libdlib-data's
  CHECK_THAT(line_of(after.out, "face-recognition-resnet"),
             Catch::Matches("face-recognition-resnet +photo +installed +.*"));
}

TEST_CASE("index add keeps a known face that check then finds in a candidate", "[cli]") {
  TempDir dir;
  const auto faces = shared_dir() / "data" / "faces" / "test_images";
  const auto model = " --face-model " + quoted(shared_dir() / "models" / "dlib" /
                                               "dlib_face_recognition_resnet_model_v1.faceapi-"
                                               "uint8.dat");
  const auto data = " --data-dir " + quoted(dir / "data");
  check_bad_input(
      run_cli("index add --name 'Jane Roe' --photo " + quoted(faces / "obama.jpg") + data),
      "face model missing");

  const auto add =
      run_cli("index add --name 'Jane Roe' --photo " + quoted(faces / "obama.jpg") + model + data);
  INFO(add.err);
  CHECK(add.exit_code == 0);
  CHECK(add.out == "indexed known-persona:jane-roe (Jane Roe, known-persona): 1 photos, 1 faces\n");
  write_text(dir / "known.jsonl", "{\"name\": \"Wei Zhang\", \"photo\": \"" +
                                      (faces / "biden.jpg").string() +
                                      "\", \"label\": \"stock\"}\n");
  const auto import = run_cli("index import " + quoted(dir / "known.jsonl") + model + data);
  CHECK(import.exit_code == 0);
  CHECK(import.out == "indexed stock:wei-zhang (Wei Zhang, stock): 1 photos, 1 faces\n");

  // check reads the store the index went into.
  const auto r = run_cli("check --name 'Barack' --photo " + quoted(faces / "obama2.jpg") +
                         " --format json" + model + data);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  const auto v = nlohmann::json::parse(r.out);
  bool found = false;
  for (const auto& s : v["signals"])
    if (s["id"] == "photo.face_reuse") {
      found = true;
      CHECK(s["evidence"]["other"]["candidate"] == "known-persona:jane-roe");
      CHECK(s["evidence"]["other"]["label"] == "known-persona");
      CHECK(s["llr"] == 6.0);
    }
  CHECK(found);
}
