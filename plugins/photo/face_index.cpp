#include "face_index.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

#include <hnswlib/hnswlib.h>

namespace candor::photo {

FaceIndex::FaceIndex(HnswSettings settings) : settings_(settings) {}
FaceIndex::~FaceIndex() = default;

void FaceIndex::load(const Store& store, const std::string& model_sha256) {
  // Store::scan holds its lock while visiting: collect first, index after.
  std::vector<std::pair<Owner, ImageHashes>> images;
  std::vector<std::pair<Owner, DecodedChipHash>> chips;
  std::vector<std::pair<Owner, Embedding>> faces;
  store.scan(kImageHashKind, [&](const StoredItem& item) {
    if (auto decoded = decode_image_hash(item))
      images.push_back({{item.candidate_id, item.candidate_name, decoded->source}, decoded->hashes});
  });
  store.scan(kChipHashKind, [&](const StoredItem& item) {
    if (auto decoded = decode_chip_hash(item))
      chips.push_back({{item.candidate_id, item.candidate_name, decoded->source}, *decoded});
  });
  if (!model_sha256.empty())
    store.scan(kEmbeddingKind, [&](const StoredItem& item) {
      if (item.key != model_sha256) return;  // never mix descriptors of different models
      if (auto decoded = decode_embedding(item))
        faces.push_back({{item.candidate_id, item.candidate_name, decoded->source},
                         decoded->embedding});
    });
  for (const auto& [owner, hashes] : images) add_image(owner, hashes);
  for (const auto& [owner, chip] : chips) add_chip(owner, chip.chip, chip.mirror);
  add_faces(faces);
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
  // hnswlib's addPoint is safe to call from several threads while the index does not resize.
  // The first point goes in alone so that every thread finds an entry point.
  const std::size_t n = vectors_.size();
  if (n > 0) hnsw_->addPoint(vectors_[0].data(), 0);
  std::atomic<std::size_t> next{1};
  const auto work = [&] {
    for (std::size_t face; (face = next.fetch_add(1)) < n;)
      hnsw_->addPoint(vectors_[face].data(), face);
  };
  const unsigned threads = n < 4096 ? 1 : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (std::uint32_t face = 0; face < n; ++face)
    if (face_deleted_[face]) hnsw_->markDelete(face);
  std::vector<Embedding>().swap(vectors_);  // the graph holds the only copy from now on
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
                                               const std::string& exclude_id,
                                               int max_bits) const {
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
      const Owner& owner = owners_[face_owner_[face]];
      if (owner.candidate_id == exclude_id || face_deleted_[face]) continue;
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

std::vector<std::uint32_t> FaceIndex::approximate_knn(const Embedding& query,
                                                      std::size_t k) const {
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
  std::size_t bytes = face_owner_.capacity() * sizeof(std::uint32_t) + face_deleted_.capacity() / 8 +
                      vectors_.capacity() * sizeof(Embedding);
  if (hnsw_) {
    bytes += hnsw_->max_elements_ * (hnsw_->size_data_per_element_ + sizeof(void*));
    for (std::size_t i = 0; i < hnsw_->cur_element_count; ++i)
      bytes += std::size_t(hnsw_->element_levels_[i]) * hnsw_->size_links_per_element_;
    bytes += hnsw_->label_lookup_.size() * (sizeof(std::size_t) + sizeof(std::uint32_t) + 16);
  }
  return bytes;
}

}  // namespace candor::photo
