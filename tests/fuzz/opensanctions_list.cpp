// OpenSanctions' targets.simple.csv as a user supplies it: the input is the whole file, loaded
// (columns found by header name) and completed.
#include <fstream>

#include "fuzz_target.hpp"
#include "scratch_dir.hpp"
#include "sdn_list.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace sanctions = candor::plugins::sanctions;
  static const candor::fuzz::ScratchDir folder("opensanctions");
  {
    std::ofstream out(folder.path() / "targets.simple.csv", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  return candor::fuzz::expect_clean_outcome([&] {
    sanctions::SdnList list;
    sanctions::load_sdn_folder(folder.path(), list);
    sanctions::finish_sdn_list(list);
  });
}
