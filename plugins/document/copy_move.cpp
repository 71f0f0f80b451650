// Copy-move detection: a region cloned elsewhere in the same image produces many keypoints
// whose best match (other than themselves) lies at one common displacement.
#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/calib3d.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

#include "forensics.hpp"

namespace candor::plugins::document {

ForensicFinding check_copy_move(const cv::Mat& bgr) {
  ForensicFinding out;
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  double scale = std::min(1.0, 1200.0 / std::max(gray.cols, gray.rows));
  if (scale < 1.0) cv::resize(gray, gray, cv::Size(), scale, scale, cv::INTER_AREA);
  auto orb = cv::ORB::create(4000, 1.2f, 8, 15, 0, 2, cv::ORB::HARRIS_SCORE, 15, 10);
  std::vector<cv::KeyPoint> keypoints;
  cv::Mat descriptors;
  orb->detectAndCompute(gray, cv::noArray(), keypoints, descriptors);
  out.evidence["keypoints"] = keypoints.size();
  if (keypoints.size() < 20) return out;
  cv::BFMatcher matcher(cv::NORM_HAMMING);
  std::vector<std::vector<cv::DMatch>> knn;
  matcher.knnMatch(descriptors, descriptors, knn, 3);
  // Pairs passing the ratio test between the first non-self match and the next one.
  struct Pair {
    cv::Point2f from, to;
  };
  std::vector<Pair> pairs;
  const double min_shift = 0.05 * std::max(gray.cols, gray.rows);
  for (const auto& m : knn) {
    if (m.size() < 3) continue;
    const cv::DMatch& best = m[0].trainIdx == m[0].queryIdx ? m[1] : m[0];
    const cv::DMatch& next =
        m[0].trainIdx == m[0].queryIdx ? m[2] : (m[1].trainIdx == m[1].queryIdx ? m[2] : m[1]);
    if (best.distance > 40 || best.distance >= 0.6 * next.distance) continue;
    cv::Point2f a = keypoints[best.queryIdx].pt, b = keypoints[best.trainIdx].pt;
    if (std::hypot(a.x - b.x, a.y - b.y) < min_shift) continue;
    // Keep each unordered pair once, oriented so displacements cluster with one sign.
    if (best.queryIdx > best.trainIdx) continue;
    pairs.push_back({a, b});
  }
  out.evidence["matched_pairs"] = pairs.size();
  if (pairs.size() < 10) return out;
  // Cluster displacement vectors on a coarse grid (sign-normalised).
  const float cell = 6.0f;
  std::map<std::pair<int, int>, std::vector<int>> cells;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    cv::Point2f d = pairs[i].to - pairs[i].from;
    if (d.x < 0 || (d.x == 0 && d.y < 0)) {
      std::swap(pairs[i].from, pairs[i].to);
      d = -d;
    }
    cells[{static_cast<int>(std::lround(d.x / cell)), static_cast<int>(std::lround(d.y / cell))}]
        .push_back(static_cast<int>(i));
  }
  std::vector<int> cluster;
  for (const auto& [key, members] : cells) {
    std::vector<int> merged;
    for (int dx = -1; dx <= 1; ++dx)
      for (int dy = -1; dy <= 1; ++dy) {
        auto it = cells.find({key.first + dx, key.second + dy});
        if (it != cells.end()) merged.insert(merged.end(), it->second.begin(), it->second.end());
      }
    if (merged.size() > cluster.size()) cluster = merged;
  }
  out.evidence["largest_cluster"] = cluster.size();
  if (cluster.size() < 12) return out;
  std::vector<cv::Point2f> src, dst;
  for (int i : cluster) {
    src.push_back(pairs[static_cast<std::size_t>(i)].from);
    dst.push_back(pairs[static_cast<std::size_t>(i)].to);
  }
  std::vector<unsigned char> inliers;
  cv::Mat affine = cv::estimateAffinePartial2D(src, dst, inliers, cv::RANSAC, 3.0);
  if (affine.empty()) return out;
  std::vector<cv::Point2f> in_src;
  for (std::size_t i = 0; i < inliers.size(); ++i)
    if (inliers[i]) in_src.push_back(src[i]);
  cv::Rect box = cv::boundingRect(in_src);
  // Repeated print (filler runs, guilloche rows) matches along one line; a cloned region
  // spreads in both directions.
  double min_extent = 0.03 * std::min(gray.cols, gray.rows);
  bool two_dimensional = box.width >= min_extent && box.height >= min_extent;
  double sx = affine.at<double>(0, 0), sy = affine.at<double>(1, 0);
  double zoom = std::hypot(sx, sy);
  out.evidence["ransac_inliers"] = in_src.size();
  out.evidence["source_region"] = {box.x / scale, box.y / scale, box.width / scale,
                                   box.height / scale};
  out.evidence["displacement"] = {affine.at<double>(0, 2) / scale, affine.at<double>(1, 2) / scale};
  out.evidence["scale"] = zoom;
  out.flagged = in_src.size() >= 12 && two_dimensional && zoom > 0.8 && zoom < 1.25;
  return out;
}

}  // namespace candor::plugins::document
