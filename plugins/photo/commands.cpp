// The photo plugin's own commands: models, index, photo crop-face, bench photo.
#include "commands.hpp"

#include <ctime>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "bench.hpp"
#include "candor/error.hpp"
#include "candor/fetch.hpp"
#include "face_analyzer.hpp"
#include "faceapi_convert.hpp"
#include "model_manifest.hpp"
#include "photo_options.hpp"
#include "photo_records.hpp"

namespace candor::photo {
namespace {

PhotoOptions options_of(const CommandEnvironment& environment) {
  const Policy& policy = environment.policy();
  return parse_photo_options(policy.plugin_section("photo"), policy.source,
                             environment.data_dir());
}

std::string slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c))
      out += char(std::tolower(c));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// ---- models ----

void fetch_models(const CommandEnvironment& environment, const std::string& from) {
  const auto models_dir = environment.data_dir().sub("models");
  std::filesystem::create_directories(models_dir);
  for (const auto& model : installable_models()) {
    const auto destination = models_dir / model.file;
    if (std::filesystem::exists(destination) && sha256_file(destination) == model.sha256) {
      std::cout << model.name << ": " << destination.string() << " verified\n";
      continue;
    }
    if (from.empty())
      throw DataError(destination.string(),
                      "missing; no default download is reachable from here: use `candor models "
                      "fetch --from DIR|URL` or `candor models convert-faceapi --tarball FILE`");
    std::string url = from;
    if (url.find("://") == std::string::npos)
      url = "file://" + std::filesystem::absolute(from).lexically_normal().string();
    if (url.back() != '/') url += '/';
    url += model.file;
    const auto result = fetch_to_file(
        {url, destination, model.bytes ? model.bytes + 4096 : 512ull << 20, model.sha256, "", ""});
    std::cout << model.name << ": installed " << destination.string() << " (" << result.bytes
              << " bytes, sha256 " << result.sha256 << ")\n";
  }
}

void convert_faceapi(const CommandEnvironment& environment, const std::string& tarball,
                     std::string out) {
  const ModelEntry entry = face_model_entry();
  if (out.empty()) out = (environment.data_dir().sub("models") / entry.file).string();
  const std::string bytes = convert_faceapi_tarball(tarball);
  const std::string digest = sha256_hex(bytes);
  if (digest != entry.sha256)
    throw DataError(tarball, fmt::format("converted model has SHA-256 {}, manifest pins {}",
                                         digest, entry.sha256));
  std::filesystem::create_directories(std::filesystem::absolute(out).parent_path());
  write_file_atomically(out, bytes);
  std::cout << "wrote " << out << " (" << bytes.size() << " bytes, sha256 " << digest
            << ", matches models/manifest.json)\n";
}

// ---- photo crop-face ----

struct CropOptions {
  std::string in, out;
  int index = 0;
  bool mirror = false;
  int quality = 92;
  int size = 480;
  double margin = 0.8;
};

void crop_face(const CommandEnvironment& environment, const CropOptions& o) {
  const PhotoOptions options = options_of(environment);
  const cv::Mat image = image::decode_image(o.in, options.limits, {o.in, ""});
  FaceAnalyzer analyzer(FaceModels::load(options.landmarks, {}));
  auto faces = analyzer.analyze(image);
  // Left to right, so that --index names the same face whatever the sizes.
  std::sort(faces.begin(), faces.end(),
            [](const Face& a, const Face& b) { return a.box.x < b.box.x; });
  if (o.index < 0 || std::size_t(o.index) >= faces.size())
    throw InputError(o.in, "--index",
                     fmt::format("{} faces found; --index must be 0..{}", faces.size(),
                                 int(faces.size()) - 1));
  const cv::Rect box = faces[std::size_t(o.index)].box;
  const int pad = int(box.width * o.margin);
  cv::Rect crop(box.x - pad, box.y - pad * 5 / 4, box.width + 2 * pad, box.height + 2 * pad);
  crop &= cv::Rect(0, 0, image.cols, image.rows);
  cv::Mat out = image(crop).clone();
  const double scale = double(o.size) / std::max(out.cols, out.rows);
  if (scale < 1.0) cv::resize(out, out, cv::Size(), scale, scale, cv::INTER_AREA);
  if (o.mirror) cv::flip(out, out, 1);
  if (!cv::imwrite(o.out, out, {cv::IMWRITE_JPEG_QUALITY, o.quality}))
    throw InputError(o.out, "", "cannot write the image");
  std::cout << fmt::format("face {} of {} at [{}, {}, {}, {}] -> {} ({}x{})\n", o.index,
                           faces.size(), box.x, box.y, box.width, box.height, o.out, out.cols,
                           out.rows);
}

// ---- index ----

struct KnownEntry {
  std::string id, name, label;
  std::vector<std::filesystem::path> photos;
};

void index_entries(const CommandEnvironment& environment, const std::vector<KnownEntry>& entries,
                   const std::string& origin) {
  const PhotoOptions options = options_of(environment);
  if (!std::filesystem::exists(options.face_model))
    throw DataError(options.face_model.string(),
                    "face model missing; install it with `candor models convert-faceapi` or "
                    "`candor models fetch --from DIR|URL`");
  const auto models = FaceModels::load(options.landmarks, options.face_model);
  FaceAnalyzer analyzer(models);
  auto store = environment.open_store();
  for (const auto& entry : entries) {
    std::vector<ItemWrite> items;
    int faces_found = 0;
    for (const auto& photo : entry.photos) {
      const cv::Mat image = image::decode_image(photo, options.limits, {origin, "photo"});
      const ItemSource source{entry.label, photo.filename().string()};
      items.push_back(image_hash_item(hash_image(image), source));
      auto faces = analyzer.analyze(image);
      if (faces.empty()) {
        std::cerr << "candor: no face in " << photo.string() << " (image hash kept)\n";
        continue;
      }
      ++faces_found;
      const Face& face = faces.front();
      items.push_back(chip_hash_item(face.chip_hash, face.mirror_hash, source));
      items.push_back(embedding_item(*face.embedding, models->recognition_sha256(), source));
    }
    store->record({entry.id, entry.name, "", std::int64_t(std::time(nullptr)), "", 0.0}, items);
    std::cout << fmt::format("indexed {} ({}, {}): {} photos, {} faces\n", entry.id, entry.name,
                             entry.label, entry.photos.size(), faces_found);
  }
}

std::vector<KnownEntry> read_jsonl(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string(), "", "cannot read");
  std::vector<KnownEntry> entries;
  std::map<std::string, std::size_t> by_id;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto json = nlohmann::json::parse(line, nullptr, false);
    const std::string where = fmt::format("line {}", number);
    if (json.is_discarded() || !json.is_object())
      throw InputError(file.string(), where, "not a JSON object");
    for (const char* key : {"name", "photo"})
      if (!json.contains(key) || !json[key].is_string() || json[key].get<std::string>().empty())
        throw InputError(file.string(), where + "/" + key, "required string");
    KnownEntry entry;
    entry.name = json["name"];
    entry.label = json.value("label", std::string("known-persona"));
    entry.id = json.value("id", entry.label + ":" + slug(entry.name));
    std::filesystem::path photo = json["photo"].get<std::string>();
    if (photo.is_relative()) photo = std::filesystem::absolute(file).parent_path() / photo;
    const auto [it, fresh] = by_id.emplace(entry.id, entries.size());
    if (fresh) entries.push_back(entry);
    entries[it->second].photos.push_back(photo);
  }
  return entries;
}

}  // namespace

void add_photo_commands(CLI::App& app, const CommandEnvironment& environment) {
  auto* models = &environment.group("models");
  {
    auto* fetch = models->add_subcommand(
        "fetch", "Install the models of models/manifest.json into the data directory, verified "
                 "by SHA-256");
    auto from = std::make_shared<std::string>();
    fetch->add_option("--from", *from, "Folder or https:// / file:// base URL holding the files");
    environment.add_options(*fetch);
    fetch->callback([&environment, from] { fetch_models(environment, *from); });

    auto* convert = models->add_subcommand(
        "convert-faceapi",
        "Convert @vladmandic/face-api@1.7.15's face_recognition_model into dlib's format");
    auto tarball = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    convert->add_option("--tarball", *tarball, "vladmandic-face-api-1.7.15.tgz (npm pack)")
        ->required();
    convert->add_option("--out", *out, "Output file (default: <data dir>/models/<manifest name>)");
    environment.add_options(*convert);
    convert->callback([&environment, tarball, out] { convert_faceapi(environment, *tarball, *out); });
  }

  auto* photo = app.add_subcommand("photo", "Photo tools");
  photo->require_subcommand(1);
  {
    auto* crop = photo->add_subcommand("crop-face", "Crop one face (left to right) from a photo");
    auto o = std::make_shared<CropOptions>();
    crop->add_option("in", o->in, "Input image")->required();
    crop->add_option("out", o->out, "Output JPEG")->required();
    crop->add_option("--index", o->index, "Which face, counted from the left (0-based)");
    crop->add_flag("--mirror", o->mirror, "Mirror the crop left-right");
    crop->add_option("--quality", o->quality, "JPEG quality")->check(CLI::Range(1, 100));
    crop->add_option("--size", o->size, "Longest side of the output, px")->check(CLI::Range(64, 4096));
    crop->add_option("--margin", o->margin, "Margin around the face box, × its width")
        ->check(CLI::Range(0.0, 3.0));
    environment.add_options(*crop);
    crop->callback([&environment, o] { crop_face(environment, *o); });
  }

  auto* index = app.add_subcommand("index", "Add known photos and identities to the store");
  index->require_subcommand(1);
  {
    auto* add = index->add_subcommand("add", "Index a known face (e.g. a published persona photo)");
    auto entry = std::make_shared<KnownEntry>();
    entry->label = "known-persona";
    auto photos = std::make_shared<std::vector<std::string>>();
    add->add_option("--label", entry->label, "Label, e.g. known-persona");
    add->add_option("--name", entry->name, "Name the persona used")->required();
    add->add_option("--photo", *photos, "Photo (repeatable; all photos of this entry)")->required();
    add->add_option("--id", entry->id, "Store id (default <label>:<name>)");
    environment.add_options(*add);
    add->callback([&environment, entry, photos] {
      KnownEntry e = *entry;
      if (e.id.empty()) e.id = e.label + ":" + slug(e.name);
      for (const auto& p : *photos) e.photos.push_back(std::filesystem::absolute(p));
      index_entries(environment, {e}, "--photo");
    });

    auto* import = index->add_subcommand(
        "import", "Index known faces from JSONL: {\"name\", \"photo\", \"label\"?, \"id\"?}");
    auto file = std::make_shared<std::string>();
    import->add_option("file", *file, "JSONL file")->required();
    environment.add_options(*import);
    import->callback([&environment, file] {
      index_entries(environment, read_jsonl(*file), *file);
    });
  }

  auto* bench = &environment.group("bench");
  add_photo_bench(*bench, environment);
}

}  // namespace candor::photo
