#pragma once
// Image sizes read from file headers, so limits are checked before anything is decoded.
#include <string>

#include <opencv2/core.hpp>

namespace candor::image {

enum class ImageFormat { unknown, jpeg, png, webp, bmp, tiff };

/// A format recognised by its signature, and the size its header declares ({0,0} when the
/// header is cut short or malformed).
struct ImageHeader {
  ImageFormat format = ImageFormat::unknown;
  cv::Size size;
};

ImageHeader read_header(const std::string& bytes);

}  // namespace candor::image
