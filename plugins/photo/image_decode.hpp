#pragma once
// Decoding untrusted images with OpenCV under size limits.
#include <cstdint>
#include <filesystem>
#include <string>

#include <opencv2/core.hpp>

namespace candor::photo {

/// Limits on an image before and after decoding.
struct DecodeLimits {
  std::uint64_t max_bytes = 25ull << 20;    ///< file size
  std::uint64_t max_pixels = 50'000'000;    ///< width × height
};

/// Where an image came from, for error messages.
struct ImageOrigin {
  std::string file;   ///< the candidate (or command) file that referenced it
  std::string field;  ///< JSON pointer, e.g. "/photos/0/path"
};

/// Reads and decodes an image as 8-bit BGR with its EXIF orientation applied. A missing,
/// oversized or undecodable image is an InputError naming the image and `origin`.
cv::Mat decode_image(const std::filesystem::path& path, const DecodeLimits& limits,
                     const ImageOrigin& origin);

/// Decodes bytes already in memory (same checks; `path` only names them in errors).
cv::Mat decode_image_bytes(const std::string& bytes, const std::filesystem::path& path,
                           const DecodeLimits& limits, const ImageOrigin& origin);

/// Width and height from a JPEG or PNG header without decoding; {0,0} for other formats.
cv::Size sniff_image_size(const std::string& bytes);

}  // namespace candor::photo
