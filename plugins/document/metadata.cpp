// exiv2 wrapper: the only file that talks to exiv2.
#include <exiv2/exiv2.hpp>
#include <mutex>
#include <opencv2/imgproc.hpp>

#include "candor/image/decode.hpp"
#include "candor/text/text.hpp"
#include "forensics.hpp"
#include "image.hpp"

namespace candor::plugins::document {

namespace {

constexpr const char* kEditors[] = {"photoshop", "gimp",      "canva",        "pixelmator",
                                    "affinity",  "paint.net", "photopea",     "picsart",
                                    "fotor",     "snapseed",  "lightroom",    "facetune",
                                    "faceapp",   "remini",    "photodirector"};

const char* editor_in(const std::string& value) {
  const std::string v = text::ascii_lower(value);
  for (const char* e : kEditors)
    if (v.find(e) != std::string::npos) return e;
  return nullptr;
}

}  // namespace

ForensicFinding check_metadata(const std::string& bytes, const cv::Mat& bgr,
                               const image::DecodeLimits& limits) {
  static std::once_flag once;
  std::call_once(once, [] { Exiv2::XmpParser::initialize(); });
  ForensicFinding out;
  nlohmann::json reasons = nlohmann::json::array();
  try {
    // From memory: the bytes already read (and bounded) are the ones that were decoded.
    Exiv2::Image::AutoPtr image = Exiv2::ImageFactory::open(
        reinterpret_cast<const Exiv2::byte*>(bytes.data()), static_cast<long>(bytes.size()));
    image->readMetadata();
    const Exiv2::ExifData& exif = image->exifData();
    for (const char* key : {"Exif.Image.Software", "Exif.Image.ProcessingSoftware"}) {
      auto it = exif.findKey(Exiv2::ExifKey(key));
      if (it != exif.end())
        if (const char* e = editor_in(it->toString()))
          reasons.push_back({{"check", "editing_software"},
                             {"tag", key},
                             {"value", it->toString()},
                             {"editor", e}});
    }
    for (const auto& datum : image->xmpData()) {
      const std::string key = datum.key();
      if (key.find("CreatorTool") == std::string::npos &&
          key.find("softwareAgent") == std::string::npos &&
          key.find("History") == std::string::npos)
        continue;
      if (const char* e = editor_in(datum.toString())) {
        reasons.push_back({{"check", "editing_software"},
                           {"tag", key},
                           {"value", datum.toString()},
                           {"editor", e}});
        break;
      }
    }
    auto modify = exif.findKey(Exiv2::ExifKey("Exif.Image.DateTime"));
    auto original = exif.findKey(Exiv2::ExifKey("Exif.Photo.DateTimeOriginal"));
    if (modify != exif.end() && original != exif.end()) {
      // "YYYY:MM:DD HH:MM:SS" compares correctly as text.
      std::string m = modify->toString(), o = original->toString();
      if (m.size() == 19 && o.size() == 19 && m > o)
        reasons.push_back(
            {{"check", "modified_after_capture"}, {"modify_date", m}, {"date_time_original", o}});
    }
    Exiv2::ExifThumbC thumb(exif);
    Exiv2::DataBuf buf = thumb.copy();
    if (buf.size_ > 0 && !bgr.empty()) {
      const std::string bytes(reinterpret_cast<const char*>(buf.pData_),
                              static_cast<std::size_t>(buf.size_));
      // A thumbnail the guarded decoder refuses or cannot read is not compared.
      if (const auto thumbnail = image::try_decode_image_bytes(bytes, limits)) {
        const cv::Mat& small = *thumbnail;
        cv::Mat shrunk;
        cv::resize(bgr, shrunk, small.size(), 0, 0, cv::INTER_AREA);
        int distance = __builtin_popcountll(perceptual_hash(shrunk) ^ perceptual_hash(small));
        double aspect_main = static_cast<double>(bgr.cols) / bgr.rows;
        double aspect_thumb = static_cast<double>(small.cols) / small.rows;
        bool rotated = std::abs(aspect_main - 1.0 / aspect_thumb) < 0.05;
        if (distance > 20 && !rotated)
          reasons.push_back({{"check", "thumbnail_differs"}, {"phash_distance", distance}});
      }
    }
  } catch (const Exiv2::AnyError& e) {
    out.evidence["unreadable_metadata"] = e.what();
    return out;
  }
  out.flagged = !reasons.empty();
  out.evidence["reasons"] = reasons;
  return out;
}

}  // namespace candor::plugins::document
