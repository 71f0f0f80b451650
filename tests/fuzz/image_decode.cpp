// The one guarded image decoder (photos, document scans), under deliberately small limits so
// that a declared-size bomb is refused before decoding.
#include <opencv2/core.hpp>

#include "candor/image/decode.hpp"
#include "fuzz_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  candor::image::DecodeLimits limits;
  limits.max_bytes = 1u << 20;
  limits.max_pixels = 4'000'000;
  const std::string bytes(candor::fuzz::as_text(data, size));
  candor::image::sniff_image_size(bytes);
  return candor::fuzz::expect_clean_outcome([&] {
    candor::image::decode_image_bytes(bytes, "fuzz.img", limits, {"fuzz.json", "/photos/0/path"});
  });
}
