#include "bench.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ostream>
#include <random>
#include <thread>

#include "candor/error.hpp"
#include "candor/store.hpp"
#include "face_analyzer.hpp"
#include "face_index.hpp"
#include "photo_options.hpp"
#include "photo_records.hpp"

namespace candor::plugins::photo {
namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

}  // namespace

void bench_photos(const PhotoOptions& options, const std::string& folder, std::ostream& out) {
  const bool with_model = std::filesystem::exists(options.face_model);
  FaceAnalyzer analyzer(FaceModels::load(
      options.landmarks, with_model ? options.face_model : std::filesystem::path()));
  StageTimes times;
  double decode_ms = 0, hash_ms = 0, megapixels = 0;
  int photos = 0, faces = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    const auto ext = entry.path().extension().string();
    if (ext != ".jpg" && ext != ".jpeg" && ext != ".png") continue;
    auto start = Clock::now();
    const cv::Mat image = image::decode_image(entry.path(), options.limits, {folder, ""});
    decode_ms += ms_since(start);
    start = Clock::now();
    hash_image(image);
    hash_ms += ms_since(start);
    faces += int(analyzer.analyze(image, &times).size());
    megapixels += image.total() / 1e6;
    ++photos;
  }
  if (photos == 0) throw InputError(folder, "--photos", "no .jpg/.jpeg/.png images");
  const double total =
      decode_ms + hash_ms + times.detect + times.landmarks + times.chip + times.embed;
  out << fmt::format("photos: {} ({:.1f} MP, {} faces; face model {})\n", photos, megapixels, faces,
                     with_model ? "on" : "missing");
  out << fmt::format(
      "ms per photo: decode {:.1f}, hashes {:.1f}, detect {:.1f}, landmarks {:.1f}, chip+chip "
      "hashes {:.1f}, descriptor {:.1f}; total {:.1f} ({:.1f} ms per megapixel, one core)\n",
      decode_ms / photos, hash_ms / photos, times.detect / photos, times.landmarks / photos,
      times.chip / photos, times.embed / photos, total / photos, total / megapixels);
  if (faces > 0) out << fmt::format("ms per face: descriptor {:.1f}\n", times.embed / faces);
}

namespace {

// Descriptors like dlib's: unit-scale vectors; "clustered" puts several photos per person.
std::vector<Embedding> synthetic(std::size_t count, bool clustered, std::mt19937& rng) {
  std::normal_distribution<float> normal(0.f, 1.f);
  const auto random_unit = [&](float radius) {
    Embedding e{};
    double norm = 0;
    for (auto& x : e) {
      x = normal(rng);
      norm += double(x) * x;
    }
    for (auto& x : e) x = float(x / std::sqrt(norm) * radius);
    return e;
  };
  std::vector<Embedding> out;
  out.reserve(count);
  std::vector<Embedding> people;
  if (clustered)
    for (std::size_t i = 0; i < std::max<std::size_t>(1, count / 5); ++i)
      people.push_back(random_unit(1.0f));
  for (std::size_t i = 0; i < count; ++i) {
    if (!clustered) {
      out.push_back(random_unit(1.0f));
      continue;
    }
    Embedding e = people[i % people.size()];  // ~5 photos per person, 0.35 apart
    const Embedding noise = random_unit(0.25f);
    for (std::size_t d = 0; d < e.size(); ++d) e[d] += noise[d];
    out.push_back(e);
  }
  return out;
}

}  // namespace

void bench_index(const BenchOptions& o, bool clustered, std::ostream& out) {
  std::mt19937 rng(clustered ? 2 : 1);
  const auto data = synthetic(o.count, clustered, rng);
  HnswSettings settings;
  settings.exact_below = 1;  // hnswlib from the first face
  settings.m = o.m;
  FaceIndex index(settings);
  std::vector<std::pair<Owner, Embedding>> faces;
  faces.reserve(data.size());
  for (std::size_t i = 0; i < data.size(); ++i)
    faces.push_back({{"c" + std::to_string(i / 5), "", {}}, data[i]});
  // As when a store of this size is opened: the graph is built on every core.
  auto start = Clock::now();
  index.add_faces(faces);
  const double build_s = ms_since(start) / 1000;
  faces = {};
  // And one more face the way a screened candidate adds it.
  start = Clock::now();
  index.add_face({"new", "", {}}, synthetic(1, clustered, rng)[0]);
  const double add_ms = ms_since(start);
  const char* name = clustered ? "clustered" : "random";
  out << fmt::format(
      "{} x {}: M {}, build {:.1f} s on {} threads, one more face {:.2f} ms, {:.0f} bytes per "
      "face in memory\n",
      name, o.count, o.m, build_s, std::thread::hardware_concurrency(), add_ms,
      double(index.face_bytes()) / double(o.count));

  // The same queries for every ef: a new photo of a stored face.
  std::normal_distribution<float> normal(0.f, 0.03f);
  std::vector<Embedding> queries;
  std::vector<std::uint32_t> truth;
  std::vector<double> exact_ms;
  for (std::size_t q = 0; q < o.queries; ++q) {
    Embedding query = data[(q * 7919) % data.size()];
    for (auto& x : query) x += normal(rng);
    start = Clock::now();
    const auto exact = index.exact_knn(query, 1);
    exact_ms.push_back(ms_since(start));
    queries.push_back(query);
    truth.push_back(exact.empty() ? 0xFFFFFFFFu : exact[0]);
  }
  out << fmt::format("  exact search p50 {:.2f} ms\n", percentile(exact_ms, 0.5));
  for (const std::size_t ef : o.ef) {
    index.set_search_ef(ef);
    std::vector<double> approx_ms;
    std::size_t agree = 0;
    for (std::size_t q = 0; q < queries.size(); ++q) {
      start = Clock::now();
      const auto approx = index.approximate_knn(queries[q], 1);
      approx_ms.push_back(ms_since(start));
      if (!approx.empty() && approx[0] == truth[q]) ++agree;
    }
    out << fmt::format("  ef {}: hnsw query p50 {:.3f} ms, p99 {:.3f} ms, recall@1 {:.4f}\n", ef,
                       percentile(approx_ms, 0.5), percentile(approx_ms, 0.99),
                       double(agree) / double(queries.size()));
  }
  out << std::flush;
}

// Opening a store of `count` faces: the first time builds the graph and saves it beside the
// store, later times read it back.
void bench_store_open(std::size_t count, std::ostream& out) {
  const auto dir = std::filesystem::temp_directory_path() /
                   fmt::format("candor-bench-{}", std::random_device{}());
  std::filesystem::create_directories(dir);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{dir};
  std::mt19937 rng(3);
  const auto data = synthetic(count, true, rng);
  auto store = open_sqlite_store(dir / "candor.db");
  {
    WriteGroup group(store.get());
    for (std::size_t i = 0; i < count; ++i)
      store->record({"c" + std::to_string(i), "N", "", 1, "clear", 0},
                    {embedding_item(data[i], "bench", {})});
  }
  const auto graph = dir / "faces.hnsw";
  auto start = Clock::now();
  FaceIndex first;
  first.load(*store, "bench", graph);
  const double first_s = ms_since(start) / 1000;
  start = Clock::now();
  FaceIndex again;
  again.load(*store, "bench", graph);
  const double again_s = ms_since(start) / 1000;
  out << fmt::format(
      "store of {} faces: first open {:.1f} s (graph built and saved, {:.0f} MB), next open "
      "{:.1f} s (saved graph checked and reused)\n",
      count, first_s, double(std::filesystem::file_size(graph)) / 1e6, again_s);
}

}  // namespace candor::plugins::photo
