// JPEG structure: quantization tables read from the DQT segments, the IJG quality they
// correspond to, and double compression seen in the DCT coefficient histograms.
#include <array>
#include <cmath>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "forensics.hpp"

namespace candor::plugins::document {

namespace {

constexpr std::array<int, 64> kIjgLuminance{
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};

constexpr std::array<int, 64> kZigzag{
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

// First luminance table (id 0) in natural order; empty when the file has none.
std::vector<int> luminance_table(const std::string& bytes) {
  std::size_t i = 2;
  while (i + 4 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[i]) != 0xFF) return {};
    unsigned char marker = static_cast<unsigned char>(bytes[i + 1]);
    std::size_t length =
        (static_cast<unsigned char>(bytes[i + 2]) << 8) | static_cast<unsigned char>(bytes[i + 3]);
    if (marker == 0xDA) return {};
    if (marker == 0xDB) {
      std::size_t p = i + 4, end = i + 2 + length;
      while (p < end && p < bytes.size()) {
        int pq = static_cast<unsigned char>(bytes[p]) >> 4, tq = bytes[p] & 0x0F;
        ++p;
        std::vector<int> table(64);
        for (int k = 0; k < 64 && p < bytes.size(); ++k) {
          int v = static_cast<unsigned char>(bytes[p++]);
          if (pq) v = (v << 8) | static_cast<unsigned char>(bytes[p++]);
          table[static_cast<std::size_t>(kZigzag[static_cast<std::size_t>(k)])] = v;
        }
        if (tq == 0) return table;
      }
    }
    i += 2 + length;
  }
  return {};
}

// The IJG quality whose scaled standard table is nearest to `table`, and how exactly.
std::pair<int, double> estimate_quality(const std::vector<int>& table) {
  int best_q = 0;
  double best_err = 1e18;
  for (int q = 1; q <= 100; ++q) {
    int s = q < 50 ? 5000 / q : 200 - 2 * q;
    double err = 0;
    for (std::size_t k = 0; k < 64; ++k) {
      int v = std::clamp((kIjgLuminance[k] * s + 50) / 100, 1, 255);
      err += std::abs(v - table[k]);
    }
    if (err < best_err) {
      best_err = err;
      best_q = q;
    }
  }
  return {best_q, best_err / 64.0};
}

// Double compression: histograms of quantised DCT coefficients of a once-compressed image
// fall off smoothly; recompression with a different table leaves periodic dips.
double periodicity(const cv::Mat& gray, const std::vector<int>& table) {
  int rows = gray.rows / 8, cols = gray.cols / 8;
  if (rows < 8 || cols < 8) return 0;
  cv::Mat f;
  gray.convertTo(f, CV_32F, 1.0, -128.0);
  constexpr int kFreqs = 9;
  const int freqs[kFreqs] = {1, 8, 9, 2, 16, 10, 17, 3, 24};
  std::array<std::array<double, 24>, kFreqs> hist{};
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      cv::Mat block = f(cv::Rect(c * 8, r * 8, 8, 8)).clone(), dct;
      cv::dct(block, dct);
      for (int k = 0; k < kFreqs; ++k) {
        int idx = freqs[k];
        double q = table[static_cast<std::size_t>(idx)];
        int v = static_cast<int>(std::lround(std::abs(dct.at<float>(idx / 8, idx % 8)) / q));
        if (v >= 1 && v < 24) hist[static_cast<std::size_t>(k)][static_cast<std::size_t>(v)] += 1;
      }
    }
  double score = 0;
  for (const auto& h : hist) {
    double total = 0, rises = 0;
    for (int v = 1; v < 23; ++v) {
      total += h[static_cast<std::size_t>(v)];
      rises += std::max(0.0, h[static_cast<std::size_t>(v + 1)] - h[static_cast<std::size_t>(v)]);
    }
    if (total > 200) score += rises / total;
  }
  return score / kFreqs;
}

}  // namespace

ForensicFinding check_jpeg(const std::string& bytes, const std::filesystem::path& path,
                           const image::DecodeLimits& limits, const image::ImageOrigin& origin) {
  ForensicFinding out;
  if (bytes.size() < 4 || static_cast<unsigned char>(bytes[0]) != 0xFF ||
      static_cast<unsigned char>(bytes[1]) != 0xD8)
    return out;
  std::vector<int> table = luminance_table(bytes);
  if (table.empty()) return out;
  auto [quality, error] = estimate_quality(table);
  out.evidence["estimated_quality"] = quality;
  out.evidence["ijg_table_error"] = error;
  const cv::Mat gray =
      image::decode_image_bytes(bytes, path, limits, origin, image::PixelFormat::gray);
  double p = periodicity(gray, table);
  out.evidence["double_compression_score"] = p;
  out.flagged = p > 0.25;
  if (out.flagged)
    out.evidence["interpretation"] = "DCT histograms show periodic gaps: saved twice";
  return out;
}

}  // namespace candor::plugins::document
