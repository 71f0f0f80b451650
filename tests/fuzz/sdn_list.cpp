// OFAC's delimited SDN files as a mirror delivers them: the input is one sdn.csv, loaded,
// completed (wallets parsed from remarks) and its remarks parsed again on their own.
#include <fstream>

#include "fuzz_target.hpp"
#include "scratch_dir.hpp"
#include "sdn_list.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace sanctions = candor::plugins::sanctions;
  static const candor::fuzz::ScratchDir folder("sdn");
  {
    std::ofstream out(folder.path() / "sdn.csv", std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  sanctions::parse_wallets(std::string(candor::fuzz::as_text(data, size)));
  return candor::fuzz::expect_clean_outcome([&] {
    sanctions::SdnList list;
    sanctions::load_sdn_folder(folder.path(), list);
    sanctions::finish_sdn_list(list);
  });
}
