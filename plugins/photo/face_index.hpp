#pragma once
// The shared in-memory index of everyone screened: whole-image hashes, face-chip hashes and face
// embeddings, each with whose they are. Loaded from the store once, updated as candidates are
// screened; thread-safe (many readers, one writer). Face search is exact below a size and
// hnswlib above it; every approximate hit is re-checked with the exact distance.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "candor/store.hpp"
#include "face_types.hpp"
#include "image_hash.hpp"
#include "photo_records.hpp"

namespace hnswlib {
template <typename T>
class HierarchicalNSW;
class L2Space;
}  // namespace hnswlib

namespace candor::plugins::photo {

/// Whose an indexed item is.
struct Owner {
  std::string candidate_id;
  std::string name;
  ItemSource source;
};

/// A hash within the threshold, belonging to another candidate.
struct HashMatch {
  Owner owner;
  std::string which;  ///< "phash+block_mean", "chip", "chip_mirror"
  int distance = 0;   ///< bits
};

/// A face of another candidate and its exact distance.
struct FaceMatch {
  Owner owner;
  double distance = 0;
};

/// hnswlib settings.
struct HnswSettings {
  std::size_t exact_below = 20000;  ///< exact search while the index holds fewer faces
  std::size_t m = 16;
  std::size_t ef_construction = 200;
  std::size_t ef_search = 96;
};

class FaceIndex {
 public:
  explicit FaceIndex(HnswSettings settings = {});
  ~FaceIndex();
  FaceIndex(const FaceIndex&) = delete;
  FaceIndex& operator=(const FaceIndex&) = delete;

  /// Loads every photo item of the store (embeddings only for `model_sha256`). With a
  /// `graph_file`, the face graph saved there is reused for the faces it still matches (by
  /// their exact vectors), and a graph built or much extended here is saved there.
  void load(const Store& store, const std::string& model_sha256,
            const std::filesystem::path& graph_file = {});
  /// Saves the graph to `graph_file` when many faces joined it since it was read or saved.
  void save_graph_if_grown(const std::filesystem::path& graph_file);

  void add_image(const Owner& owner, const ImageHashes& hashes);
  void add_chip(const Owner& owner, const PHash& chip, const PHash& mirror);
  void add_face(const Owner& owner, const Embedding& embedding);
  /// Many faces at once (loading the store): the graph is built once, on every core.
  void add_faces(const std::vector<std::pair<Owner, Embedding>>& faces);
  /// Drops everything of one candidate (before re-indexing them).
  void forget(const std::string& candidate_id);
  /// Everything of `from` now belongs to `into` (profiles merged), so neither matches the other.
  void merge(const std::string& from, const std::string& into);

  /// Pictures of other candidates with PHash ≤ max_phash and BlockMean ≤ max_block bits.
  std::vector<HashMatch> image_matches(const ImageHashes& hashes, const std::string& exclude_id,
                                       int max_phash, int max_block) const;
  /// Face chips of other candidates within max_bits of the chip, or of its mirror image.
  std::vector<HashMatch> chip_matches(const PHash& chip, const PHash& mirror,
                                      const std::string& exclude_id, int max_bits) const;
  /// Up to `k` nearest faces of candidates other than `exclude_id`, nearest first, exact
  /// distances.
  std::vector<FaceMatch> nearest_faces(const Embedding& query, std::size_t k,
                                       const std::string& exclude_id) const;

  /// Indices (insertion order) of the k nearest faces by exhaustive search; for benchmarks.
  std::vector<std::uint32_t> exact_knn(const Embedding& query, std::size_t k) const;
  /// Same through hnswlib (exact search when it is not built); for benchmarks.
  std::vector<std::uint32_t> approximate_knn(const Embedding& query, std::size_t k) const;

  /// hnswlib's ef for later queries; for benchmarks.
  void set_search_ef(std::size_t ef);

  std::size_t face_count() const;
  std::size_t image_count() const;
  bool uses_hnsw() const;
  /// Approximate resident bytes for the faces (vectors, graph, owners).
  std::size_t face_bytes() const;

 private:
  std::uint32_t owner_slot(const Owner& owner);
  void build_hnsw();
  /// Adds vectors with labels first, first+1 … to the graph, on every core when many.
  void insert_parallel(std::uint32_t first, const std::vector<const float*>& vectors);
  /// Takes the saved graph for the faces whose vectors it holds and adds the others; false
  /// (nothing changed) when the file is missing, damaged or mostly stale.
  bool adopt_graph(const std::filesystem::path& file,
                   const std::vector<std::pair<Owner, Embedding>>& faces);
  void save_graph(const std::filesystem::path& file);
  const float* vector_of(std::uint32_t face) const;
  std::vector<std::pair<float, std::uint32_t>> knn_locked(const Embedding& query, std::size_t k,
                                                          bool approximate) const;

  HnswSettings settings_;
  mutable std::shared_mutex mutex_;
  std::vector<Owner> owners_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> owner_slots_;  // id → slots

  struct ImageEntry {
    ImageHashes hashes;
    std::uint32_t owner;
  };
  struct ChipEntry {
    PHash chip, mirror;
    std::uint32_t owner;
  };
  std::vector<ImageEntry> images_;
  std::vector<ChipEntry> chips_;

  std::vector<std::uint32_t> face_owner_;  // face → owner slot
  std::vector<bool> face_deleted_;
  std::vector<Embedding> vectors_;  // while exact; emptied once hnsw holds them
  std::unique_ptr<hnswlib::L2Space> space_;
  std::unique_ptr<hnswlib::HierarchicalNSW<float>> hnsw_;
  std::size_t unsaved_faces_ = 0;  // faces in the graph since it was read or saved
  static constexpr std::uint32_t kDeletedOwner = 0xFFFFFFFFu;
};

/// The index of one configured plugin, loaded from the store by the first candidate with a
/// picture: most runs screen none, and building the graph of a large store takes minutes
/// (1M faces: about 8 minutes on 2 cores). Afterwards it polls the store for pictures other
/// processes sharing it recorded (at most every kPollEvery), so that a face recorded by one
/// instance is searchable on the others within kPollEvery of its commit.
class LazyFaceIndex {
 public:
  /// How often the store is asked for pictures other processes added.
  static constexpr std::chrono::milliseconds kPollEvery{250};
  /// How far back (in store positions) each poll looks for items committed out of order.
  static constexpr std::int64_t kLookBack = 100000;

  /// `store` may be null (an empty index); it must outlive this. `graph_file` (may be empty)
  /// keeps the face graph between runs.
  LazyFaceIndex(HnswSettings settings, const Store* store, std::string model_sha256,
                std::filesystem::path graph_file)
      : index_(settings),
        store_(store),
        model_sha256_(std::move(model_sha256)),
        graph_file_(std::move(graph_file)) {}
  ~LazyFaceIndex() {
    if (loaded_ && !graph_file_.empty()) index_.save_graph_if_grown(graph_file_);
  }
  LazyFaceIndex(const LazyFaceIndex&) = delete;
  LazyFaceIndex& operator=(const LazyFaceIndex&) = delete;
  /// The index, loaded by the first caller while any others wait, then kept current with what
  /// other processes record (thread-safe).
  FaceIndex& get();
  /// Held across one candidate's searches and additions, so that of two candidates with the
  /// same picture screened at the same moment, the later one finds the earlier.
  std::mutex& search_then_add() { return search_then_add_; }
  /// Drops a candidate erased from the store.
  void forget(const std::string& candidate_id) {
    FaceIndex& index = get();
    std::lock_guard lock(search_then_add_);
    index.forget(candidate_id);
  }
  /// Re-keys a candidate merged into another.
  void merge(const std::string& from, const std::string& into) {
    FaceIndex& index = get();
    std::lock_guard lock(search_then_add_);
    index.merge(from, into);
  }
  /// This process indexed `candidate_id` itself: polling skips their items.
  void indexed_here(const std::string& candidate_id);

 private:
  // Adds the items of `kind` after the watermark that this index has not seen; called with
  // poll_mutex_ held (or before anyone else can call).
  void take_new(const char* kind, const Store& store, bool all);
  void poll_if_due();

  FaceIndex index_;
  std::mutex search_then_add_;
  const Store* store_;
  std::string model_sha256_;
  std::filesystem::path graph_file_;
  std::once_flag once_;
  bool loaded_ = false;

  std::mutex poll_mutex_;
  std::chrono::steady_clock::time_point last_poll_;
  std::int64_t watermark_ = 0;            // highest store position seen
  std::set<std::int64_t> seen_;           // positions seen within kLookBack of it
  std::unordered_set<std::string> here_;  // candidates this process indexed itself
  std::mutex here_mutex_;
};

}  // namespace candor::plugins::photo
