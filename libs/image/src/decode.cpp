#include "candor/image/decode.hpp"

#include <fstream>
#include <string_view>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "candor/error.hpp"
#include "header.hpp"

namespace candor::image {

namespace {

std::string pixels_problem(std::uint64_t width, std::uint64_t height, const DecodeLimits& limits) {
  return fmt::format("image is {}x{} pixels, over the limit of {}", width, height,
                     limits.max_pixels);
}

}  // namespace

std::optional<std::string> refusal(const std::string& bytes, const DecodeLimits& limits) {
  if (bytes.size() > limits.max_bytes)
    return fmt::format("image is {} bytes, over the limit of {}", bytes.size(), limits.max_bytes);
  if (bytes.empty()) return "image file is empty";
  const ImageHeader header = read_header(bytes);
  // A format whose header is not read here could declare any size: refused, not decoded.
  if (header.format == ImageFormat::unknown)
    return "not an image of a supported format (JPEG, PNG, WebP, BMP or TIFF)";
  if (header.size.width <= 0 || header.size.height <= 0)
    return "cannot read the image size from its header (corrupt or truncated)";
  // OpenCV gives the bytes to the first reader that claims them. When the reader of the format
  // above declines (a damaged WebP header), two more claim by a signature past the start: GDCM's
  // DICOM reader ("DICM" at byte 128), which aborts the process on damaged files, and GDAL
  // ("DTED" at byte 140), which tries hundreds of drivers on a temporary copy. Neither is for
  // photos.
  struct ForeignSignature {
    std::size_t at;
    std::string_view magic;
    std::string_view format;
  };
  static constexpr ForeignSignature kForeign[] = {{128, "DICM", "DICOM"}, {140, "DTED", "DTED"}};
  for (const auto& f : kForeign)
    if (bytes.size() >= f.at + f.magic.size() && bytes.compare(f.at, f.magic.size(), f.magic) == 0)
      return fmt::format("carries a {} signature at byte {} (not an image candor reads)", f.format,
                         f.at);
  const std::uint64_t width = std::uint64_t(header.size.width);
  const std::uint64_t height = std::uint64_t(header.size.height);
  if (width * height > limits.max_pixels) return pixels_problem(width, height, limits);
  return std::nullopt;
}

namespace {

// cv::imdecode; empty when OpenCV cannot decode the bytes, `error` then holding its reason
// when it gave one.
cv::Mat decode_raw(const std::string& bytes, PixelFormat format, std::string& error) {
  try {
    const cv::Mat buffer(1, int(bytes.size()), CV_8UC1,
                         const_cast<char*>(bytes.data()));  // imdecode only reads it
    // Both modes apply the EXIF orientation.
    return cv::imdecode(buffer,
                        format == PixelFormat::gray ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    error = e.err;
    return {};
  }
}

// A header can understate the size the decoder finds.
bool over_pixels(const cv::Mat& image, const DecodeLimits& limits) {
  return std::uint64_t(image.cols) * std::uint64_t(image.rows) > limits.max_pixels;
}

}  // namespace

std::string read_image_file(const std::filesystem::path& path, const DecodeLimits& limits,
                            const ImageOrigin& origin) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error)
    throw InputError(origin.file, origin.field,
                     fmt::format("cannot read {}: {}", path.string(), error.message()));
  if (size > limits.max_bytes)
    throw InputError(origin.file, origin.field,
                     fmt::format("{}: image is {} bytes, over the limit of {}", path.string(), size,
                                 limits.max_bytes));
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  if (!in || !in.read(bytes.data(), std::streamsize(size)))
    throw InputError(origin.file, origin.field, fmt::format("cannot read {}", path.string()));
  return bytes;
}

cv::Mat decode_image_bytes(const std::string& bytes, const std::filesystem::path& path,
                           const DecodeLimits& limits, const ImageOrigin& origin,
                           PixelFormat format) {
  const auto fail = [&](const std::string& problem) {
    return InputError(origin.file, origin.field, fmt::format("{}: {}", path.string(), problem));
  };
  if (const auto why = refusal(bytes, limits)) throw fail(*why);
  std::string error;
  cv::Mat image = decode_raw(bytes, format, error);
  if (image.empty())
    throw fail(error.empty() ? "cannot decode image (corrupt or unsupported format)"
                             : fmt::format("cannot decode image ({})", error));
  if (over_pixels(image, limits))
    throw fail(pixels_problem(std::uint64_t(image.cols), std::uint64_t(image.rows), limits));
  return image;
}

cv::Mat decode_image(const std::filesystem::path& path, const DecodeLimits& limits,
                     const ImageOrigin& origin, PixelFormat format) {
  return decode_image_bytes(read_image_file(path, limits, origin), path, limits, origin, format);
}

std::optional<cv::Mat> try_decode_image_bytes(const std::string& bytes, const DecodeLimits& limits,
                                              PixelFormat format) {
  if (refusal(bytes, limits)) return std::nullopt;
  std::string error;
  cv::Mat image = decode_raw(bytes, format, error);
  if (image.empty() || over_pixels(image, limits)) return std::nullopt;
  return image;
}

}  // namespace candor::image
