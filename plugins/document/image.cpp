#include "image.hpp"

#include <tesseract/baseapi.h>

#include <algorithm>
#include <chrono>
#include <opencv2/img_hash.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "candor/error.hpp"
#include "mrz.hpp"

namespace candor::plugins::document {

namespace {

constexpr const char* kWhitelist = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

int read_score(const std::vector<std::string>& lines) {
  CorrectedMrz fixed = parse_mrz_corrected(lines, Date{2000, 1, 1});
  int ok = 0;
  for (const CheckDigit& d : fixed.mrz.check_digits) ok += d.ok;
  bool code_ok = !lines.empty() && !lines[0].empty() &&
                 std::string_view("PIACV").find(lines[0][0]) != std::string_view::npos;
  return ok * 2 + (fixed.mrz.valid ? 10 : 0) - static_cast<int>(fixed.mrz.failing.size()) +
         (code_ok ? 1 : 0);
}

std::string pad_or_trim(std::string l, std::size_t width) {
  while (l.size() > width && l.back() == '<') l.pop_back();
  if (l.size() > width) l.resize(width);
  while (l.size() < width) l.push_back('<');
  return l;
}

// Fits `kept` (two lines, or three for TD1) to `width`: name-line clean-up, padding, and a
// line one or two characters off repaired where deleting a spurious character (or inserting a
// lost filler) makes more check digits verify.
std::vector<std::string> fit_width(std::vector<std::string> kept, std::size_t width) {
  // Tesseract often reads the "<<" between surname and given names as "<K<".
  std::string& name_line = kept.size() == 3 ? kept[2] : kept[0];
  for (std::size_t at = kept.size() == 3 ? 0 : 5;
       (at = name_line.find("<K<", at)) != std::string::npos;)
    name_line.erase(at + 1, 1);
  // After three fillers a name is over: what follows is filler misread as K, E, C or L.
  std::size_t tail = name_line.find("<<<", kept.size() == 3 ? 0 : 5);
  if (tail != std::string::npos) {
    std::size_t fill = 0, rest = name_line.size() - tail;
    for (std::size_t k = tail; k < name_line.size(); ++k)
      fill += std::string_view("<KECL").find(name_line[k]) != std::string_view::npos;
    if (fill * 10 >= rest * 8)
      std::fill(name_line.begin() + static_cast<long>(tail), name_line.end(), '<');
  }
  std::vector<std::string> raw = kept;
  for (auto& l : kept) l = pad_or_trim(l, width);
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const std::string& r = raw[i];
    if (r.size() == width || r.size() + 2 < width || r.size() > width + 2) continue;
    int best = read_score(kept);
    std::string best_line = kept[i];
    std::vector<std::string> trial = kept;
    for (std::size_t at = 0; at <= r.size(); ++at) {
      std::string edited = r;
      if (r.size() > width) {
        if (at >= r.size()) break;
        edited.erase(at, 1);
      } else {
        edited.insert(at, 1, '<');
      }
      trial[i] = pad_or_trim(edited, width);
      int score = read_score(trial);
      if (score > best) {
        best = score;
        best_line = trial[i];
      }
    }
    kept[i] = best_line;
  }
  return kept;
}

// Pads or trims OCR lines to the MRZ layout their count and lengths suggest. Tesseract drops
// trailing fillers (and sometimes the last digit), so three short lines are read both as TD1
// and as the last two lines of a two-line layout, and the reading more check digits confirm
// wins.
std::vector<std::string> fit_layout(std::vector<std::string> lines) {
  std::vector<std::string> kept;
  for (auto& l : lines)
    if (l.size() >= 20) kept.push_back(std::move(l));
  if (kept.size() > 3) kept.erase(kept.begin(), kept.end() - 3);
  if (kept.empty()) return kept;
  // Significant length: without trailing fillers.
  auto significant = [](const std::string& l) { return l.find_last_not_of('<') + 1; };
  std::optional<std::vector<std::string>> td1;
  if (kept.size() == 3 && significant(kept[0]) <= 33 && significant(kept[1]) <= 33 &&
      significant(kept[2]) <= 33)
    td1 = fit_width(kept, 30);
  if (kept.size() == 1) return kept;
  std::vector<std::string> two(kept.end() - 2, kept.end());
  std::size_t width = std::max(two[0].size(), two[1].size()) >= 40 ? 44 : 36;
  // Lines that reach well past 30 characters cannot be TD1.
  if (td1 && std::max(two[0].size(), two[1].size()) >= 40) td1.reset();
  std::vector<std::string> fitted = fit_width(std::move(two), width);
  if (td1 && read_score(*td1) >= read_score(fitted)) return *td1;
  return fitted;
}

// How MRZ-like a read is: lines of the right shape with many fillers.
double layout_score(const std::vector<std::string>& raw) {
  double score = 0;
  for (const auto& l : raw) {
    if (l.size() < 20) continue;
    std::size_t best = 99;
    for (std::size_t w : {30u, 36u, 44u})
      best = std::min(best, l.size() > w ? l.size() - w : w - l.size());
    score += 10.0 - static_cast<double>(std::min<std::size_t>(best, 10));
    score += static_cast<double>(std::count(l.begin(), l.end(), '<')) * 0.1;
  }
  return score;
}

}  // namespace

std::optional<cv::Rect> locate_mrz(const cv::Mat& gray) {
  if (gray.empty()) return std::nullopt;
  double scale = 600.0 / gray.rows;
  cv::Mat small;
  cv::resize(gray, small, cv::Size(), scale, scale, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::GaussianBlur(small, small, cv::Size(3, 3), 0);
  cv::Mat rect_kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(13, 5));
  cv::Mat square_kernel = cv::getStructuringElement(cv::MORPH_RECT, cv::Size(21, 21));
  cv::Mat blackhat, grad;
  // Black-hat brings out dark characters on a light background.
  cv::morphologyEx(small, blackhat, cv::MORPH_BLACKHAT, rect_kernel);
  cv::Sobel(blackhat, grad, CV_32F, 1, 0, -1);
  grad = cv::abs(grad);
  double lo, hi;
  cv::minMaxLoc(grad, &lo, &hi);
  if (hi <= lo) return std::nullopt;
  grad.convertTo(grad, CV_8U, 255.0 / (hi - lo), -255.0 * lo / (hi - lo));
  cv::morphologyEx(grad, grad, cv::MORPH_CLOSE, rect_kernel);
  cv::Mat thresh;
  cv::threshold(grad, thresh, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::morphologyEx(thresh, thresh, cv::MORPH_CLOSE, square_kernel);
  cv::erode(thresh, thresh, cv::Mat(), cv::Point(-1, -1), 4);
  int border = static_cast<int>(small.cols * 0.05);
  thresh.colRange(0, border).setTo(0);
  thresh.colRange(small.cols - border, small.cols).setTo(0);
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(thresh, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  std::optional<cv::Rect> best;
  double best_score = 0;
  for (const auto& c : contours) {
    cv::Rect r = cv::boundingRect(c);
    double aspect = static_cast<double>(r.width) / std::max(1, r.height);
    double coverage = static_cast<double>(r.width) / small.cols;
    if (aspect < 5 || coverage < 0.5) continue;
    // The widest band wins; lower on the page breaks ties (the MRZ is at the bottom).
    double score = coverage + 0.5 * (r.y + r.height / 2.0) / small.rows;
    if (score > best_score) {
      best_score = score;
      best = r;
    }
  }
  if (!best) return std::nullopt;
  cv::Rect r = *best;
  int pad_x = static_cast<int>(r.width * 0.03), pad_y = static_cast<int>(r.height * 0.15) + 3;
  r = cv::Rect(r.x - pad_x, r.y - pad_y, r.width + 2 * pad_x, r.height + 2 * pad_y) &
      cv::Rect(0, 0, small.cols, small.rows);
  return cv::Rect(static_cast<int>(r.x / scale), static_cast<int>(r.y / scale),
                  static_cast<int>(r.width / scale), static_cast<int>(r.height / scale)) &
         cv::Rect(0, 0, gray.cols, gray.rows);
}

std::string default_tessdata() { return "/usr/share/tesseract-ocr/5/tessdata"; }

MrzOcr::MrzOcr(const std::string& tessdata) : api_(std::make_unique<tesseract::TessBaseAPI>()) {
  std::string folder = tessdata.empty() ? default_tessdata() : tessdata;
  std::vector<std::string> names{"load_system_dawg", "load_freq_dawg"};
  std::vector<std::string> values{"0", "0"};
  if (api_->Init(folder.c_str(), "eng", tesseract::OEM_LSTM_ONLY, nullptr, 0, &names, &values,
                 false) != 0)
    throw DataError(folder + "/eng.traineddata", "Tesseract cannot load the English model");
  api_->SetVariable("tessedit_char_whitelist", kWhitelist);
  api_->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
}

MrzOcr::~MrzOcr() {
  if (api_) api_->End();
}

double MrzOcr::mean_confidence() { return api_->MeanTextConf(); }

std::vector<std::string> MrzOcr::read_lines(const cv::Mat& gray) {
  cv::Mat img = gray.isContinuous() ? gray : gray.clone();
  api_->SetImage(img.data, img.cols, img.rows, 1, static_cast<int>(img.step));
  std::unique_ptr<char[]> text(api_->GetUTF8Text());
  std::vector<std::string> lines;
  std::string current;
  for (const char* p = text ? text.get() : ""; *p; ++p) {
    char c = *p;
    if (c == '\n') {
      if (!current.empty()) lines.push_back(std::move(current));
      current.clear();
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<') {
      current.push_back(c);
    }
  }
  if (!current.empty()) lines.push_back(std::move(current));
  return lines;
}

ImageMrz read_mrz(const cv::Mat& bgr, MrzOcr& ocr) {
  auto start = std::chrono::steady_clock::now();
  ImageMrz out;
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  out.band = locate_mrz(gray);
  std::vector<cv::Rect> regions;
  if (out.band) regions.push_back(*out.band);
  // The lower part of the page, for bands the morphology missed or cut short.
  regions.push_back(cv::Rect(0, gray.rows * 55 / 100, gray.cols, gray.rows - gray.rows * 55 / 100));
  double best = -1;
  for (const cv::Rect& region : regions) {
    cv::Mat crop = gray(region);
    // Tesseract reads best with characters about 30-40 px tall.
    double scale = std::clamp(1200.0 / std::max(1, crop.cols), 0.5, 4.0);
    cv::Mat scaled;
    cv::resize(crop, scaled, cv::Size(), scale, scale, cv::INTER_CUBIC);
    cv::copyMakeBorder(scaled, scaled, 20, 20, 20, 20, cv::BORDER_REPLICATE);
    std::vector<std::string> raw = ocr.read_lines(scaled);
    double score = layout_score(raw);
    if (score > best) {
      best = score;
      out.raw = raw;
      out.confidence = ocr.mean_confidence();
      out.lines = fit_layout(raw);
    }
    if (score >= 18) break;  // two or three well-shaped lines: good enough
  }
  out.ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return out;
}

std::uint64_t perceptual_hash(const cv::Mat& bgr) {
  cv::Mat hash;
  cv::img_hash::pHash(bgr, hash);
  std::uint64_t v = 0;
  for (int i = 0; i < hash.cols && i < 8; ++i) v = (v << 8) | hash.at<std::uint8_t>(0, i);
  return v;
}

std::string default_face_cascade() {
  return "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
}

std::vector<cv::Rect> find_portraits(const cv::Mat& bgr, const std::string& cascade_file) {
  std::vector<cv::Rect> faces;
  if (cascade_file.empty()) return faces;
  thread_local cv::CascadeClassifier cascade;
  thread_local std::string loaded;
  if (loaded != cascade_file) {
    loaded = cascade_file;
    if (!cascade.load(cascade_file)) cascade = cv::CascadeClassifier();
  }
  // Loud: a damaged cascade must not quietly turn the portrait check off.
  if (cascade.empty()) throw DataError(cascade_file, "not an OpenCV Haar cascade");
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  double scale = std::min(1.0, 800.0 / std::max(gray.cols, gray.rows));
  cv::Mat small;
  cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
  cv::equalizeHist(small, small);
  int min_side = std::max(24, std::min(small.cols, small.rows) / 10);
  cascade.detectMultiScale(small, faces, 1.1, 5, 0, cv::Size(min_side, min_side));
  for (auto& f : faces)
    f = cv::Rect(static_cast<int>(f.x / scale), static_cast<int>(f.y / scale),
                 static_cast<int>(f.width / scale), static_cast<int>(f.height / scale));
  std::sort(faces.begin(), faces.end(),
            [](const cv::Rect& a, const cv::Rect& b) { return a.area() > b.area(); });
  return faces;
}

}  // namespace candor::plugins::document
