#include "header.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "candor/image/decode.hpp"

namespace candor::image {

namespace {

constexpr std::uint64_t kLargest = 1u << 30;

std::uint32_t byte(const std::string& b, std::size_t i) { return std::uint8_t(b[i]); }
std::uint32_t be16(const std::string& b, std::size_t i) { return byte(b, i) << 8 | byte(b, i + 1); }
std::uint32_t be32(const std::string& b, std::size_t i) {
  return be16(b, i) << 16 | be16(b, i + 2);
}
std::uint32_t le16(const std::string& b, std::size_t i) { return byte(b, i) | byte(b, i + 1) << 8; }
std::uint32_t le24(const std::string& b, std::size_t i) {
  return le16(b, i) | byte(b, i + 2) << 16;
}
std::uint32_t le32(const std::string& b, std::size_t i) {
  return le16(b, i) | le16(b, i + 2) << 16;
}

// Saturates so that width × height still exceeds any limit and fits in 64 bits.
cv::Size size_of(std::uint64_t width, std::uint64_t height) {
  return {int(std::min(width, kLargest)), int(std::min(height, kLargest))};
}

cv::Size jpeg_size(const std::string& b) {
  std::size_t i = 2;
  while (i + 9 < b.size()) {
    if (byte(b, i) != 0xFF) return {};
    const std::uint32_t marker = byte(b, i + 1);
    if (marker == 0xFF) {
      ++i;
      continue;
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
      return size_of(be16(b, i + 7), be16(b, i + 5));
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      i += 2;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) return {};  // scan data before any frame header
    i += 2 + be16(b, i + 2);
  }
  return {};
}

cv::Size png_size(const std::string& b) {
  if (b.size() < 24 || b.compare(12, 4, "IHDR") != 0) return {};
  return size_of(be32(b, 16), be32(b, 20));
}

cv::Size webp_size(const std::string& b) {
  if (b.size() < 30) return {};
  const std::string chunk = b.substr(12, 4);
  if (chunk == "VP8X") return size_of(le24(b, 24) + 1ull, le24(b, 27) + 1ull);
  if (chunk == "VP8L" && byte(b, 20) == 0x2F) {
    const std::uint32_t bits = le32(b, 21);
    return size_of((bits & 0x3FFF) + 1ull, (bits >> 14 & 0x3FFF) + 1ull);
  }
  if (chunk == "VP8 " && byte(b, 23) == 0x9D && byte(b, 24) == 0x01 && byte(b, 25) == 0x2A)
    return size_of(le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
  return {};
}

cv::Size bmp_size(const std::string& b) {
  if (b.size() < 26) return {};
  const std::uint32_t header = le32(b, 14);
  if (header == 12) return size_of(le16(b, 18), le16(b, 20));
  if (header < 40) return {};
  // Height is negative for top-down bitmaps.
  const auto height = std::int32_t(le32(b, 22));
  return size_of(le32(b, 18), std::uint64_t(std::abs(std::int64_t(height))));
}

// Classic TIFF: ImageWidth (256) and ImageLength (257) in the first image file directory, the
// page OpenCV decodes.
cv::Size tiff_size(const std::string& b) {
  const bool little = b[0] == 'I';
  const auto u16 = [&](std::size_t i) { return little ? le16(b, i) : be16(b, i); };
  const auto u32 = [&](std::size_t i) { return little ? le32(b, i) : be32(b, i); };
  const std::size_t ifd = u32(4);
  if (ifd + 2 > b.size()) return {};
  const std::size_t count = u16(ifd);
  std::uint64_t width = 0, height = 0;
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t entry = ifd + 2 + 12 * k;
    if (entry + 12 > b.size()) return {};
    const std::uint32_t tag = u16(entry), type = u16(entry + 2);
    if (tag != 256 && tag != 257) continue;
    const std::uint64_t value = type == 3 ? u16(entry + 8) : type == 4 ? u32(entry + 8) : 0;
    (tag == 256 ? width : height) = value;
  }
  return size_of(width, height);
}

}  // namespace

ImageHeader read_header(const std::string& b) {
  if (b.size() >= 4 && byte(b, 0) == 0xFF && byte(b, 1) == 0xD8)
    return {ImageFormat::jpeg, jpeg_size(b)};
  if (b.size() >= 8 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0)
    return {ImageFormat::png, png_size(b)};
  if (b.size() >= 12 && b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WEBP") == 0)
    return {ImageFormat::webp, webp_size(b)};
  if (b.size() >= 2 && b.compare(0, 2, "BM") == 0) return {ImageFormat::bmp, bmp_size(b)};
  if (b.size() >= 8 && (b.compare(0, 4, std::string("II*\0", 4)) == 0 ||
                        b.compare(0, 4, std::string("MM\0*", 4)) == 0))
    return {ImageFormat::tiff, tiff_size(b)};
  return {};
}

cv::Size sniff_image_size(const std::string& bytes) { return read_header(bytes).size; }

}  // namespace candor::image
