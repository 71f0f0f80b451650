// The shared face index: exact and hnswlib search, forgetting, loading from the store.
#include <cstring>
#include <limits>
#include <random>

#include "candor/data_dir.hpp"
#include "candor/store.hpp"
#include "catch.hpp"
#include "face_index.hpp"
#include "photo_records.hpp"
#include "photo_support.hpp"

using namespace candor;
using namespace candor::test;
namespace photo = candor::plugins::photo;

namespace {
photo::Embedding random_embedding(std::mt19937& rng) {
  std::normal_distribution<float> normal(0.f, 1.f);
  photo::Embedding e{};
  double norm = 0;
  for (auto& x : e) {
    x = normal(rng);
    norm += double(x) * x;
  }
  for (auto& x : e) x = float(x / std::sqrt(norm));
  return e;
}
}  // namespace

TEST_CASE("hnswlib search agrees with exact search and re-checks distances", "[photo]") {
  std::mt19937 rng(7);
  photo::FaceIndex exact({1'000'000, 16, 200, 96});
  photo::FaceIndex graph({100, 16, 200, 96});  // switches to hnswlib at 100 faces
  std::vector<photo::Embedding> all;
  for (int i = 0; i < 3000; ++i) {
    all.push_back(random_embedding(rng));
    const photo::Owner owner{"c" + std::to_string(i), "N" + std::to_string(i), {}};
    exact.add_face(owner, all.back());
    graph.add_face(owner, all.back());
  }
  CHECK(graph.uses_hnsw());
  CHECK_FALSE(exact.uses_hnsw());
  int agree = 0;
  for (int q = 0; q < 200; ++q) {
    auto query = all[std::size_t(q * 13)];
    query[0] += 0.05f;  // a near copy of a stored face
    const auto a = exact.nearest_faces(query, 1, "nobody");
    const auto b = graph.nearest_faces(query, 1, "nobody");
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    CHECK(b.front().distance ==
          Approx(photo::embedding_distance(query, all[std::size_t(q * 13)])).margin(1e-5));
    if (a.front().owner.candidate_id == b.front().owner.candidate_id) ++agree;
  }
  CHECK(agree >= 198);
  // The candidate's own faces never count; forgetting removes them from both modes.
  const auto own = graph.nearest_faces(all[5], 1, "c5");
  REQUIRE(own.size() == 1);
  CHECK(own.front().owner.candidate_id != "c5");
  graph.forget("c6");
  const auto after = graph.nearest_faces(all[6], 1, "nobody");
  CHECK(after.front().owner.candidate_id != "c6");
  CHECK(graph.face_count() == 2999);
}

TEST_CASE("a bulk load builds the graph on several threads and finds every face", "[photo]") {
  std::mt19937 rng(11);
  photo::FaceIndex graph({1000, 16, 200, 96});
  std::vector<std::pair<photo::Owner, photo::Embedding>> faces;
  for (int i = 0; i < 6000; ++i)  // above the size where the build uses every core
    faces.push_back({{"c" + std::to_string(i), "N", {}}, random_embedding(rng)});
  graph.add_faces(faces);
  REQUIRE(graph.uses_hnsw());
  CHECK(graph.face_count() == 6000);
  int found = 0;
  for (int i = 0; i < 6000; i += 29) {
    const auto hits = graph.nearest_faces(faces[std::size_t(i)].second, 1, "nobody");
    if (!hits.empty() &&
        hits.front().owner.candidate_id == faces[std::size_t(i)].first.candidate_id)
      ++found;
  }
  CHECK(found >= 205);  // of 207
  // Faces added one at a time afterwards join the same graph.
  const auto late = random_embedding(rng);
  graph.add_face({"late", "L", {}}, late);
  const auto hit = graph.nearest_faces(late, 1, "nobody");
  REQUIRE(hit.size() == 1);
  CHECK(hit.front().owner.candidate_id == "late");
}

TEST_CASE("items round-trip through their store encoding", "[photo]") {
  std::mt19937 rng(3);
  const auto e = random_embedding(rng);
  const auto item = photo::embedding_item(e, "abc", {"known-persona", "p.jpg"});
  CHECK(item.payload.size() < 600);  // bytes per face in the store
  const auto back = photo::decode_embedding({"id", "name", "", item.key, item.payload});
  REQUIRE(back);
  CHECK(back->embedding == e);
  CHECK(back->source.label == "known-persona");
  CHECK_FALSE(photo::decode_image_hash({"id", "n", "", "zz", "{}"}));
}

TEST_CASE("the index is loaded from the store by the first candidate with a picture", "[photo]") {
  TempDir keep;
  std::filesystem::path db;
  {
    PhotoRig first;
    first.screen("persona-1", "John Smith", {face_image("test_images/obama.jpg")});
    first.store.reset();
    std::filesystem::copy_file(first.dir / "candor.db", keep / "candor.db");
    db = keep / "candor.db";
  }
  PhotoRig second;
  second.store = open_sqlite_store(db);
  PluginSetup setup{DataDir(keep.path()), second.store.get(), "p"};
  second.factory->configure({{"face_model", shared_face_model().string()}}, setup);
  Pipeline pipeline(default_policy(), {second.factory}, second.store.get());
  const auto worker = pipeline.make_worker();
  nlohmann::json json = {{"id", "persona-2"},
                         {"name", "Wei Zhang"},
                         {"photos", {{{"path", face_image("test_images/obama3.jpg").string()}}}}};
  const Verdict v =
      worker->screen(parse_candidate(json, "c.json", keep.path(), test::shared_files_rules()));
  const auto reuse = signals_of(v, "photo.face_reuse");
  REQUIRE(reuse.size() == 1);
  CHECK(reuse.front().evidence["other"]["candidate"] == "persona-1");
  CHECK(reuse.front().evidence["level"] == "strong");
  // The stored face and the one just screened.
  CHECK(second.factory->readiness().detail.find("2 faces") != std::string::npos);
}

TEST_CASE("the face graph is kept beside the store and reused for the faces it still matches",
          "[photo]") {
  TempDir dir;
  auto store = open_sqlite_store(dir / "candor.db");
  const auto graph = dir / "faces.hnsw";
  std::mt19937 rng(5);
  std::vector<photo::Embedding> stored;
  {
    WriteGroup group(store.get());
    for (int i = 0; i < 5000; ++i) {
      stored.push_back(random_embedding(rng));
      store->record({"c" + std::to_string(i), "N" + std::to_string(i), "", 1, "clear", 0},
                    {photo::embedding_item(stored.back(), "m", {})});
    }
  }
  const photo::HnswSettings settings{1000, 16, 200, 96};
  const auto nearest = [](photo::FaceIndex& index, const photo::Embedding& e) {
    const auto hits = index.nearest_faces(e, 1, "nobody");
    return hits.empty() ? std::string() : hits.front().owner.candidate_id;
  };
  {
    photo::FaceIndex built(settings);
    built.load(*store, "m", graph);
    REQUIRE(std::filesystem::exists(graph));
    CHECK(nearest(built, stored[17]) == "c17");
  }
  const std::string saved = read_file(graph);

  // c3 re-screened with another face, one new candidate: the saved graph still serves.
  const auto replaced = random_embedding(rng), added = random_embedding(rng);
  store->record({"c3", "N3", "", 2, "clear", 0}, {photo::embedding_item(replaced, "m", {})});
  store->record({"new", "New", "", 2, "clear", 0}, {photo::embedding_item(added, "m", {})});
  {
    photo::FaceIndex reused(settings);
    reused.load(*store, "m", graph);
    CHECK(read_file(graph) == saved);  // adopted, not rebuilt (a rebuild saves it again)
    CHECK(reused.face_count() == 5001);
    CHECK(nearest(reused, stored[17]) == "c17");
    CHECK(nearest(reused, replaced) == "c3");
    CHECK(nearest(reused, added) == "new");
    CHECK(nearest(reused, stored[3]) != "c3");  // its old face is gone
  }

  // A damaged file is rebuilt, never trusted.
  write_text(graph, saved.substr(0, saved.size() / 2));
  {
    photo::FaceIndex rebuilt(settings);
    rebuilt.load(*store, "m", graph);
    CHECK(rebuilt.face_count() == 5001);
    CHECK(nearest(rebuilt, stored[4000]) == "c4000");
  }
  // A header whose level multiplier is NaN passes every size check; it must not be adopted.
  std::string nan_mult = saved;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr std::size_t kMultOffset = 6 * sizeof(std::size_t) + 2 * 4 + 3 * sizeof(std::size_t);
  std::memcpy(nan_mult.data() + kMultOffset, &nan, sizeof nan);
  write_text(graph, nan_mult);
  {
    photo::FaceIndex rebuilt(settings);
    rebuilt.load(*store, "m", graph);
    CHECK(read_file(graph) != nan_mult);  // rebuilt and saved again
    CHECK(rebuilt.face_count() == 5001);
    CHECK(nearest(rebuilt, added) == "new");
  }
  std::string garbage = saved;
  for (std::size_t i = 100; i < garbage.size(); i += 97) garbage[i] = char(0xFF);
  write_text(graph, garbage);
  photo::FaceIndex again(settings);
  again.load(*store, "m", graph);
  CHECK(again.face_count() == 5001);
  CHECK(nearest(again, added) == "new");
}
