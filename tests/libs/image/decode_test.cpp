#include "candor/image/decode.hpp"

#include <zlib.h>

#include <chrono>

#include <opencv2/imgcodecs.hpp>

#include "candor/error.hpp"
#include "catch.hpp"
#include "fixtures.hpp"

using namespace candor;
using candor::test::TempDir;

namespace {

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(char((v >> shift) & 0xFF));
}

// One PNG chunk: length, type, data and the CRC over type and data.
void put_chunk(std::string& out, const std::string& type, const std::string& data) {
  put_be32(out, std::uint32_t(data.size()));
  const std::string body = type + data;
  out += body;
  put_be32(out,
           std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
}

// A well-formed 8-bit RGB PNG whose IHDR declares width × height, with compressed image data
// for only its first `rows` rows (an attacker's file is small whatever it declares).
std::string png_declaring(std::uint32_t width, std::uint32_t height, std::uint32_t rows) {
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  put_be32(ihdr, width);
  put_be32(ihdr, height);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, no filter, no interlace
  put_chunk(png, "IHDR", ihdr);
  const std::string raw(std::size_t(rows) * (1 + 3 * std::size_t(width)), '\0');
  uLongf size = compressBound(uLong(raw.size()));
  std::string idat(size, '\0');
  REQUIRE(compress(reinterpret_cast<Bytef*>(idat.data()), &size,
                   reinterpret_cast<const Bytef*>(raw.data()), uLong(raw.size())) == Z_OK);
  idat.resize(size);
  put_chunk(png, "IDAT", idat);
  put_chunk(png, "IEND", "");
  return png;
}

std::string encode(const std::string& extension, const cv::Mat& image,
                   const std::vector<int>& parameters = {}) {
  std::vector<unsigned char> bytes;
  REQUIRE(cv::imencode(extension, image, bytes, parameters));
  return std::string(bytes.begin(), bytes.end());
}

// A small picture with structure (so that lossy codecs keep its size and content apart).
cv::Mat test_picture(int width, int height, int type = CV_8UC3) {
  cv::Mat image(height, width, type);
  cv::randu(image, 0, 255);
  return image;
}

std::filesystem::path shared_jpeg() {
  const auto path = test::shared_dir() / "data" / "faces" / "test_images" / "obama2.jpg";
  if (!std::filesystem::exists(path)) FAIL("missing shared image " << path);
  return path;
}

const image::ImageOrigin kOrigin{"cand.json", "/documents/0/image"};

}  // namespace

TEST_CASE("a PNG declaring 30000x30000 pixels is refused from its header, never decoded",
          "[image]") {
  TempDir dir;
  const auto path = dir / "huge.png";
  test::write_text(path, png_declaring(30000, 30000, 2));
  const std::string bytes = test::read_text(path);
  CHECK(bytes.size() < 2000);
  CHECK(image::sniff_image_size(bytes) == cv::Size(30000, 30000));
  const auto start = std::chrono::steady_clock::now();
  try {
    image::decode_image(path, {}, kOrigin);
    FAIL("decoded a PNG declaring 900 million pixels");
  } catch (const InputError& e) {
    CHECK(e.file() == "cand.json");
    CHECK(e.field() == "/documents/0/image");
    CHECK_THAT(e.problem(), Catch::Contains("huge.png") && Catch::Contains("30000x30000") &&
                                Catch::Contains("over the limit of 50000000"));
  }
  // Decoding would allocate 2.7 GB before reading a row; the refusal takes no time.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(200));
  CHECK_FALSE(image::try_decode_image_bytes(bytes, {}));

  // The same file within the limit is handed to the decoder (which finds the rows missing):
  // the refusal above came from the header, before any decoding.
  test::write_text(dir / "short.png", png_declaring(300, 300, 2));
  CHECK_THROWS_WITH(image::decode_image(dir / "short.png", {}, kOrigin),
                    Catch::Contains("cannot decode"));
}

TEST_CASE("the pixel limit is checked from the header in every supported format", "[image]") {
  const cv::Mat picture = test_picture(37, 23);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"jpeg", encode(".jpg", picture)},
      {"png", encode(".png", picture)},
      {"bmp", encode(".bmp", picture)},
      {"tiff", encode(".tiff", picture)},
      {"webp lossy", encode(".webp", picture, {cv::IMWRITE_WEBP_QUALITY, 80})},
      {"webp lossless", encode(".webp", picture, {cv::IMWRITE_WEBP_QUALITY, 101})},
      {"webp with alpha",
       encode(".webp", test_picture(37, 23, CV_8UC4), {cv::IMWRITE_WEBP_QUALITY, 80})}};
  image::DecodeLimits exact;
  exact.max_pixels = 37 * 23;
  image::DecodeLimits one_short;
  one_short.max_pixels = 37 * 23 - 1;
  for (const auto& [format, bytes] : files) {
    INFO(format);
    CHECK(image::sniff_image_size(bytes) == cv::Size(37, 23));
    const cv::Mat decoded = image::decode_image_bytes(bytes, format, exact, kOrigin);
    CHECK(decoded.size() == cv::Size(37, 23));
    CHECK(decoded.type() == CV_8UC3);
    CHECK_THROWS_WITH(image::decode_image_bytes(bytes, format, one_short, kOrigin),
                      Catch::Contains("37x23 pixels, over the limit of 850"));
  }
}

TEST_CASE("a real JPEG decodes in colour and in gray", "[image]") {
  const auto path = shared_jpeg();
  const cv::Mat bgr = image::decode_image(path, {}, kOrigin);
  CHECK(bgr.size() == cv::Size(626, 1200));
  CHECK(bgr.type() == CV_8UC3);
  CHECK(image::sniff_image_size(test::read_text(path)) == cv::Size(626, 1200));
  const cv::Mat gray = image::decode_image(path, {}, kOrigin, image::PixelFormat::gray);
  CHECK(gray.size() == bgr.size());
  CHECK(gray.type() == CV_8UC1);
  const auto again = image::try_decode_image_bytes(test::read_text(path), {});
  REQUIRE(again);
  CHECK(cv::norm(*again, bgr, cv::NORM_INF) == 0);
}

TEST_CASE("a file over max_bytes is refused before it is read", "[image]") {
  const auto path = shared_jpeg();
  image::DecodeLimits limits;
  limits.max_bytes = 100'000;  // obama2.jpg is 184,455 bytes
  CHECK_THROWS_WITH(
      image::decode_image(path, limits, kOrigin),
      Catch::Contains("obama2.jpg") && Catch::Contains("184455 bytes, over the limit of 100000"));
  CHECK_THROWS_AS(image::read_image_file(path, limits, kOrigin), InputError);
  CHECK_FALSE(image::try_decode_image_bytes(test::read_text(path), limits));
}

TEST_CASE("missing, empty, corrupt and unsupported images are input errors", "[image]") {
  TempDir dir;
  const auto refused = [&](const std::string& name, const std::string& bytes) {
    test::write_text(dir / name, bytes);
    try {
      image::decode_image(dir / name, {}, kOrigin);
    } catch (const InputError& e) {
      CHECK(e.field() == kOrigin.field);
      CHECK_THAT(e.problem(), Catch::Contains(name));
      return e.problem();
    }
    FAIL("decoded " << name);
    return std::string();
  };
  CHECK_THROWS_WITH(image::decode_image(dir / "missing.jpg", {}, kOrigin),
                    Catch::Contains("cannot read") && Catch::Contains("missing.jpg"));
  CHECK_THAT(refused("empty.jpg", ""), Catch::Contains("empty"));
  CHECK_THAT(refused("corrupt.jpg", "\xFF\xD8\xFF\xE0 this is not really a JPEG"),
             Catch::Contains("cannot read the image size"));
  // Cut before its frame header: no size to check, so not decoded.
  CHECK_THAT(refused("cut.jpg", encode(".jpg", test_picture(40, 30)).substr(0, 40)),
             Catch::Contains("cannot read the image size"));
  // A PNG whose header is fine but whose image data is not.
  std::string broken = encode(".png", test_picture(40, 30));
  broken.replace(broken.size() / 2, 64, std::string(64, 'x'));
  CHECK_THAT(refused("broken.png", broken), Catch::Contains("cannot decode"));
  // OpenCV reads PPM, but its size is not checked here, so it is not decoded.
  CHECK_THAT(refused("picture.ppm", encode(".ppm", test_picture(4, 4))),
             Catch::Contains("supported format"));
  CHECK_THAT(refused("notes.txt", "hello"), Catch::Contains("supported format"));
  CHECK_FALSE(image::try_decode_image_bytes("hello", {}));
}

TEST_CASE("a damaged WebP with DICM at byte 128 or DTED at 140 is refused, never decoded",
          "[image]") {
  // Found by fuzzing: OpenCV's WebP reader declines the damaged header, its DICOM reader claims
  // the bytes by "DICM" at byte 128, and GDCM aborts the process on a failed assertion.
  const std::string bytes(
      "\x52\x49\x46\x46\x30\x3a\x2f\x2f\x57\x45\x42\x50\x56\x50\x38\x4c"
      "\xd8\xff\x3a\x2f\x2f\xff\x41\x57\x45\xff\xb8\xb8\xb8\xff\xff\xff"
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
      "\xff\xff\x4d\x4d\x00\x2a\xff\x00\x00\x00\x00\xff\xff\x00\x80\xff"
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01\x00\x00\x00"
      "\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x0d\xff\xff"
      "\x44\x49\x43\x4d\xff\xff\xb8",
      135);
  CHECK_THAT(image::refusal(bytes, {}).value_or(""), Catch::Contains("DICOM signature"));
  CHECK_FALSE(image::try_decode_image_bytes(bytes, {}));
  // The same header with "DTED" at byte 140 would reach GDAL and its drivers.
  const std::string dted =
      bytes.substr(0, 128) + std::string(12, '\xff') + "DTED" + std::string(8, '\xff');
  CHECK_THAT(image::refusal(dted, {}).value_or(""), Catch::Contains("DTED signature at byte 140"));
}

TEST_CASE("sniffing never reads past the bytes it is given", "[image]") {
  const std::string png = encode(".png", test_picture(5, 7));
  const std::string jpeg = encode(".jpg", test_picture(5, 7));
  for (const std::string& whole : {png, jpeg}) {
    for (std::size_t n = 0; n < std::min<std::size_t>(whole.size(), 400); ++n) {
      const cv::Size size = image::sniff_image_size(whole.substr(0, n));
      CHECK((size == cv::Size() || size == cv::Size(5, 7)));
    }
  }
  CHECK(image::sniff_image_size("") == cv::Size());
  CHECK(image::sniff_image_size(std::string("II*\0\xFF\xFF\xFF\xFF", 8)) == cv::Size());
}
