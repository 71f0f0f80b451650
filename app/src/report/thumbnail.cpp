#include "thumbnail.hpp"

#include <algorithm>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "candor/error.hpp"

namespace candor::app::report {

std::string base64(const std::string& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::optional<Thumbnail> make_thumbnail(const std::filesystem::path& path, int max_px,
                                        const image::DecodeLimits& limits, const Overlay& overlay) {
  cv::Mat picture;
  try {
    picture = image::decode_image(path, limits, {path.string(), ""});
  } catch (const Error&) {
    return std::nullopt;  // the page says the photo could not be shown; screening reported why
  }
  if (picture.empty()) return std::nullopt;
  const double scale = std::min(1.0, double(max_px) / double(std::max(picture.cols, picture.rows)));
  cv::Mat small;
  if (scale < 1.0)
    cv::resize(picture, small, cv::Size(), scale, scale, cv::INTER_AREA);
  else
    small = picture;
  const int line = std::max(1, static_cast<int>(std::lround(2 * scale * 2)));
  for (const auto& b : overlay.boxes)
    cv::rectangle(small, cv::Rect2d(b[0] * scale, b[1] * scale, b[2] * scale, b[3] * scale),
                  cv::Scalar(0, 159, 230), line);
  for (const auto& p : overlay.landmarks)
    cv::circle(small, cv::Point2d(p[0] * scale, p[1] * scale), 1, cv::Scalar(115, 158, 0),
               cv::FILLED);
  std::vector<uchar> jpeg;
  if (!cv::imencode(".jpg", small, jpeg, {cv::IMWRITE_JPEG_QUALITY, 82})) return std::nullopt;
  return Thumbnail{"data:image/jpeg;base64," + base64(std::string(jpeg.begin(), jpeg.end())),
                   small.cols, small.rows};
}

}  // namespace candor::app::report
