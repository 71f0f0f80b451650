#include "image_hash.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <opencv2/core/ocl.hpp>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgproc.hpp>

namespace candor::plugins::photo {
namespace {

template <std::size_t N>
std::array<std::uint8_t, N> copy_hash(const cv::Mat& hash) {
  std::array<std::uint8_t, N> out{};
  CV_Assert(hash.total() * hash.elemSize() == N);
  std::memcpy(out.data(), hash.data, N);
  return out;
}

}  // namespace

void disable_opencl() {
  static std::once_flag once;
  std::call_once(once, [] { cv::ocl::setUseOpenCL(false); });
}

ImageHashes hash_image(const cv::Mat& bgr) {
  disable_opencl();
  const double scale = 512.0 / std::max(bgr.cols, bgr.rows);
  cv::Mat scaled;
  cv::resize(bgr, scaled,
             cv::Size(std::max(1, int(std::lround(bgr.cols * scale))),
                      std::max(1, int(std::lround(bgr.rows * scale)))),
             0, 0, cv::INTER_AREA);
  cv::Mat phash, block;
  cv::img_hash::pHash(scaled, phash);
  cv::img_hash::blockMeanHash(scaled, block, cv::img_hash::BLOCK_MEAN_HASH_MODE_0);
  return {copy_hash<8>(phash), copy_hash<32>(block)};
}

PHash phash_of(const cv::Mat& image) {
  disable_opencl();
  cv::Mat hash;
  cv::img_hash::pHash(image, hash);
  return copy_hash<8>(hash);
}

}  // namespace candor::plugins::photo
