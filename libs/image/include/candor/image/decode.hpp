#pragma once
// The one guarded decoder for untrusted images (candidate photos, document scans): the file
// size and the pixel count its header declares are checked before any pixel is decoded.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

#include "candor/limits.hpp"

namespace candor::image {

/// Limits on an image before and after decoding.
struct DecodeLimits {
  std::uint64_t max_bytes = kDefaultMaxImageBytes;    ///< file size
  std::uint64_t max_pixels = kDefaultMaxImagePixels;  ///< width × height
};

/// Where an image came from, for error messages.
struct ImageOrigin {
  std::string file;   ///< the candidate (or command) file that referenced it
  std::string field;  ///< JSON pointer, e.g. "/photos/0/path"
};

/// The decoded pixels: 8-bit BGR or 8-bit gray.
enum class PixelFormat { bgr, gray };

/// Why `bytes` must not reach the decoder (over `limits.max_bytes`, empty, an unknown format or
/// a header declaring more than `limits.max_pixels`); nullopt when they may. Decodes nothing.
std::optional<std::string> refusal(const std::string& bytes, const DecodeLimits& limits);

/// Reads an image file's bytes; InputError naming `path` and `origin` when it is missing,
/// unreadable or over `limits.max_bytes` (checked before reading).
std::string read_image_file(const std::filesystem::path& path, const DecodeLimits& limits,
                            const ImageOrigin& origin);

/// Reads and decodes an image with its EXIF orientation applied. A missing, oversized,
/// undecodable image, or one of a format whose size cannot be read from its header (JPEG,
/// PNG, WebP, BMP and TIFF can), is an InputError naming the image and `origin`.
cv::Mat decode_image(const std::filesystem::path& path, const DecodeLimits& limits,
                     const ImageOrigin& origin, PixelFormat format = PixelFormat::bgr);

/// Decodes bytes already in memory (same checks; `path` only names them in errors).
cv::Mat decode_image_bytes(const std::string& bytes, const std::filesystem::path& path,
                           const DecodeLimits& limits, const ImageOrigin& origin,
                           PixelFormat format = PixelFormat::bgr);

/// Decodes under the same checks where a bad image is no failure (an EXIF thumbnail inside a
/// document, files found in a folder); nullopt when it is refused or cannot be decoded.
std::optional<cv::Mat> try_decode_image_bytes(const std::string& bytes, const DecodeLimits& limits,
                                              PixelFormat format = PixelFormat::bgr);

/// Width and height from a JPEG, PNG, WebP, BMP or TIFF header without decoding; {0,0} for
/// other formats or an unreadable header. Sizes past 2^30 are reported as 2^30.
cv::Size sniff_image_size(const std::string& bytes);

}  // namespace candor::image
