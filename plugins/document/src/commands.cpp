// `candor bench document` and `candor eval document`.
#include <chrono>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "candor/error.hpp"
#include "document_plugin.hpp"
#include "forensics.hpp"
#include "image.hpp"

namespace candor::document {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The image limits of the policy's plugins.document section, as screening applies them.
image::DecodeLimits limits_of(const CommandEnvironment& environment) {
  const Policy& policy = environment.policy();
  return parse_options(policy.plugin_section("document"), policy.source).limits;
}

void bench(const std::string& path, double seconds, const image::DecodeLimits& limits) {
  const Date today{2025, 1, 1};
  const std::vector<std::vector<std::string>> samples{
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
      {"I<UTOD23145890<7349<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2",
       "STEVENSON<<PETER<JOHN<<<<<<<<<"},
      {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"},
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO8408129F1204159ZE184226B<<<<<10"}};
  std::size_t n = 0, valid = 0;
  auto start = Clock::now();
  while (seconds_since(start) < seconds) {
    for (int i = 0; i < 1000; ++i) {
      Mrz mrz = parse_mrz(samples[n % samples.size()], today);
      valid += mrz.valid;
      ++n;
    }
  }
  double elapsed = seconds_since(start);
  fmt::print("mrz parse+validate: {} in {:.2f} s = {:.0f} /s on one core ({} valid)\n", n, elapsed,
             n / elapsed, valid);
  if (path.empty()) return;
  cv::Mat bgr = image::decode_image(path, limits, {path, "--image"});
  MrzOcr ocr("");
  start = Clock::now();
  ImageMrz read = read_mrz(bgr, ocr);
  fmt::print("locate + OCR of {}: {:.0f} ms ({} lines)\n", path, seconds_since(start) * 1000,
             read.lines.size());
  for (const auto& l : read.lines) fmt::print("  {}\n", l);
  start = Clock::now();
  check_copy_move(bgr);
  double cm = seconds_since(start);
  start = Clock::now();
  check_ela_noise(bgr);
  fmt::print("copy-move {:.0f} ms, ELA+noise {:.0f} ms\n", cm * 1000, seconds_since(start) * 1000);
}

void eval(const std::string& manifest, const std::vector<std::string>& genuine, int limit,
          const image::DecodeLimits& limits) {
  const Date today{2025, 1, 1};
  if (!manifest.empty()) {
    std::ifstream in(manifest);
    if (!in) throw InputError(manifest, "", "cannot read manifest");
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("images")) throw InputError(manifest, "/images", "not an images manifest");
    std::filesystem::path base = std::filesystem::path(manifest).parent_path();
    MrzOcr ocr("");
    int total = 0, raw_ok = 0, corrected_ok = 0, valid_after = 0;
    double ms = 0;
    for (const auto& item : j["images"]) {
      if (limit > 0 && total >= limit) break;
      if (!item.value("has_mrz", true) || !item.contains("expected")) continue;
      ++total;
      std::vector<std::string> expected = item["expected"]["lines"];
      cv::Mat bgr = image::decode_image(base / item["file"].get<std::string>(), limits,
                                        {manifest, "/images"});
      ImageMrz read = read_mrz(bgr, ocr);
      ms += read.ms;
      CorrectedMrz fixed = parse_mrz_corrected(read.lines, today);
      bool raw = read.lines == expected, corrected = fixed.lines == expected;
      raw_ok += raw;
      corrected_ok += corrected;
      valid_after += fixed.mrz.valid;
      fmt::print("{:<48} raw {} corrected {} ({} corrections, {:.0f} ms)\n",
                 item["file"].get<std::string>(), raw ? "ok  " : "miss", corrected ? "ok  " : "miss",
                 fixed.corrections.size(), read.ms);
      if (!corrected) {
        // Where the read went wrong: expected line, then the corrected read.
        for (std::size_t l = 0; l < expected.size(); ++l)
          fmt::print("    want {}\n    got  {}\n", expected[l],
                     l < fixed.lines.size() ? fixed.lines[l] : std::string("(missing)"));
      }
    }
    fmt::print("OCR exact MRZ: {}/{} without correction, {}/{} with correction; {} valid after "
               "correction; mean {:.0f} ms per image\n",
               raw_ok, total, corrected_ok, total, valid_after, total ? ms / total : 0.0);
  }
  int files = 0, meta = 0, jpeg = 0, ela = 0, copy = 0;
  for (const std::string& folder : genuine) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".jpg" && ext != ".jpeg" && ext != ".png" && ext != ".JPG") continue;
      const image::ImageOrigin origin{folder, "--genuine"};
      const auto decoded = image::try_decode_image_bytes(
          image::read_image_file(entry.path(), limits, origin), limits);
      if (!decoded) continue;  // an undecodable file is no genuine image to count
      const cv::Mat& bgr = *decoded;
      ++files;
      ForensicFinding m = check_metadata(entry.path(), bgr, limits),
                      q = check_jpeg(entry.path(), limits, origin), e = check_ela_noise(bgr),
                      c = check_copy_move(bgr);
      meta += m.flagged;
      jpeg += q.flagged;
      ela += e.flagged;
      copy += c.flagged;
      if (m.flagged || q.flagged || e.flagged || c.flagged)
        fmt::print("flagged {}: metadata {} jpeg {} ela/noise {} copy-move {}\n",
                   entry.path().string(), m.flagged, q.flagged, e.flagged, c.flagged);
      if (m.flagged) fmt::print("    metadata {}\n", m.evidence.dump());
    }
  }
  if (files)
    fmt::print("false alarms on {} genuine images: metadata {}, jpeg {}, ela/noise {}, copy-move {}\n",
               files, meta, jpeg, ela, copy);
}

}  // namespace

void DocumentFactory::add_commands(CLI::App&, const CommandEnvironment& environment) {
  auto* b = environment.group("bench").add_subcommand("document", "MRZ parse+validate rate; OCR of one image");
  auto image = std::make_shared<std::string>();
  auto seconds = std::make_shared<double>(2.0);
  b->add_option("--image", *image, "A document image to locate and OCR");
  b->add_option("--seconds", *seconds, "How long to parse MRZs");
  environment.add_options(*b);
  b->callback([&environment, image, seconds] { bench(*image, *seconds, limits_of(environment)); });

  auto* e = environment.group("eval").add_subcommand("document",
                                       "MRZ OCR accuracy on an images.json manifest; forensic "
                                       "false alarms on folders of genuine images");
  auto manifest = std::make_shared<std::string>();
  auto genuine = std::make_shared<std::vector<std::string>>();
  auto limit = std::make_shared<int>(0);
  e->add_option("--manifest", *manifest, "images.json with expected MRZ lines");
  e->add_option("--genuine", *genuine, "Folders of genuine images (forensic false alarms)");
  e->add_option("--limit", *limit, "At most this many manifest images");
  environment.add_options(*e);
  e->callback([&environment, manifest, genuine, limit] {
    eval(*manifest, *genuine, *limit, limits_of(environment));
  });
}

}  // namespace candor::document
