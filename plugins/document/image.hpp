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

 private:
  std::unique_ptr<tesseract::TessBaseAPI> api_;
};

/// Where Tesseract's eng.traineddata is looked for when no folder is configured.
std::string default_tessdata();

/// What reading the MRZ from an image gave.
struct ImageMrz {
  std::vector<std::string> lines;  ///< best candidate lines (may fail validation)
  std::optional<cv::Rect> band;
  double ms = 0;
};

/// Locates and reads the MRZ (tries the band, an enlarged band and the page's lower part; keeps
/// the read whose line shape fits an MRZ layout best).
ImageMrz read_mrz(const cv::Mat& bgr, MrzOcr& ocr);

/// 64-bit perceptual hash (OpenCV img_hash PHash).
std::uint64_t perceptual_hash(const cv::Mat& bgr);

/// Faces above the MRZ (OpenCV Haar cascade), largest first; empty when the cascade is
/// missing or none is found.
std::vector<cv::Rect> find_portraits(const cv::Mat& bgr);

}  // namespace candor::plugins::document
