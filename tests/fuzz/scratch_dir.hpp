#pragma once
// A private folder for targets whose parser reads from a path; removed when the process ends.
#include <unistd.h>

#include <filesystem>
#include <string>

namespace candor::fuzz {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("candor-fuzz-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace candor::fuzz
