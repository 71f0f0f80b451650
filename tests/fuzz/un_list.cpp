// The UN Security Council Consolidated List as a mirror delivers it: the input is one
// consolidated.xml, loaded (libxml2 with no network and no entity expansion) and completed.
#include <fstream>

#include "fuzz_target.hpp"
#include "scratch_dir.hpp"
#include "sdn_list.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace sanctions = candor::plugins::sanctions;
  static const candor::fuzz::ScratchDir folder("un");
  {
    std::ofstream out(folder.path() / "consolidated.xml", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  return candor::fuzz::expect_clean_outcome([&] {
    sanctions::SdnList list;
    sanctions::load_sdn_folder(folder.path(), list);
    sanctions::finish_sdn_list(list);
  });
}
