// Error level analysis and local noise: a pasted or retouched region recompresses and carries
// sensor noise unlike the rest of the picture.
#include <algorithm>
#include <cmath>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "forensics.hpp"

namespace candor::plugins::document {

namespace {

constexpr int kBlock = 32;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Robust z-scores of per-block values; returns the blocks above `z` as a mask.
cv::Mat outliers(const cv::Mat& values, double z, double* max_z) {
  std::vector<double> v(values.begin<double>(), values.end<double>());
  double med = median(v);
  std::vector<double> dev;
  for (double x : v) dev.push_back(std::abs(x - med));
  double mad = std::max(median(dev) * 1.4826, 1e-3 + 0.05 * med);
  cv::Mat mask(values.size(), CV_8U, cv::Scalar(0));
  *max_z = 0;
  for (int r = 0; r < values.rows; ++r)
    for (int c = 0; c < values.cols; ++c) {
      double s = (values.at<double>(r, c) - med) / mad;
      *max_z = std::max(*max_z, s);
      if (s > z) mask.at<std::uint8_t>(r, c) = 255;
    }
  return mask;
}

// The largest 4-connected group of outlying blocks, in blocks.
int largest_component(const cv::Mat& mask, cv::Rect* box) {
  cv::Mat labels, stats, centroids;
  int n = cv::connectedComponentsWithStats(mask, labels, stats, centroids, 4);
  int best = 0;
  for (int i = 1; i < n; ++i) {
    int area = stats.at<int>(i, cv::CC_STAT_AREA);
    if (area > best) {
      best = area;
      *box = cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                      stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    }
  }
  return best;
}

}  // namespace

ForensicFinding check_ela_noise(const cv::Mat& bgr, cv::Mat* map_out) {
  ForensicFinding out;
  cv::Mat image = bgr;
  double scale = std::min(1.0, 1600.0 / std::max(bgr.cols, bgr.rows));
  if (scale < 1.0) cv::resize(bgr, image, cv::Size(), scale, scale, cv::INTER_AREA);
  int rows = image.rows / kBlock, cols = image.cols / kBlock;
  if (rows < 4 || cols < 4) return out;
  std::vector<unsigned char> jpeg;
  cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
  cv::Mat again = cv::imdecode(jpeg, cv::IMREAD_COLOR);
  cv::Mat diff;
  cv::absdiff(image, again, diff);
  cv::cvtColor(diff, diff, cv::COLOR_BGR2GRAY);
  if (map_out) cv::normalize(diff, *map_out, 0, 255, cv::NORM_MINMAX, CV_8U);
  cv::Mat gray, residual;
  cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
  cv::Mat blurred;
  cv::medianBlur(gray, blurred, 3);
  cv::absdiff(gray, blurred, residual);
  cv::Mat ela_blocks(rows, cols, CV_64F), noise_blocks(rows, cols, CV_64F);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      cv::Rect b(c * kBlock, r * kBlock, kBlock, kBlock);
      ela_blocks.at<double>(r, c) = cv::mean(diff(b))[0];
      noise_blocks.at<double>(r, c) = cv::mean(residual(b))[0];
    }
  double ela_z = 0, noise_z = 0;
  cv::Mat ela_mask = outliers(ela_blocks, 12.0, &ela_z);
  cv::Mat noise_mask = outliers(noise_blocks, 12.0, &noise_z);
  // A region must be anomalous in both error level and noise: text and edges alone raise
  // one of them.
  cv::Mat both;
  cv::bitwise_and(ela_mask, noise_mask, both);
  cv::Rect box;
  int area = largest_component(both, &box);
  double fraction = static_cast<double>(area) / (rows * cols);
  out.evidence["ela_max_z"] = ela_z;
  out.evidence["noise_max_z"] = noise_z;
  out.evidence["region_blocks"] = area;
  out.evidence["region_fraction"] = fraction;
  if (area > 0)
    out.evidence["region"] = {box.x * kBlock / scale, box.y * kBlock / scale,
                              box.width * kBlock / scale, box.height * kBlock / scale};
  out.flagged = area >= 4 && fraction <= 0.25;
  return out;
}

}  // namespace candor::plugins::document
