// The face model rebuilt from the npm package matches the pinned conversion byte for byte.
#include <cstdlib>

#include "candor/data_dir.hpp"
#include "candor/models.hpp"
#include "catch.hpp"
#include "faceapi_convert.hpp"
#include "photo_options.hpp"
#include "photo_support.hpp"

using namespace candor;
using namespace candor::test;
namespace photo = candor::plugins::photo;

namespace {

// The tarball: $CANDOR_FACEAPI_TARBALL, else <build>/npm-cache/, fetched there with `npm pack`
// (the npm registry is the one source these machines reach) when missing.
std::filesystem::path faceapi_tarball() {
  if (const char* given = std::getenv("CANDOR_FACEAPI_TARBALL")) return given;
  const std::filesystem::path cache = std::filesystem::path(CANDOR_BINARY_DIR) / "npm-cache";
  const auto tarball = cache / "vladmandic-face-api-1.7.15.tgz";
  if (!std::filesystem::exists(tarball)) {
    std::filesystem::create_directories(cache);
    const std::string command = "cd '" + cache.string() +
                                "' && timeout 300 npm pack --silent @vladmandic/face-api@1.7.15 "
                                ">/dev/null 2>&1";
    (void)std::system(command.c_str());
  }
  if (!std::filesystem::exists(tarball))
    FAIL("the npm tarball @vladmandic/face-api@1.7.15 is not at "
         << tarball << " and `npm pack` could not fetch it: run scripts/setup.d/30-photo.sh, or "
         << "`npm pack @vladmandic/face-api@1.7.15` in " << cache
         << ", or set CANDOR_FACEAPI_TARBALL");
  return tarball;
}

}  // namespace

TEST_CASE("converting @vladmandic/face-api@1.7.15 reproduces the pinned dlib model",
          "[photo][slow]") {
  const auto tarball = faceapi_tarball();
  REQUIRE(sha256_file(tarball) == photo::kFaceApiTarballSha256);
  const std::string bytes = photo::convert_faceapi_tarball(tarball);
  CHECK(bytes.size() == 22'466'154);
  CHECK(sha256_hex(bytes) == model_entry(photo::kFaceModelName).sha256);
  CHECK(sha256_hex(bytes) == sha256_file(shared_face_model()));
}

TEST_CASE("the converter rejects a tarball that is not the pinned one", "[photo]") {
  TempDir dir;
  write_text(dir / "fake.tgz", "not a tarball");
  CHECK_THROWS_WITH(photo::convert_faceapi_tarball(dir / "fake.tgz"),
                    Catch::Contains("fake.tgz") && Catch::Contains("SHA-256"));
}
