// The photo plugin's own commands: models convert-faceapi, photo crop-face, bench photo.
#include <fmt/format.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <ostream>
#include <sstream>

#include "bench.hpp"
#include "candor/app/plugin_command.hpp"
#include "candor/error.hpp"
#include "candor/models.hpp"
#include "face_analyzer.hpp"
#include "faceapi_convert.hpp"
#include "photo_factory.hpp"
#include "photo_options.hpp"

namespace candor::plugins::photo {
namespace {

using app::CommandArg;
using app::CommandArgs;
using app::CommandContext;
using app::PluginCommand;
using Kind = CommandArg::Kind;

const PhotoOptions& options_of(CommandContext& context) {
  return photo_factory(context.factory("photo")).photo_options();
}

// A whole number in [low, high]; InputError naming the argument otherwise.
std::size_t count_in(const CommandArgs& args, std::string_view name, std::size_t low,
                     std::size_t high) {
  const std::size_t value = args.count(name);
  if (value < low || value > high)
    throw InputError(std::string(name), "",
                     fmt::format("must be in [{}, {}], got {}", low, high, value));
  return value;
}

// ---- models convert-faceapi ----

int convert_faceapi(CommandContext& context, const std::string& tarball, std::string out) {
  const ModelEntry& entry = model_entry(kFaceModelName);
  if (out.empty()) out = model_path(entry, context.data_dir()).string();
  const std::string bytes = convert_faceapi_tarball(tarball);
  const std::string digest = sha256_hex(bytes);
  if (digest != entry.sha256)
    throw DataError(tarball, fmt::format("converted model has SHA-256 {}, manifest pins {}", digest,
                                         entry.sha256));
  std::filesystem::create_directories(std::filesystem::absolute(out).parent_path());
  write_file_atomically(out, bytes);
  context.out() << "wrote " << out << " (" << bytes.size() << " bytes, sha256 " << digest
                << ", matches models/manifest.json)\n";
  return 0;
}

// ---- photo crop-face ----

int crop_face(const CommandArgs& args, CommandContext& context) {
  const std::string in = args.value("in"), out_file = args.value("out");
  const std::size_t which = args.count("--index");
  const int quality = int(count_in(args, "--quality", 1, 100));
  const int size = int(count_in(args, "--size", 64, 4096));
  const double margin = args.number("--margin");
  if (margin < 0.0 || margin > 3.0)
    throw InputError("--margin", "", fmt::format("must be in [0, 3], got {}", margin));
  const PhotoOptions& options = options_of(context);
  const cv::Mat image = image::decode_image(in, options.limits, {in, ""});
  FaceAnalyzer analyzer(FaceModels::load(options.landmarks, {}));
  auto faces = analyzer.analyze(image);
  // Left to right, so that --index names the same face whatever the sizes.
  std::sort(faces.begin(), faces.end(),
            [](const Face& a, const Face& b) { return a.box.x < b.box.x; });
  if (which >= faces.size())
    throw InputError(
        in, "--index",
        fmt::format("{} faces found; --index must be 0..{}", faces.size(), int(faces.size()) - 1));
  const cv::Rect box = faces[which].box;
  const int pad = int(box.width * margin);
  cv::Rect crop(box.x - pad, box.y - pad * 5 / 4, box.width + 2 * pad, box.height + 2 * pad);
  crop &= cv::Rect(0, 0, image.cols, image.rows);
  cv::Mat out = image(crop).clone();
  const double scale = double(size) / std::max(out.cols, out.rows);
  if (scale < 1.0) cv::resize(out, out, cv::Size(), scale, scale, cv::INTER_AREA);
  if (args.flag("--mirror")) cv::flip(out, out, 1);
  if (!cv::imwrite(out_file, out, {cv::IMWRITE_JPEG_QUALITY, quality}))
    throw InputError(out_file, "", "cannot write the image");
  context.out() << fmt::format("face {} of {} at [{}, {}, {}, {}] -> {} ({}x{})\n", which,
                               faces.size(), box.x, box.y, box.width, box.height, out_file,
                               out.cols, out.rows);
  return 0;
}

// ---- bench photo ----

int bench(const CommandArgs& args, CommandContext& context) {
  BenchOptions o;
  o.count = args.count("--count");
  o.queries = args.count("--queries");
  o.m = args.count("--m");
  // --ef 32,64 or --ef 32 --ef 64.
  std::vector<std::string> ef_values = args.values("--ef");
  if (ef_values.empty()) ef_values.push_back(args.value("--ef"));
  o.ef.clear();
  for (const auto& given : ef_values) {
    std::stringstream list(given);
    for (std::string ef; std::getline(list, ef, ',');) {
      CommandArgs one;
      one.set("--ef", {ef});
      o.ef.push_back(one.count("--ef"));
    }
  }
  const std::size_t store_faces = args.count("--store-faces");
  if (args.given("--photos"))
    bench_photos(options_of(context), args.value("--photos"), context.out());
  if (o.count > 0) {
    bench_index(o, false, context.out());
    bench_index(o, true, context.out());
  }
  if (store_faces > 0) bench_store_open(store_faces, context.out());
  return 0;
}

}  // namespace

std::vector<PluginCommand> commands() {
  std::vector<PluginCommand> out;
  out.push_back({"models",
                 "convert-faceapi",
                 "Convert @vladmandic/face-api@1.7.15's face_recognition_model into dlib's format",
                 {{"--tarball", "vladmandic-face-api-1.7.15.tgz (npm pack)", Kind::option, true},
                  {"--out", "Output file (default: <data dir>/models/<manifest name>)"}},
                 false,
                 false,
                 [](const CommandArgs& args, CommandContext& context) {
                   return convert_faceapi(context, args.value("--tarball"), args.value("--out"));
                 }});
  out.push_back(
      {"photo",
       "crop-face",
       "Crop one face (left to right) from a photo",
       {{"in", "Input image", Kind::positional, true},
        {"out", "Output JPEG", Kind::positional, true},
        {"--index", "Which face, counted from the left (0-based)", Kind::option, false, false, "0"},
        {"--mirror", "Mirror the crop left-right", Kind::flag},
        {"--quality", "JPEG quality, 1-100", Kind::option, false, false, "92"},
        {"--size", "Longest side of the output, px, 64-4096", Kind::option, false, false, "480"},
        {"--margin", "Margin around the face box, × its width, 0-3", Kind::option, false, false,
         "0.8"}},
       false,
       false,
       crop_face});
  out.push_back({"bench",
                 "photo",
                 "Photo stages per photo, face search at scale",
                 {{"--photos", "Folder of photos to time (e.g. shared/data/faces)"},
                  {"--count", "Synthetic descriptors in the index (0: skip)", Kind::option, false,
                   false, std::to_string(BenchOptions{}.count)},
                  {"--queries", "Queries per index", Kind::option, false, false,
                   std::to_string(BenchOptions{}.queries)},
                  {"--ef", "hnswlib ef at query time (several, comma-separated: one line each)",
                   Kind::option, false, true, std::to_string(HnswSettings{}.ef_search)},
                  {"--m", "hnswlib M, links per node", Kind::option, false, false,
                   std::to_string(HnswSettings{}.m)},
                  {"--store-faces", "Faces in a temporary store to time opening it (0: skip)",
                   Kind::option, false, false, "0"}},
                 false,
                 false,
                 bench});
  return out;
}

}  // namespace candor::plugins::photo
