#include "image_decode.hpp"

#include <fstream>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "candor/error.hpp"

namespace candor::photo {
namespace {

std::uint32_t be16(const std::string& b, std::size_t i) {
  return (std::uint32_t(std::uint8_t(b[i])) << 8) | std::uint8_t(b[i + 1]);
}
std::uint32_t be32(const std::string& b, std::size_t i) { return (be16(b, i) << 16) | be16(b, i + 2); }

cv::Size sniff_jpeg(const std::string& b) {
  std::size_t i = 2;
  while (i + 9 < b.size()) {
    if (std::uint8_t(b[i]) != 0xFF) return {};
    const std::uint8_t marker = std::uint8_t(b[i + 1]);
    if (marker == 0xFF) {
      ++i;
      continue;
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC)
      return {int(be16(b, i + 7)), int(be16(b, i + 5))};
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7)) {
      i += 2;
      continue;
    }
    i += 2 + be16(b, i + 2);
  }
  return {};
}

}  // namespace

cv::Size sniff_image_size(const std::string& bytes) {
  if (bytes.size() > 4 && std::uint8_t(bytes[0]) == 0xFF && std::uint8_t(bytes[1]) == 0xD8)
    return sniff_jpeg(bytes);
  if (bytes.size() >= 24 && bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0 &&
      bytes.compare(12, 4, "IHDR") == 0) {
    const auto w = be32(bytes, 16), h = be32(bytes, 20);
    if (w > (1u << 30) || h > (1u << 30)) return {1 << 30, 1 << 30};
    return {int(w), int(h)};
  }
  return {};
}

cv::Mat decode_image_bytes(const std::string& bytes, const std::filesystem::path& path,
                           const DecodeLimits& limits, const ImageOrigin& origin) {
  const auto fail = [&](const std::string& problem) {
    return InputError(origin.file, origin.field, fmt::format("{}: {}", path.string(), problem));
  };
  if (bytes.size() > limits.max_bytes)
    throw fail(fmt::format("image is {} bytes, over the limit of {}", bytes.size(),
                           limits.max_bytes));
  if (bytes.empty()) throw fail("image file is empty");
  const cv::Size header = sniff_image_size(bytes);
  if (std::uint64_t(header.width) * std::uint64_t(header.height) > limits.max_pixels)
    throw fail(fmt::format("image is {}x{} pixels, over the limit of {}", header.width,
                           header.height, limits.max_pixels));
  cv::Mat image;
  try {
    const cv::Mat buffer(1, int(bytes.size()), CV_8UC1,
                         const_cast<char*>(bytes.data()));  // imdecode only reads it
    image = cv::imdecode(buffer, cv::IMREAD_COLOR);         // applies EXIF orientation
  } catch (const cv::Exception& e) {
    throw fail(fmt::format("cannot decode image ({})", e.err));
  }
  if (image.empty()) throw fail("cannot decode image (corrupt or unsupported format)");
  if (std::uint64_t(image.cols) * std::uint64_t(image.rows) > limits.max_pixels)
    throw fail(fmt::format("image is {}x{} pixels, over the limit of {}", image.cols, image.rows,
                           limits.max_pixels));
  return image;
}

cv::Mat decode_image(const std::filesystem::path& path, const DecodeLimits& limits,
                     const ImageOrigin& origin) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error)
    throw InputError(origin.file, origin.field,
                     fmt::format("cannot read {}: {}", path.string(), error.message()));
  if (size > limits.max_bytes)
    throw InputError(origin.file, origin.field,
                     fmt::format("{}: image is {} bytes, over the limit of {}", path.string(),
                                 size, limits.max_bytes));
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in || !in.read(bytes.data(), std::streamsize(size)))
    throw InputError(origin.file, origin.field, fmt::format("cannot read {}", path.string()));
  return decode_image_bytes(bytes, path, limits, origin);
}

}  // namespace candor::photo
