// `candor bench document` and `candor eval document`.
#include <fmt/core.h>

#include <chrono>
#include <fstream>
#include <ostream>

#include "candor/app/plugin_command.hpp"
#include "candor/error.hpp"
#include "document_plugin.hpp"
#include "forensics.hpp"
#include "image.hpp"
#include "mrz_located.hpp"

namespace candor::plugins::document {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The image limits of the policy's plugins.document section, as screening applies them.
const image::DecodeLimits& limits_of(app::CommandContext& context) {
  return dynamic_cast<const DocumentFactory&>(context.factory("document")).options_struct().limits;
}

void bench(std::ostream& out, const std::string& path, double seconds,
           const image::DecodeLimits& limits) {
  const Date today{2025, 1, 1};
  const std::vector<std::vector<std::string>> samples{
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
      {"I<UTOD23145890<7349<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2",
       "STEVENSON<<PETER<JOHN<<<<<<<<<"},
      {"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"},
      {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
       "L898902C36UTO8408129F1204159ZE184226B<<<<<10"}};
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
  out << fmt::format("mrz parse+validate: {} in {:.2f} s = {:.0f} /s on one core ({} valid)\n", n,
                     elapsed, n / elapsed, valid);
  if (path.empty()) return;
  cv::Mat bgr = image::decode_image(path, limits, {path, "--image"});
  MrzOcr ocr("");
  start = Clock::now();
  ImageMrz read = read_mrz(bgr, ocr);
  out << fmt::format("locate + OCR of {}: {:.0f} ms ({} lines)\n", path,
                     seconds_since(start) * 1000, read.lines.size());
  for (const auto& l : read.lines) out << fmt::format("  {}\n", l);
  start = Clock::now();
  check_copy_move(bgr);
  double cm = seconds_since(start);
  start = Clock::now();
  check_ela_noise(bgr);
  out << fmt::format("copy-move {:.0f} ms, ELA+noise {:.0f} ms\n", cm * 1000,
                     seconds_since(start) * 1000);
}

void eval(std::ostream& out, const std::string& manifest, const std::vector<std::string>& genuine,
          std::size_t limit, const image::DecodeLimits& limits) {
  const Date today{2025, 1, 1};
  if (!manifest.empty()) {
    std::ifstream in(manifest);
    if (!in) throw InputError(manifest, "", "cannot read manifest");
    nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.contains("images"))
      throw InputError(manifest, "/images", "not an images manifest");
    std::filesystem::path base = std::filesystem::path(manifest).parent_path();
    MrzOcr ocr("");
    std::size_t total = 0;
    int raw_ok = 0, corrected_ok = 0, valid_after = 0, located = 0;
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
      // Only a read located with confidence is ever checked (reported invalid) by the plugin.
      const MrzLocation where = assess_mrz_read(read.raw, read.lines, read.confidence, fixed.mrz);
      located += where.located;
      out << fmt::format("{:<48} raw {} corrected {} ({} corrections, {:.0f} ms) {}\n",
                         item["file"].get<std::string>(), raw ? "ok  " : "miss",
                         corrected ? "ok  " : "miss", fixed.corrections.size(), read.ms,
                         where.located ? fmt::format("located (confidence {:.0f})", read.confidence)
                                       : "not located: " + where.reason);
      if (!corrected) {
        // Where the read went wrong: expected line, then the corrected read.
        for (std::size_t l = 0; l < expected.size(); ++l)
          out << fmt::format("    want {}\n    got  {}\n", expected[l],
                             l < fixed.lines.size() ? fixed.lines[l] : std::string("(missing)"));
      }
    }
    out << fmt::format(
        "OCR exact MRZ: {}/{} without correction, {}/{} with correction; {} valid after "
        "correction; mean {:.0f} ms per image\n",
        raw_ok, total, corrected_ok, total, valid_after, total ? ms / total : 0.0);
    out << fmt::format("MRZ located with confidence (only these are checked): {}/{}\n", located,
                       total);
  }
  int files = 0, meta = 0, jpeg = 0, ela = 0, copy = 0;
  for (const std::string& folder : genuine) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
      std::string ext = entry.path().extension().string();
      if (ext != ".jpg" && ext != ".jpeg" && ext != ".png" && ext != ".JPG") continue;
      const image::ImageOrigin origin{folder, "--genuine"};
      const std::string bytes = image::read_image_file(entry.path(), limits, origin);
      const auto decoded = image::try_decode_image_bytes(bytes, limits);
      if (!decoded) continue;  // an undecodable file is no genuine image to count
      const cv::Mat& bgr = *decoded;
      ++files;
      ForensicFinding m = check_metadata(bytes, bgr, limits),
                      q = check_jpeg(bytes, entry.path(), limits, origin), e = check_ela_noise(bgr),
                      c = check_copy_move(bgr);
      meta += m.flagged;
      jpeg += q.flagged;
      ela += e.flagged;
      copy += c.flagged;
      if (m.flagged || q.flagged || e.flagged || c.flagged)
        out << fmt::format("flagged {}: metadata {} jpeg {} ela/noise {} copy-move {}\n",
                           entry.path().string(), m.flagged, q.flagged, e.flagged, c.flagged);
      if (m.flagged) out << fmt::format("    metadata {}\n", m.evidence.dump());
    }
  }
  if (files)
    out << fmt::format(
        "false alarms on {} genuine images: metadata {}, jpeg {}, ela/noise {}, copy-move {}\n",
        files, meta, jpeg, ela, copy);
}

}  // namespace

std::vector<app::PluginCommand> commands() {
  using Kind = app::CommandArg::Kind;
  std::vector<app::PluginCommand> out;
  out.push_back({"bench",
                 "document",
                 "MRZ parse+validate rate; OCR of one image",
                 {{"--image", "A document image to locate and OCR", Kind::option},
                  {"--seconds", "How long to parse MRZs", Kind::option, false, false, "2"}},
                 false,
                 false,
                 [](const app::CommandArgs& args, app::CommandContext& context) {
                   bench(context.out(), args.value("--image"), args.number("--seconds"),
                         limits_of(context));
                   return 0;
                 }});
  out.push_back(
      {"eval",
       "document",
       "MRZ OCR accuracy on an images.json manifest; forensic false alarms on folders of genuine "
       "images",
       {{"--manifest", "images.json with expected MRZ lines", Kind::option},
        {"--genuine", "Folders of genuine images (forensic false alarms)", Kind::option, false,
         true},
        {"--limit", "At most this many manifest images", Kind::option, false, false, "0"}},
       false,
       false,
       [](const app::CommandArgs& args, app::CommandContext& context) {
         eval(context.out(), args.value("--manifest"), args.values("--genuine"),
              args.count("--limit"), limits_of(context));
         return 0;
       }});
  return out;
}

}  // namespace candor::plugins::document
