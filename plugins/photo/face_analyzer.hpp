#pragma once
// Faces with dlib: HOG frontal detector, 68-point landmarks, aligned 150×150 chip, ResNet
// descriptor. The wrapper keeps dlib out of the rest of the plugin.
#include <array>
#include <filesystem>
#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

#include "face_types.hpp"
#include "image_hash.hpp"

namespace candor::plugins::photo {

/// Read-only dlib models, loaded once and shared by every worker.
class FaceModels {
 public:
  /// Loads the landmark predictor (required) and the recognition ResNet (optional: an empty
  /// path leaves descriptors off). DataError naming the file when one is unreadable or corrupt.
  static std::shared_ptr<const FaceModels> load(const std::filesystem::path& landmarks,
                                                const std::filesystem::path& recognition);
  ~FaceModels();
  bool has_recognition() const;
  /// SHA-256 of the recognition model (stored next to every descriptor); empty without one.
  const std::string& recognition_sha256() const { return recognition_sha256_; }

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  FaceModels();
  std::unique_ptr<Impl> impl_;
  std::string recognition_sha256_;
};

/// One detected face.
struct Face {
  cv::Rect box;                           ///< in the image's pixels
  std::array<cv::Point2f, 68> landmarks;  ///< iBUG 300-W order
  cv::Mat chip;                           ///< aligned 150×150 BGR chip
  PHash chip_hash{}, mirror_hash{};       ///< PHash of the chip and of its mirror image
  std::optional<Embedding> embedding;     ///< with a recognition model
  /// Eye centres (mean of landmarks 36-41 and 42-47): the subject's right eye, then left.
  cv::Point2f right_eye() const;
  cv::Point2f left_eye() const;
};

/// Milliseconds spent per stage (accumulated).
struct StageTimes {
  double detect = 0, landmarks = 0, chip = 0, embed = 0;
};

/// One worker's face pipeline (dlib's detector and network keep per-call scratch state).
class FaceAnalyzer {
 public:
  explicit FaceAnalyzer(std::shared_ptr<const FaceModels> models);
  ~FaceAnalyzer();
  /// Faces in a BGR image, largest first. `upsample_small` doubles images under 500 px so
  /// that faces down to ~40 px are found.
  std::vector<Face> analyze(const cv::Mat& bgr, StageTimes* times = nullptr,
                            bool upsample_small = true);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace candor::plugins::photo
