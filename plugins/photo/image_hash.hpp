#pragma once
// Perceptual hashes (OpenCV img_hash): whole-image PHash + BlockMean, and PHash of face chips.
#include <array>
#include <cstdint>
#include <opencv2/core.hpp>
#include <string>

namespace candor::plugins::photo {

using PHash = std::array<std::uint8_t, 8>;       ///< 64-bit DCT hash
using BlockHash = std::array<std::uint8_t, 32>;  ///< 256-bit block-mean hash (mode 0)

/// Hashes of a whole picture.
struct ImageHashes {
  PHash phash{};
  BlockHash block_mean{};
};

/// Turns OpenCV's OpenCL off once (img_hash is far slower with it).
void disable_opencl();

/// Hashes `bgr` after scaling it with INTER_AREA to 512 px on its longest side.
ImageHashes hash_image(const cv::Mat& bgr);

/// PHash of an image as it is (used on 150×150 face chips).
PHash phash_of(const cv::Mat& image);

/// Hamming distance between two hashes of the same kind.
template <std::size_t N>
int hamming(const std::array<std::uint8_t, N>& a, const std::array<std::uint8_t, N>& b) {
  int bits = 0;
  for (std::size_t i = 0; i < N; ++i) bits += __builtin_popcount(unsigned(a[i] ^ b[i]));
  return bits;
}

/// Lower-case hex of a hash.
template <std::size_t N>
std::string to_hex(const std::array<std::uint8_t, N>& hash) {
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (auto byte : hash) {
    hex += digits[byte >> 4];
    hex += digits[byte & 15];
  }
  return hex;
}

/// Parses hex written by to_hex; false when malformed.
template <std::size_t N>
bool from_hex(const std::string& hex, std::array<std::uint8_t, N>& hash) {
  if (hex.size() != 2 * N) return false;
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < N; ++i) {
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    hash[i] = std::uint8_t(hi * 16 + lo);
  }
  return true;
}

}  // namespace candor::plugins::photo
