// dlib.net's compressed models (.dat.bz2) load as they are and give the same model as the .dat.
#include "model_file.hpp"

#include <bzlib.h>

#include "candor/error.hpp"
#include "candor/image/decode.hpp"
#include "catch.hpp"
#include "face_analyzer.hpp"
#include "photo_options.hpp"
#include "photo_support.hpp"

using namespace candor;
using namespace candor::test;
namespace photo = candor::plugins::photo;

namespace {

std::string bzip2(const std::string& bytes) {
  // bzip2's documented bound: input + 1 % + 600 bytes.
  std::string out(bytes.size() + bytes.size() / 100 + 601, '\0');
  auto size = static_cast<unsigned>(out.size());
  REQUIRE(BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(bytes.data()),
                                   static_cast<unsigned>(bytes.size()), 1, 0, 0) == BZ_OK);
  out.resize(size);
  return out;
}

}  // namespace

TEST_CASE("a .dat.bz2 face model loads and matches the uncompressed one", "[photo][slow]") {
  TempDir dir;
  const auto plain = shared_face_model();
  const auto packed = dir / "dlib_face_recognition_resnet_model_v1.dat.bz2";
  write_text(packed, bzip2(read_text(plain)));
  CHECK(photo::decompress_bz2_file(packed) == read_text(plain));
  CHECK(photo::model_fingerprint(packed) == photo::model_fingerprint(plain));

  const auto from_plain = photo::FaceModels::load(photo::kDefaultLandmarks, plain);
  const auto from_packed = photo::FaceModels::load(photo::kDefaultLandmarks, packed);
  REQUIRE(from_packed->has_recognition());
  // One model, one fingerprint, however it was supplied: the face index stays shared.
  CHECK(from_packed->recognition_sha256() == from_plain->recognition_sha256());

  const cv::Mat image = image::decode_image(face_image("test_images/obama.jpg"), {}, {"t", "o"});
  photo::FaceAnalyzer a(from_plain), b(from_packed);
  const auto fa = a.analyze(image), fb = b.analyze(image);
  REQUIRE(fa.size() == 1);
  REQUIRE(fb.size() == 1);
  REQUIRE(fa[0].embedding);
  REQUIRE(fb[0].embedding);
  CHECK(photo::embedding_distance(*fa[0].embedding, *fb[0].embedding) == 0.0);
}

TEST_CASE("a truncated or garbage .bz2 model is a DataError naming the file", "[photo]") {
  TempDir dir;
  const std::string packed = bzip2(std::string(200000, 'x') + "dlib");
  write_text(dir / "cut.dat.bz2", packed.substr(0, packed.size() / 2));
  write_text(dir / "junk.dat.bz2", "this is not bzip2 at all");
  const auto message = [](const std::filesystem::path& path) {
    try {
      photo::FaceModels::load(photo::kDefaultLandmarks, path);
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const auto cut = message(dir / "cut.dat.bz2");
  CHECK(cut.find("cut.dat.bz2") != std::string::npos);
  CHECK(cut.find("truncated") != std::string::npos);
  const auto junk = message(dir / "junk.dat.bz2");
  CHECK(junk.find("junk.dat.bz2") != std::string::npos);
  CHECK(junk.find("not valid bzip2") != std::string::npos);
  // Valid bzip2 holding something that is not a model: dlib's own complaint, still one line.
  write_text(dir / "text.dat.bz2", packed);
  const auto text = message(dir / "text.dat.bz2");
  CHECK(text.find("text.dat.bz2") != std::string::npos);
  CHECK(text.find("corrupt or not a dlib model") != std::string::npos);
}
