// Replays a fuzz target's corpus (seeds and every crash or timeout found so far) through the
// same entry point libFuzzer calls, so the regression suite runs in every build without clang.
// Targets that read data files also get byte-flipped copies of the real files in ../shared.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "catch.hpp"
#include "fixtures.hpp"
#include "fuzz_target.hpp"

namespace {

std::string read_bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void run_input(const std::string& bytes) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

std::vector<std::filesystem::path> files_in(const std::filesystem::path& dir,
                                            const std::string& extension = {}) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && (extension.empty() || entry.path().extension() == extension))
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("the " CANDOR_FUZZ_TARGET " fuzz corpus replays without a crash", "[fuzz]") {
  const auto files = files_in(CANDOR_FUZZ_CORPUS);
  REQUIRE(files.size() >= 1);  // at least the seeds
  for (const auto& file : files) {
    INFO(file.filename().string());
    const auto bytes = read_bytes(file);
    REQUIRE_NOTHROW(run_input(bytes));
  }
}

#ifdef CANDOR_FUZZ_SHARED_SEEDS
// Real data files with bytes flipped at random places: a damaged download or a tampered mirror
// must give an error, never a crash. Fixed seeds keep the cases the same on every run.
TEST_CASE("byte-flipped copies of real " CANDOR_FUZZ_TARGET " inputs do not crash", "[fuzz]") {
  const auto dir = candor::test::shared_dir() / CANDOR_FUZZ_SHARED_SEEDS;
  const auto files = files_in(dir, CANDOR_FUZZ_SHARED_EXTENSION);
  REQUIRE(files.size() >= 1);
  std::mt19937 random(20261203);
  for (const auto& file : files) {
    const auto original = read_bytes(file);
    REQUIRE_FALSE(original.empty());
    REQUIRE_NOTHROW(run_input(original));
    for (int variant = 0; variant < 40; ++variant) {
      std::string damaged = original;
      const int flips = 1 + variant % 8;
      for (int i = 0; i < flips; ++i) {
        std::uniform_int_distribution<std::size_t> where(0, damaged.size() - 1);
        damaged[where(random)] ^= static_cast<char>(1 + random() % 255);
      }
      if (variant % 10 == 9) damaged.resize(damaged.size() / 2);  // a truncated download
      INFO(file.filename().string() << " variant " << variant);
      REQUIRE_NOTHROW(run_input(damaged));
    }
  }
}
#endif
