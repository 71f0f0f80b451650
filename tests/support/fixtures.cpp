#include "fixtures.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "catch.hpp"

namespace candor::test {

std::filesystem::path shared_dir() {
  const char* dir = std::getenv("CANDOR_SHARED_DIR");
  if (!dir || !std::filesystem::is_directory(dir))
    FAIL("CANDOR_SHARED_DIR is not set to the shared data folder (run the tests through ctest)");
  return dir;
}

std::filesystem::path source_dir() { return CANDOR_SOURCE_DIR; }

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("candor-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

CommandResult run_cli(const std::string& arguments) {
  TempDir capture;
  const auto out = capture / "out", err = capture / "err";
  const std::string command = std::string("'") + CANDOR_CLI_PATH + "' " + arguments + " >'" +
                              out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_text(out);
  result.err = read_text(err);
  return result;
}

}  // namespace candor::test
