#include "face_analyzer.hpp"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <istream>
#include <opencv2/imgproc.hpp>
#include <streambuf>
#include <string_view>

#include "candor/data_dir.hpp"
#include "candor/error.hpp"
#include "face_net.hpp"
#include "model_file.hpp"

namespace candor::plugins::photo {

struct FaceModels::Impl {
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  dlib::shape_predictor landmarks;
  std::optional<net::anet_type> recognition;
};

namespace {

// Reads a decompressed model in place, without copying it into a stringstream.
class MemoryStreambuf : public std::streambuf {
 public:
  explicit MemoryStreambuf(std::string& bytes) {
    setg(bytes.data(), bytes.data(), bytes.data() + bytes.size());
  }
};

// dlib's messages span lines and repeat the file name: keep what follows the last "ERROR:",
// on one line.
std::string dlib_reason(std::string_view what) {
  const auto error = what.rfind("ERROR:");
  if (error != std::string_view::npos) what.remove_prefix(error + 6);
  std::string out;
  for (const char c : what) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

FaceModels::FaceModels() : impl_(std::make_unique<Impl>()) {}
FaceModels::~FaceModels() = default;
bool FaceModels::has_recognition() const { return impl_->recognition.has_value(); }

std::shared_ptr<const FaceModels> FaceModels::load(const std::filesystem::path& landmarks,
                                                   const std::filesystem::path& recognition) {
  std::shared_ptr<FaceModels> models(new FaceModels());
  // Returns the model's fingerprint (see model_fingerprint) when `fingerprint` is set.
  const auto read = [](const std::filesystem::path& path, auto& into, bool fingerprint) {
    if (!std::filesystem::is_regular_file(path)) throw DataError(path.string(), "not found");
    std::string sha256;
    try {
      if (path.extension() == ".bz2") {
        std::string bytes = decompress_bz2_file(path);
        MemoryStreambuf buffer(bytes);
        std::istream in(&buffer);
        dlib::deserialize(into, in);
        if (fingerprint) sha256 = sha256_hex(bytes);
      } else {
        dlib::deserialize(path.string()) >> into;
        if (fingerprint) sha256 = sha256_file(path);
      }
    } catch (const DataError&) {
      throw;
    } catch (const std::exception& e) {
      // dlib::error, or bad_alloc / length_error from a garbage length field.
      throw DataError(path.string(),
                      fmt::format("corrupt or not a dlib model ({})", dlib_reason(e.what())));
    }
    return sha256;
  };
  read(landmarks, models->impl_->landmarks, false);
  if (models->impl_->landmarks.num_parts() != 68)
    throw DataError(landmarks.string(), "expected a 68-point shape predictor");
  if (!recognition.empty()) {
    models->impl_->recognition.emplace();
    models->recognition_sha256_ = read(recognition, *models->impl_->recognition, true);
  }
  return models;
}

cv::Point2f Face::right_eye() const {
  cv::Point2f sum;
  for (int i = 36; i < 42; ++i) sum += landmarks[i];
  return sum / 6.0f;
}
cv::Point2f Face::left_eye() const {
  cv::Point2f sum;
  for (int i = 42; i < 48; ++i) sum += landmarks[i];
  return sum / 6.0f;
}

struct FaceAnalyzer::Impl {
  std::shared_ptr<const FaceModels> models;
  dlib::frontal_face_detector detector;
  std::optional<net::anet_type> recognition;  // forward passes write into the net
};

FaceAnalyzer::FaceAnalyzer(std::shared_ptr<const FaceModels> models)
    : impl_(std::make_unique<Impl>()) {
  impl_->models = std::move(models);
  impl_->detector = impl_->models->impl().detector;
  if (impl_->models->impl().recognition) impl_->recognition = *impl_->models->impl().recognition;
}
FaceAnalyzer::~FaceAnalyzer() = default;

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// HOG cost grows with the pixels it scans and its smallest face is 80 px. Faces in profile
// photos are large, so the detector looks at a copy at most 800 px long (faces from a tenth of
// the long side up), and only when that finds none at one 1,200 px long (from a fifteenth); the
// landmarks then use the full image. (One pass at 1,000 px: 79 ms per megapixel; now 60-65.)
constexpr int kDetectMaxSide = 800;
constexpr int kDetectRetrySide = 1200;
constexpr int kUpsampleBelow = 500;

}  // namespace

std::vector<Face> FaceAnalyzer::analyze(const cv::Mat& bgr, StageTimes* times,
                                        bool upsample_small) {
  StageTimes local;
  auto start = Clock::now();
  cv::Mat full_gray;
  cv::cvtColor(bgr, full_gray, cv::COLOR_BGR2GRAY);
  const int side = std::max(bgr.cols, bgr.rows);
  const auto detect_at = [&](double scale) {
    if (scale == 1.0) return impl_->detector(dlib::cv_image<unsigned char>(full_gray));
    cv::Mat gray;
    cv::resize(full_gray, gray, cv::Size(), scale, scale,
               scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    return impl_->detector(dlib::cv_image<unsigned char>(gray));
  };
  double scale = 1.0;
  if (side > kDetectMaxSide)
    scale = double(kDetectMaxSide) / side;
  else if (upsample_small && side < kUpsampleBelow)
    scale = 2.0;
  std::vector<dlib::rectangle> found = detect_at(scale);
  if (found.empty() && side > kDetectMaxSide) {
    scale = std::min(1.0, double(kDetectRetrySide) / side);
    found = detect_at(scale);
  }
  local.detect = ms_since(start);

  // dlib's rgb_pixel is R, G, B in memory: the classic bug is to hand it OpenCV's BGR.
  cv::Mat rgb;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  const dlib::cv_image<dlib::rgb_pixel> rgb_view(rgb);

  std::vector<Face> faces;
  for (const auto& r : found) {
    start = Clock::now();
    const dlib::rectangle box(
        long(std::lround(r.left() / scale)), long(std::lround(r.top() / scale)),
        long(std::lround(r.right() / scale)), long(std::lround(r.bottom() / scale)));
    const dlib::full_object_detection shape = impl_->models->impl().landmarks(rgb_view, box);
    Face face;
    face.box = cv::Rect(int(box.left()), int(box.top()), int(box.width()), int(box.height()));
    for (unsigned i = 0; i < 68; ++i)
      face.landmarks[i] = cv::Point2f(float(shape.part(i).x()), float(shape.part(i).y()));
    local.landmarks += ms_since(start);

    start = Clock::now();
    dlib::matrix<dlib::rgb_pixel> chip;
    dlib::extract_image_chip(rgb_view, dlib::get_face_chip_details(shape, 150, 0.25), chip);
    const cv::Mat chip_rgb(int(chip.nr()), int(chip.nc()), CV_8UC3, &chip(0, 0));
    cv::cvtColor(chip_rgb, face.chip, cv::COLOR_RGB2BGR);
    cv::Mat mirror;
    cv::flip(face.chip, mirror, 1);
    face.chip_hash = phash_of(face.chip);
    face.mirror_hash = phash_of(mirror);
    local.chip += ms_since(start);

    if (impl_->recognition) {
      start = Clock::now();
      const dlib::matrix<float, 0, 1> descriptor = (*impl_->recognition)(chip);
      Embedding embedding{};
      for (long i = 0; i < descriptor.size() && i < 128; ++i)
        embedding[std::size_t(i)] = descriptor(i);
      face.embedding = embedding;
      local.embed += ms_since(start);
    }
    faces.push_back(std::move(face));
  }
  std::sort(faces.begin(), faces.end(),
            [](const Face& a, const Face& b) { return a.box.area() > b.box.area(); });
  if (times) {
    times->detect += local.detect;
    times->landmarks += local.landmarks;
    times->chip += local.chip;
    times->embed += local.embed;
  }
  return faces;
}

}  // namespace candor::plugins::photo
