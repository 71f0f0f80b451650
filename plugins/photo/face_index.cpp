#include "face_index.hpp"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>

namespace candor::plugins::photo {

FaceIndex::FaceIndex(HnswSettings settings) : settings_(settings) {}
FaceIndex::~FaceIndex() = default;

namespace {

// A saved graph is rewritten once this many faces have joined it.
constexpr std::size_t kResaveAfterFaces = 1000;

// The face graph kept on disk beside the store, so that opening a large store does not rebuild
// it (1M faces: about 8 minutes on 2 cores). A cache only: a missing, damaged or foreign file is
// rebuilt, never trusted, and which stored face each node is gets checked by its vector. (Here
// and not in a file of its own: hnswlib's headers define globals, so only one source file may
// include them.)
using FaceGraph = hnswlib::HierarchicalNSW<float>;

// hnswlib's file header, field by field as saveIndex writes it.
struct GraphHeader {
  std::size_t offset_level0, max_elements, count, size_per_element, label_offset, offset_data;
  int max_level;
  hnswlib::tableint entry_point;
  std::size_t max_m, max_m0, m;
  double mult;
  std::size_t ef_construction;
};

template <typename T>
bool read_pod(std::istream& in, T& value) {
  return bool(in.read(reinterpret_cast<char*>(&value), sizeof value));
}

bool read_header(std::istream& in, GraphHeader& h) {
  return read_pod(in, h.offset_level0) && read_pod(in, h.max_elements) && read_pod(in, h.count) &&
         read_pod(in, h.size_per_element) && read_pod(in, h.label_offset) &&
         read_pod(in, h.offset_data) && read_pod(in, h.max_level) && read_pod(in, h.entry_point) &&
         read_pod(in, h.max_m) && read_pod(in, h.max_m0) && read_pod(in, h.m) &&
         read_pod(in, h.mult) && read_pod(in, h.ef_construction);
}

// The layout hnswlib gives 128-D float vectors, so that nothing in the file is taken on trust.
bool plausible(const GraphHeader& h, std::size_t capacity, std::uintmax_t file_size) {
  constexpr std::size_t kVectorBytes = sizeof(Embedding);
  const std::size_t links0 =
      h.max_m0 * sizeof(hnswlib::tableint) + sizeof(hnswlib::linklistsizeint);
  // hnswlib draws each new node's level with `mult` = 1 / ln(M); a NaN or another value there
  // would pass every size check and break every later addition.
  const double expected_mult = 1.0 / std::log(static_cast<double>(h.m));
  return h.m >= 2 && h.m <= 256 && std::isfinite(h.mult) &&
         std::abs(h.mult - expected_mult) <= 1e-9 * expected_mult && h.max_m == h.m &&
         h.max_m0 == 2 * h.m && h.offset_level0 == 0 && h.offset_data == links0 &&
         h.label_offset == links0 + kVectorBytes &&
         h.size_per_element == links0 + kVectorBytes + sizeof(hnswlib::labeltype) && h.count > 0 &&
         h.count <= capacity && h.entry_point < h.count && h.max_level >= 0 && h.max_level < 64 &&
         h.count * h.size_per_element <= file_size;
}

bool links_in_range(const FaceGraph& g) {
  const std::size_t count = g.cur_element_count;
  if (g.element_levels_[g.enterpoint_node_] != g.maxlevel_) return false;  // searches start there
  for (hnswlib::tableint node = 0; node < count; ++node) {
    if (g.element_levels_[node] > g.maxlevel_) return false;
    for (int level = 0; level <= g.element_levels_[node]; ++level) {
      hnswlib::linklistsizeint* list =
          level == 0 ? g.get_linklist0(node) : g.get_linklist(node, level);
      const std::size_t size = g.getListCount(list);
      if (size > (level == 0 ? g.maxM0_ : g.maxM_)) return false;
      const auto* ids = reinterpret_cast<const hnswlib::tableint*>(list + 1);
      // A search follows a link at a level only into nodes that have that level.
      for (std::size_t i = 0; i < size; ++i)
        if (ids[i] >= count || g.element_levels_[ids[i]] < level) return false;
    }
  }
  return true;
}

// The graph in `file` with room for `capacity` nodes, or null when there is none or it is not
// a well-formed graph of 128-D float vectors (header consistent, every link in range).
std::unique_ptr<FaceGraph> read_face_graph(const std::filesystem::path& file,
                                           hnswlib::L2Space& space, std::size_t capacity) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return nullptr;
  {
    std::ifstream in(file, std::ios::binary);
    GraphHeader header{};
    if (!read_header(in, header) || !plausible(header, capacity, size)) return nullptr;
  }
  try {
    auto graph = std::make_unique<FaceGraph>(&space, file.string(), false, capacity);
    if (!links_in_range(*graph)) return nullptr;
    return graph;
  } catch (const std::exception&) {  // hnswlib's own size checks, or allocation
    return nullptr;
  }
}

// Writes the graph through a temporary file renamed over `file`; false when it could not.
bool write_face_graph(FaceGraph& graph, const std::filesystem::path& file) {
  const auto temporary = std::filesystem::path(file).concat(".tmp");
  try {
    graph.saveIndex(temporary.string());
    std::error_code ec;
    // saveIndex does not report errors: a short file (a full disk) is not kept.
    const auto size = std::filesystem::file_size(temporary, ec);
    if (ec || size < graph.cur_element_count * graph.size_data_per_element_) {
      std::filesystem::remove(temporary, ec);
      return false;
    }
    std::filesystem::rename(temporary, file);
    return true;
  } catch (const std::exception&) {
    std::error_code ec;
    std::filesystem::remove(temporary, ec);
    return false;
  }
}

}  // namespace

void FaceIndex::load(const Store& store, const std::string& model_sha256,
                     const std::filesystem::path& graph_file) {
  // Store::scan holds its lock while visiting: collect first, index after.
  std::vector<std::pair<Owner, ImageHashes>> images;
  std::vector<std::pair<Owner, DecodedChipHash>> chips;
  std::vector<std::pair<Owner, Embedding>> faces;
  store.scan(kImageHashKind, [&](const StoredItem& item) {
    if (auto decoded = decode_image_hash(item))
      images.push_back(
          {{item.candidate_id, item.candidate_name, decoded->source}, decoded->hashes});
  });
  store.scan(kChipHashKind, [&](const StoredItem& item) {
    if (auto decoded = decode_chip_hash(item))
      chips.push_back({{item.candidate_id, item.candidate_name, decoded->source}, *decoded});
  });
  if (!model_sha256.empty())
    store.scan(kEmbeddingKind, [&](const StoredItem& item) {
      if (item.key != model_sha256) return;  // never mix descriptors of different models
      if (auto decoded = decode_embedding(item))
        faces.push_back(
            {{item.candidate_id, item.candidate_name, decoded->source}, decoded->embedding});
    });
  for (const auto& [owner, hashes] : images) add_image(owner, hashes);
  for (const auto& [owner, chip] : chips) add_chip(owner, chip.chip, chip.mirror);
  const bool fresh = face_count() == 0 && !uses_hnsw();
  if (fresh && !graph_file.empty() && faces.size() >= settings_.exact_below &&
      adopt_graph(graph_file, faces)) {
    save_graph_if_grown(graph_file);
    return;
  }
  add_faces(faces);
  if (fresh && !graph_file.empty() && uses_hnsw()) {
    std::unique_lock lock(mutex_);
    save_graph(graph_file);
  }
}

bool FaceIndex::adopt_graph(const std::filesystem::path& file,
                            const std::vector<std::pair<Owner, Embedding>>& faces) {
  auto space = std::make_unique<hnswlib::L2Space>(128);
  auto graph = read_face_graph(file, *space, faces.size() + faces.size() / 4 + 1024);
  if (!graph) return false;
  // Which stored face each node is, by its exact vector; nodes of faces no longer stored (a
  // candidate re-screened or forgotten) stay in the graph as deleted.
  std::unordered_multimap<std::string_view, std::size_t> by_vector;
  by_vector.reserve(faces.size());
  for (std::size_t i = 0; i < faces.size(); ++i)
    by_vector.emplace(
        std::string_view(reinterpret_cast<const char*>(faces[i].second.data()), sizeof(Embedding)),
        i);
  std::size_t labels = 0;
  for (std::size_t node = 0; node < graph->cur_element_count; ++node)
    labels = std::max<std::size_t>(labels, graph->getExternalLabel(hnswlib::tableint(node)) + 1);
  if (labels > graph->cur_element_count) return false;  // labels are 0 … count-1 when saved here
  std::vector<std::int64_t> face_of_label(labels, -1);  // -1: deleted
  std::vector<bool> seen(labels), placed(faces.size());
  std::size_t matched = 0;
  for (std::size_t node = 0; node < graph->cur_element_count; ++node) {
    const auto label = graph->getExternalLabel(hnswlib::tableint(node));
    if (seen[label]) return false;
    seen[label] = true;
    if (graph->isMarkedDeleted(hnswlib::tableint(node))) continue;
    const std::string_view vector(graph->getDataByInternalId(hnswlib::tableint(node)),
                                  sizeof(Embedding));
    auto [it, end] = by_vector.equal_range(vector);
    while (it != end && placed[it->second]) ++it;
    if (it == end) continue;
    placed[it->second] = true;
    face_of_label[label] = std::int64_t(it->second);
    ++matched;
  }
  // Mostly stale: a fresh build gives a better graph in about the same time.
  if (matched * 2 < faces.size()) return false;

  std::unique_lock lock(mutex_);
  face_owner_.assign(labels, kDeletedOwner);
  face_deleted_.assign(labels, true);
  for (std::size_t label = 0; label < labels; ++label) {
    if (face_of_label[label] < 0) {
      const auto node = graph->label_lookup_.find(label);
      if (!graph->isMarkedDeleted(node->second)) graph->markDelete(label);
      continue;
    }
    face_owner_[label] = owner_slot(faces[std::size_t(face_of_label[label])].first);
    face_deleted_[label] = false;
  }
  space_ = std::move(space);
  hnsw_ = std::move(graph);
  hnsw_->setEf(settings_.ef_search);
  std::vector<const float*> rest;
  for (std::size_t i = 0; i < faces.size(); ++i)
    if (!placed[i]) {
      face_owner_.push_back(owner_slot(faces[i].first));
      face_deleted_.push_back(false);
      rest.push_back(faces[i].second.data());
    }
  if (hnsw_->max_elements_ < face_owner_.size())
    hnsw_->resizeIndex(face_owner_.size() + face_owner_.size() / 4);
  insert_parallel(std::uint32_t(labels), rest);
  unsaved_faces_ = rest.size();
  return true;
}

void FaceIndex::save_graph_if_grown(const std::filesystem::path& file) {
  std::unique_lock lock(mutex_);  // saving reads the whole graph: no one may add meanwhile
  if (hnsw_ && unsaved_faces_ >= kResaveAfterFaces) save_graph(file);
}

void FaceIndex::save_graph(const std::filesystem::path& file) {
  // A cache: when it cannot be written the next run builds the graph again.
  if (write_face_graph(*hnsw_, file)) unsaved_faces_ = 0;
}

std::uint32_t FaceIndex::owner_slot(const Owner& owner) {
  auto& slots = owner_slots_[owner.candidate_id];
  for (auto slot : slots)
    if (owners_[slot].name == owner.name && owners_[slot].source.label == owner.source.label &&
        owners_[slot].source.photo == owner.source.photo)
      return slot;
  owners_.push_back(owner);
  slots.push_back(std::uint32_t(owners_.size() - 1));
  return slots.back();
}

void FaceIndex::add_image(const Owner& owner, const ImageHashes& hashes) {
  std::unique_lock lock(mutex_);
  images_.push_back({hashes, owner_slot(owner)});
}

void FaceIndex::add_chip(const Owner& owner, const PHash& chip, const PHash& mirror) {
  std::unique_lock lock(mutex_);
  chips_.push_back({chip, mirror, owner_slot(owner)});
}

void FaceIndex::add_face(const Owner& owner, const Embedding& embedding) {
  std::unique_lock lock(mutex_);
  const auto face = std::uint32_t(face_owner_.size());
  face_owner_.push_back(owner_slot(owner));
  face_deleted_.push_back(false);
  if (hnsw_) {
    if (hnsw_->cur_element_count >= hnsw_->max_elements_)
      hnsw_->resizeIndex(hnsw_->max_elements_ + hnsw_->max_elements_ / 4);
    hnsw_->addPoint(embedding.data(), face);
    ++unsaved_faces_;
  } else {
    vectors_.push_back(embedding);
    if (vectors_.size() >= settings_.exact_below) build_hnsw();
  }
}

void FaceIndex::add_faces(const std::vector<std::pair<Owner, Embedding>>& faces) {
  std::unique_lock lock(mutex_);
  if (hnsw_) {
    lock.unlock();
    for (const auto& [owner, embedding] : faces) add_face(owner, embedding);
    return;
  }
  face_owner_.reserve(face_owner_.size() + faces.size());
  vectors_.reserve(vectors_.size() + faces.size());
  for (const auto& [owner, embedding] : faces) {
    face_owner_.push_back(owner_slot(owner));
    face_deleted_.push_back(false);
    vectors_.push_back(embedding);
  }
  if (vectors_.size() >= settings_.exact_below) build_hnsw();
}

void FaceIndex::build_hnsw() {
  space_ = std::make_unique<hnswlib::L2Space>(128);
  // Room for growth without a resize soon, but not the doubling that a large store would pay
  // for in memory.
  const std::size_t capacity = std::max<std::size_t>(1024, vectors_.size() + vectors_.size() / 4);
  hnsw_ = std::make_unique<hnswlib::HierarchicalNSW<float>>(space_.get(), capacity, settings_.m,
                                                            settings_.ef_construction);
  hnsw_->setEf(settings_.ef_search);
  const std::size_t n = vectors_.size();
  std::vector<const float*> all;
  all.reserve(n);
  for (const auto& v : vectors_) all.push_back(v.data());
  insert_parallel(0, all);
  unsaved_faces_ = n;
  for (std::uint32_t face = 0; face < n; ++face)
    if (face_deleted_[face]) hnsw_->markDelete(face);
  std::vector<Embedding>().swap(vectors_);  // the graph holds the only copy from now on
}

void FaceIndex::insert_parallel(std::uint32_t first, const std::vector<const float*>& vectors) {
  // hnswlib's addPoint is safe to call from several threads while the index does not resize.
  // Into an empty graph the first point goes in alone, so that every thread finds an entry.
  const std::size_t n = vectors.size();
  std::size_t start = 0;
  if (n > 0 && hnsw_->cur_element_count == 0) hnsw_->addPoint(vectors[start++], first);
  std::atomic<std::size_t> next{start};
  const auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) hnsw_->addPoint(vectors[i], first + i);
  };
  const unsigned threads = n < 4096 ? 1 : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

void FaceIndex::forget(const std::string& candidate_id) {
  std::unique_lock lock(mutex_);
  const auto it = owner_slots_.find(candidate_id);
  if (it == owner_slots_.end()) return;
  const auto gone = [&](std::uint32_t slot) {
    return std::find(it->second.begin(), it->second.end(), slot) != it->second.end();
  };
  std::erase_if(images_, [&](const ImageEntry& e) { return gone(e.owner); });
  std::erase_if(chips_, [&](const ChipEntry& e) { return gone(e.owner); });
  for (std::uint32_t face = 0; face < face_owner_.size(); ++face)
    if (!face_deleted_[face] && gone(face_owner_[face])) {
      face_deleted_[face] = true;
      if (hnsw_) hnsw_->markDelete(face);
    }
  // Owner slots stay allocated (faces refer to them by number) but are unreachable by id.
  owner_slots_.erase(it);
}

void FaceIndex::merge(const std::string& from, const std::string& into) {
  std::unique_lock lock(mutex_);
  const auto it = owner_slots_.find(from);
  if (it == owner_slots_.end() || from == into) return;
  const std::vector<std::uint32_t> moved = std::move(it->second);
  owner_slots_.erase(it);  // before inserting `into`, which may rehash
  auto& survivor = owner_slots_[into];
  for (const std::uint32_t slot : moved) {
    owners_[slot].candidate_id = into;
    survivor.push_back(slot);
  }
}

std::vector<HashMatch> FaceIndex::image_matches(const ImageHashes& hashes,
                                                const std::string& exclude_id, int max_phash,
                                                int max_block) const {
  std::shared_lock lock(mutex_);
  std::vector<HashMatch> matches;
  for (const auto& entry : images_) {
    const Owner& owner = owners_[entry.owner];
    if (owner.candidate_id == exclude_id) continue;
    const int p = hamming(entry.hashes.phash, hashes.phash);
    if (p > max_phash) continue;
    const int b = hamming(entry.hashes.block_mean, hashes.block_mean);
    if (b > max_block) continue;
    matches.push_back({owner, "image", p + b});
  }
  std::sort(matches.begin(), matches.end(),
            [](const HashMatch& a, const HashMatch& b) { return a.distance < b.distance; });
  return matches;
}

std::vector<HashMatch> FaceIndex::chip_matches(const PHash& chip, const PHash& mirror,
                                               const std::string& exclude_id, int max_bits) const {
  std::shared_lock lock(mutex_);
  std::vector<HashMatch> matches;
  for (const auto& entry : chips_) {
    const Owner& owner = owners_[entry.owner];
    if (owner.candidate_id == exclude_id) continue;
    const int direct = hamming(entry.chip, chip);
    // A mirrored copy's chip is close to the mirror image of the original's chip.
    const int mirrored = std::min(hamming(entry.mirror, chip), hamming(entry.chip, mirror));
    if (std::min(direct, mirrored) > max_bits) continue;
    if (direct <= mirrored)
      matches.push_back({owner, "chip", direct});
    else
      matches.push_back({owner, "chip_mirror", mirrored});
  }
  std::sort(matches.begin(), matches.end(),
            [](const HashMatch& a, const HashMatch& b) { return a.distance < b.distance; });
  return matches;
}

const float* FaceIndex::vector_of(std::uint32_t face) const {
  if (!hnsw_) return vectors_[face].data();
  const auto found = hnsw_->label_lookup_.find(face);
  return reinterpret_cast<const float*>(hnsw_->getDataByInternalId(found->second));
}

std::vector<std::pair<float, std::uint32_t>> FaceIndex::knn_locked(const Embedding& query,
                                                                   std::size_t k,
                                                                   bool approximate) const {
  std::vector<std::pair<float, std::uint32_t>> hits;
  if (approximate && hnsw_) {
    auto queue = hnsw_->searchKnn(query.data(), std::min(k, hnsw_->cur_element_count));
    while (!queue.empty()) {
      hits.push_back({queue.top().first, std::uint32_t(queue.top().second)});
      queue.pop();
    }
  } else {
    const std::size_t n = face_owner_.size();
    hits.reserve(std::min(n, k + 1));
    for (std::uint32_t face = 0; face < n; ++face) {
      if (face_deleted_[face]) continue;
      const float* v = vector_of(face);
      float sum = 0;
      for (std::size_t i = 0; i < 128; ++i) {
        const float d = v[i] - query[i];
        sum += d * d;
      }
      if (hits.size() < k) {
        hits.push_back({sum, face});
        std::push_heap(hits.begin(), hits.end());
      } else if (sum < hits.front().first) {
        std::pop_heap(hits.begin(), hits.end());
        hits.back() = {sum, face};
        std::push_heap(hits.begin(), hits.end());
      }
    }
  }
  std::sort(hits.begin(), hits.end());
  return hits;
}

std::vector<FaceMatch> FaceIndex::nearest_faces(const Embedding& query, std::size_t k,
                                                const std::string& exclude_id) const {
  std::shared_lock lock(mutex_);
  std::vector<FaceMatch> matches;
  // Over-fetch so that the candidate's own faces cannot crowd the others out.
  for (std::size_t fetch = k + 8;; fetch *= 4) {
    matches.clear();
    const auto hits = knn_locked(query, fetch, true);
    for (const auto& [squared, face] : hits) {
      if (face_deleted_[face]) continue;
      const Owner& owner = owners_[face_owner_[face]];
      if (owner.candidate_id == exclude_id) continue;
      Embedding stored;
      std::memcpy(stored.data(), vector_of(face), sizeof(stored));
      matches.push_back({owner, embedding_distance(stored, query)});  // exact re-check
    }
    if (matches.size() >= k || hits.size() < fetch) break;
  }
  std::sort(matches.begin(), matches.end(),
            [](const FaceMatch& a, const FaceMatch& b) { return a.distance < b.distance; });
  if (matches.size() > k) matches.resize(k);
  return matches;
}

std::vector<std::uint32_t> FaceIndex::exact_knn(const Embedding& query, std::size_t k) const {
  std::shared_lock lock(mutex_);
  std::vector<std::uint32_t> out;
  for (const auto& hit : knn_locked(query, k, false)) out.push_back(hit.second);
  return out;
}

std::vector<std::uint32_t> FaceIndex::approximate_knn(const Embedding& query, std::size_t k) const {
  std::shared_lock lock(mutex_);
  std::vector<std::uint32_t> out;
  for (const auto& hit : knn_locked(query, k, true)) out.push_back(hit.second);
  return out;
}

void FaceIndex::set_search_ef(std::size_t ef) {
  std::unique_lock lock(mutex_);
  settings_.ef_search = ef;
  if (hnsw_) hnsw_->setEf(ef);
}

std::size_t FaceIndex::face_count() const {
  std::shared_lock lock(mutex_);
  return std::size_t(std::count(face_deleted_.begin(), face_deleted_.end(), false));
}

std::size_t FaceIndex::image_count() const {
  std::shared_lock lock(mutex_);
  return images_.size();
}

bool FaceIndex::uses_hnsw() const {
  std::shared_lock lock(mutex_);
  return bool(hnsw_);
}

std::size_t FaceIndex::face_bytes() const {
  std::shared_lock lock(mutex_);
  std::size_t bytes = face_owner_.capacity() * sizeof(std::uint32_t) +
                      face_deleted_.capacity() / 8 + vectors_.capacity() * sizeof(Embedding);
  if (hnsw_) {
    bytes += hnsw_->max_elements_ * (hnsw_->size_data_per_element_ + sizeof(void*));
    for (std::size_t i = 0; i < hnsw_->cur_element_count; ++i)
      bytes += std::size_t(hnsw_->element_levels_[i]) * hnsw_->size_links_per_element_;
    bytes += hnsw_->label_lookup_.size() * (sizeof(std::size_t) + sizeof(std::uint32_t) + 16);
  }
  return bytes;
}

}  // namespace candor::plugins::photo
