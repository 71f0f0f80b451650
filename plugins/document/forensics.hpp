#pragma once
// Image forensics for uploaded documents. Each check returns whether it flags the image and
// the evidence that explains it.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <string>

#include "candor/image/decode.hpp"

namespace candor::plugins::document {

struct ForensicFinding {
  bool flagged = false;
  nlohmann::json evidence = nlohmann::json::object();
};

/// exiv2: editing software in Software / XMP history, ModifyDate after DateTimeOriginal, an
/// embedded thumbnail that differs from the image (compared only when it decodes within
/// `limits`).
ForensicFinding check_metadata(const std::string& bytes, const cv::Mat& bgr,
                               const image::DecodeLimits& limits);

/// JPEG quantization tables: estimated quality, and signs of double compression (periodic
/// gaps in the DCT coefficient histograms). Not flagged for non-JPEG images. `bytes` (named
/// `path` in errors) are decoded under `limits` (InputError naming `origin` otherwise).
ForensicFinding check_jpeg(const std::string& bytes, const std::filesystem::path& path,
                           const image::DecodeLimits& limits, const image::ImageOrigin& origin);

/// Error level analysis plus local noise: blocks that recompress or carry noise unlike the
/// rest of the image. `map_out`, when given, receives the ELA map (8-bit).
ForensicFinding check_ela_noise(const cv::Mat& bgr, cv::Mat* map_out = nullptr);

/// Copy-move: ORB keypoints matched within the image (ratio test), displacement vectors
/// clustered, RANSAC affine fit on the largest cluster.
ForensicFinding check_copy_move(const cv::Mat& bgr);

}  // namespace candor::plugins::document
