#pragma once
// Document images: MRZ band location and OCR, perceptual hash, portrait location.
#include <cstdint>
#include <memory>
#include <opencv2/core.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tesseract {
class TessBaseAPI;
}

namespace candor::plugins::document {

/// The MRZ band: black-hat, horizontal gradient, closing, then the widest text band in the
/// lower part of the page. nullopt when nothing like an MRZ is found.
std::optional<cv::Rect> locate_mrz(const cv::Mat& gray);

/// Tesseract restricted to the MRZ alphabet; one per worker thread.
class MrzOcr {
 public:
  /// DataError when `tessdata` (empty: the system folder) has no eng.traineddata.
  explicit MrzOcr(const std::string& tessdata);
  ~MrzOcr();
  MrzOcr(const MrzOcr&) = delete;
  MrzOcr& operator=(const MrzOcr&) = delete;
  /// Text lines of a single block (spaces removed, only A-Z0-9<).
  std::vector<std::string> read_lines(const cv::Mat& gray);
  /// Tesseract's mean character confidence (0-100) of the last read_lines.
  double mean_confidence();

 private:
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

/// Where Tesseract's eng.traineddata is looked for when no folder is configured.
std::string default_tessdata();

/// What reading the MRZ from an image gave.
struct ImageMrz {
  std::vector<std::string> lines;  ///< best candidate lines (may fail validation)
  std::optional<cv::Rect> band;
  std::vector<std::string> raw;  ///< the OCR lines `lines` were fitted from
  double confidence = 0;         ///< Tesseract's mean character confidence of that read
  double ms = 0;
};

/// Locates and reads the MRZ (tries the band, an enlarged band and the page's lower part; keeps
/// the read whose line shape fits an MRZ layout best).
ImageMrz read_mrz(const cv::Mat& bgr, MrzOcr& ocr);

/// 64-bit perceptual hash (OpenCV img_hash PHash).
std::uint64_t perceptual_hash(const cv::Mat& bgr);

/// Where Debian's opencv-data installs the frontal-face Haar cascade.
std::string default_face_cascade();

/// Faces above the MRZ (the OpenCV Haar cascade in `cascade_file`), largest first; empty when
/// none is found or `cascade_file` is empty (the factory made the plugin `not ready` then).
/// DataError naming the file when it cannot be loaded.
std::vector<cv::Rect> find_portraits(const cv::Mat& bgr, const std::string& cascade_file);

}  // namespace candor::plugins::document
