// Several `candor` processes on one PostgreSQL store: links across processes, clusters like one
// store, migration from SQLite, erasure, and a process killed mid-batch.
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "candor/store.hpp"
#include "catch.hpp"
#include "fixtures.hpp"
#include "postgres_server.hpp"

using namespace candor::test;

namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

int icao_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 0;
}

char check_digit(const std::string& s) {
  static const int kWeights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < s.size(); ++i) sum += icao_value(s[i]) * kWeights[i % 3];
  return static_cast<char>('0' + sum % 10);
}

std::string pad(std::string s, std::size_t n) {
  s.resize(n, '<');
  return s;
}

// A valid ICAO 9303 TD3 passport MRZ.
std::vector<std::string> passport(const std::string& surname, const std::string& given,
                                  const std::string& number, const std::string& birth) {
  const std::string num = pad(number, 9), expiry = "330101", optional = pad("", 14);
  std::string line2 = num + check_digit(num) + "GBR" + birth + check_digit(birth) + "F" + expiry +
                      check_digit(expiry) + optional + check_digit(optional);
  line2 += check_digit(line2.substr(0, 10) + line2.substr(13, 7) + line2.substr(21, 22));
  return {pad("P<GBR" + surname + "<<" + given, 44), line2};
}

// A 96×96 24-bit BMP of random 12-pixel blocks, one picture per seed.
void write_picture(const std::filesystem::path& path, unsigned seed) {
  constexpr int kSide = 96;
  std::mt19937 random(seed);
  std::vector<unsigned char> blocks(64);
  for (auto& b : blocks) b = static_cast<unsigned char>(random() % 256);
  std::string bmp = "BM";
  auto u32 = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) bmp += static_cast<char>((v >> (8 * i)) & 255);
  };
  auto u16 = [&](std::uint16_t v) {
    bmp += static_cast<char>(v & 255);
    bmp += static_cast<char>(v >> 8);
  };
  const std::uint32_t pixels = kSide * kSide * 3;
  u32(54 + pixels), u32(0), u32(54), u32(40), u32(kSide), u32(kSide), u16(1), u16(24), u32(0),
      u32(pixels), u32(2835), u32(2835), u32(0), u32(0);
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x)
      for (int c = 0; c < 3; ++c) bmp += static_cast<char>(blocks[(y / 12) * 8 + x / 12]);
  write_text(path, bmp);
}

std::string letters(int n) {
  std::string s;
  for (int i = 0; i < 4; ++i, n /= 26) s += static_cast<char>('A' + n % 26);
  return s;
}

std::string id_of(char half, int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c-%04d", half, i);
  return buf;
}

// Pair i: a-i in the first half and b-i in the second share a phone (i % 3 == 0), a passport
// number (1) or a picture (2), under different names; nothing else is shared.
void write_halves(const TempDir& dir, int pairs) {
  std::ofstream first(dir / "first.jsonl"), second(dir / "second.jsonl");
  for (int i = 0; i < pairs; ++i) {
    if (i % 3 == 2) write_picture(dir / ("p" + std::to_string(i) + ".bmp"), 1000u + i);
    for (const char half : {'a', 'b'}) {
      const std::string surname = std::string(half == 'a' ? "ALDER" : "BIRCH") + letters(i);
      const std::string given = half == 'a' ? "ANNA" : "BORIS";
      nlohmann::json c = {{"id", id_of(half, i)},
                          {"name", given + " " + surname},
                          {"date_of_birth", half == 'a' ? "1990-01-01" : "1985-05-05"},
                          {"email", id_of(half, i) + "@example.org"}};
      if (i % 3 == 0) c["phone"] = "+447700900" + std::to_string(100 + i % 900);
      if (i % 3 == 1)
        c["documents"] = {{{"kind", "passport"},
                           {"mrz", passport(surname, given, "Q" + std::to_string(1000000 + i),
                                            half == 'a' ? "900101" : "850505")}}};
      if (i % 3 == 2) c["photos"] = {{{"path", "p" + std::to_string(i) + ".bmp"}}};
      (half == 'a' ? first : second) << c.dump() << "\n";
    }
  }
}

// Runs `candor ARGS > out 2> err` in the background; returns its pid.
pid_t spawn_cli(const std::string& arguments, const std::filesystem::path& out) {
  const pid_t pid = fork();
  if (pid == 0) {
    const std::string command = std::string("exec '") + CANDOR_CLI_PATH + "' " + arguments + " >'" +
                                out.string() + "' 2>'" + out.string() + ".err' </dev/null";
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Other candidate ids each verdict's signals name.
std::map<std::string, std::set<std::string>> links_in(const std::filesystem::path& jsonl) {
  std::map<std::string, std::set<std::string>> out;
  std::ifstream in(jsonl);
  for (std::string line; std::getline(in, line);) {
    const auto v = nlohmann::json::parse(line);
    REQUIRE(v.contains("candidate"));
    const std::string text = v["signals"].dump();
    auto& named = out[v["candidate"].get<std::string>()];
    for (std::size_t at = 0; (at = text.find("\"a-", at)) != std::string::npos; ++at)
      named.insert(text.substr(at + 1, 6));
    for (std::size_t at = 0; (at = text.find("\"b-", at)) != std::string::npos; ++at)
      named.insert(text.substr(at + 1, 6));
  }
  return out;
}

std::set<std::set<std::string>> clusters_of(const std::string& json_text) {
  std::set<std::set<std::string>> out;
  for (const auto& cluster : nlohmann::json::parse(json_text)) {
    std::set<std::string> members;
    for (const auto& m : cluster["members"]) members.insert(m["id"].get<std::string>());
    out.insert(members);
  }
  return out;
}

}  // namespace

TEST_CASE("two batch processes on one PostgreSQL store miss no link between them",
          "[cli][postgres]") {
  PostgresServer server;
  const std::string url = server.url();
  TempDir dir;
  constexpr int kPairs = 240;
  write_halves(dir, kPairs);
  const std::string common = " --jobs 2 --data-dir " + quoted((dir / "data").string());
  const pid_t first = spawn_cli(
      "batch " + quoted((dir / "first.jsonl").string()) + common + " --store " + quoted(url),
      dir / "first.out");
  const pid_t second = spawn_cli(
      "batch " + quoted((dir / "second.jsonl").string()) + common + " --store " + quoted(url),
      dir / "second.out");
  CHECK(wait_exit(first) <= 1);
  CHECK(wait_exit(second) <= 1);
  INFO(read_text(dir / "first.out.err") << read_text(dir / "second.out.err"));
  auto found = links_in(dir / "first.out");
  for (auto& [id, named] : links_in(dir / "second.out")) found[id] = named;
  REQUIRE(found.size() == 2 * kPairs);
  int missed = 0, wrong = 0;
  for (int i = 0; i < kPairs; ++i) {
    const auto a = id_of('a', i), b = id_of('b', i);
    if (!found[a].count(b) && !found[b].count(a)) ++missed;
    for (const auto& other : found[a]) wrong += other != b;
    for (const auto& other : found[b]) wrong += other != a;
  }
  CHECK(missed == 0);
  CHECK(wrong == 0);

  // `candor links clusters` on the shared store: the clusters one SQLite store gives.
  write_text(dir / "all.jsonl", read_text(dir / "first.jsonl") + read_text(dir / "second.jsonl"));
  const std::string sqlite = "sqlite:" + (dir / "one.db").string();
  const auto one = run_cli("batch " + quoted((dir / "all.jsonl").string()) + common + " --store " +
                           quoted(sqlite) + " -o /dev/null");
  CHECK(one.exit_code <= 1);
  const auto shared = run_cli("links clusters --format json --store " + quoted(url));
  const auto single = run_cli("links clusters --format json --store " + quoted(sqlite));
  REQUIRE(shared.exit_code == 1);
  CHECK(clusters_of(shared.out).size() == kPairs / 3);
  CHECK(clusters_of(shared.out) == clusters_of(single.out));
}

TEST_CASE("a batch process killed mid-batch leaves the store consistent and the other unharmed",
          "[cli][postgres]") {
  PostgresServer server;
  const std::string url = server.url();
  TempDir dir;
  std::ofstream big(dir / "big.jsonl"), small(dir / "small.jsonl");
  for (int i = 0; i < 60000; ++i)
    big << nlohmann::json{{"id", "k" + std::to_string(i)},
                          {"name", "Kay " + letters(i)},
                          {"email", "k" + std::to_string(i) + "@example.org"}}
               .dump()
        << "\n";
  for (int i = 0; i < 3000; ++i)
    small << nlohmann::json{{"id", "s" + std::to_string(i)},
                            {"name", "Sam " + letters(i)},
                            {"email", "s" + std::to_string(i) + "@example.org"}}
                 .dump()
          << "\n";
  big.close();
  small.close();
  const std::string common =
      " --jobs 2 --data-dir " + quoted((dir / "data").string()) + " --store " + quoted(url);
  auto store = candor::open_store(url);
  const pid_t victim =
      spawn_cli("batch " + quoted((dir / "big.jsonl").string()) + common, dir / "big.out");
  // Kill it once it has committed something and while it is still going.
  bool committed = false;
  for (int i = 0; i < 600 && !committed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    committed = store->candidate("k0").has_value();
  }
  REQUIRE(committed);
  const pid_t other =
      spawn_cli("batch " + quoted((dir / "small.jsonl").string()) + common, dir / "small.out");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(victim, SIGKILL);
  int status = 0;
  waitpid(victim, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  CHECK(wait_exit(other) == 0);
  INFO(read_text(dir / "small.out.err"));
  const std::string screened = read_text(dir / "small.out");
  CHECK(std::count(screened.begin(), screened.end(), '\n') == 3000);
  // Every candidate is whole: recorded with its verdict and identifiers, or not at all.
  const auto total = store->candidate_count();
  CHECK(total >= 3000);
  CHECK(total < 63000);
  std::int64_t whole = 0;
  for (int i = 0; i < 60000; ++i) {
    const std::string id = "k" + std::to_string(i);
    if (!store->candidate(id)) continue;
    CHECK(candor::latest_verdict_json(*store, id));
    CHECK(store->find("links.email", id + "@example.org").size() == 1);
    ++whole;
  }
  for (int i = 0; i < 3000; ++i) CHECK(store->candidate("s" + std::to_string(i)));
  CHECK(whole + 3000 == total);
  // And the store takes new work.
  store->record({"after", "After", "", 1, "clear", 0}, {});
  CHECK(store->candidate_count() == total + 1);
}

TEST_CASE("store migrate copies an SQLite store and forget erases from PostgreSQL",
          "[cli][postgres]") {
  PostgresServer server;
  const std::string url = server.url();
  TempDir dir;
  write_halves(dir, 6);
  const std::string sqlite = "sqlite:" + (dir / "old.db").string();
  const auto screened =
      run_cli("batch " + quoted((dir / "first.jsonl").string()) + " --jobs 1 --data-dir " +
              quoted((dir / "data").string()) + " --store " + quoted(sqlite) + " -o /dev/null");
  REQUIRE(screened.exit_code <= 1);
  const auto migrated = run_cli("store migrate --from " + quoted(sqlite) + " --to " + quoted(url));
  INFO(migrated.err);
  REQUIRE(migrated.exit_code == 0);
  CHECK_THAT(migrated.out, Catch::Contains("copied 6 candidates"));
  auto from = candor::open_store(sqlite);
  auto to = candor::open_store(url);
  CHECK(to->candidate_count() == 6);
  CHECK(candor::latest_verdict_json(*to, "a-0000") == candor::latest_verdict_json(*from, "a-0000"));
  CHECK(to->find("links.email", "a-0003@example.org").size() == 1);
  // Again: the same store, nothing doubled.
  REQUIRE(run_cli("store migrate --from " + quoted(sqlite) + " --to " + quoted(url)).exit_code ==
          0);
  CHECK(to->find("links.email", "a-0003@example.org").size() == 1);

  // The second half screened on PostgreSQL through CANDOR_STORE links to the migrated first.
  setenv("CANDOR_STORE", url.c_str(), 1);
  const auto via_env =
      run_cli("batch " + quoted((dir / "second.jsonl").string()) + " --jobs 1 --data-dir " +
              quoted((dir / "data").string()) + " -o " + quoted((dir / "second.out").string()));
  unsetenv("CANDOR_STORE");
  CHECK(via_env.exit_code == 1);
  CHECK(links_in(dir / "second.out")["b-0000"].count("a-0000") == 1);

  const auto forgot = run_cli("forget a-0000 --store " + quoted(url));
  CHECK(forgot.exit_code == 0);
  CHECK_FALSE(to->candidate("a-0000"));
  CHECK(to->find("links.email", "a-0000@example.org").empty());
  CHECK(run_cli("forget a-0000 --store " + quoted(url)).exit_code == 1);
  CHECK(run_cli("forget a-0001 --store " + quoted(sqlite)).exit_code == 0);
  CHECK_FALSE(from->candidate("a-0001"));

  const auto password = run_cli("forget x --store 'postgresql://me:secret@localhost/db'");
  CHECK(password.exit_code == 2);
  CHECK_THAT(password.err, Catch::Contains("PGPASSWORD") && !Catch::Contains("secret"));
}
