// Loading the face index from the store once, then polling the store for what other processes
// sharing it record: items are visited by store position, each position taken once.
#include "face_index.hpp"

#include "candor/error.hpp"

namespace candor::plugins::photo {

namespace {

// Hands FaceIndex::load the store's items while noting each one's position, so that polls
// after the load skip what the load took.
class NotingPositions final : public Store {
 public:
  NotingPositions(const Store& inner, std::function<void(std::int64_t)> note)
      : inner_(inner), note_(std::move(note)) {}
  void record(const CandidateRecord&, const std::vector<ItemWrite>&) override {
    throw StoreError("the face index only reads the store");
  }
  std::vector<StoredItem> find_items(std::string_view kind, std::string_view key,
                                     std::size_t limit) const override {
    return inner_.find(kind, key, limit);
  }
  void scan(std::string_view kind,
            const std::function<void(const StoredItem&)>& visit) const override {
    inner_.scan_after(kind, 0, [&](const StoredItem& item, std::int64_t position) {
      note_(position);
      visit(item);
    });
  }
  std::optional<CandidateRecord> candidate(std::string_view id) const override {
    return inner_.candidate(id);
  }
  std::int64_t candidate_count() const override { return inner_.candidate_count(); }
  bool forget(std::string_view) override {
    throw StoreError("the face index only reads the store");
  }
  bool merge(std::string_view, std::string_view) override {
    throw StoreError("the face index only reads the store");
  }
  int schema_version() const override { return inner_.schema_version(); }
  void begin_group() override {}
  void commit_group() override {}

 private:
  const Store& inner_;
  std::function<void(std::int64_t)> note_;
};

}  // namespace

FaceIndex& LazyFaceIndex::get() {
  std::call_once(once_, [this] {
    if (store_) {
      std::lock_guard lock(poll_mutex_);
      NotingPositions noting(*store_, [this](std::int64_t position) {
        watermark_ = std::max(watermark_, position);
        seen_.insert(position);
      });
      index_.load(noting, model_sha256_, graph_file_);
      last_poll_ = std::chrono::steady_clock::now();
    }
    loaded_ = true;
  });
  poll_if_due();
  return index_;
}

void LazyFaceIndex::indexed_here(const std::string& candidate_id) {
  std::lock_guard lock(here_mutex_);
  here_.insert(candidate_id);
}

void LazyFaceIndex::poll_if_due() {
  if (!store_) return;
  std::unique_lock lock(poll_mutex_, std::try_to_lock);
  if (!lock) return;  // another worker is polling
  const auto now = std::chrono::steady_clock::now();
  if (now - last_poll_ < kPollEvery) return;
  last_poll_ = now;
  take_new(kImageHashKind, *store_, true);
  take_new(kChipHashKind, *store_, true);
  if (!model_sha256_.empty()) take_new(kEmbeddingKind, *store_, false);
  // Positions far below the watermark cannot come back.
  seen_.erase(seen_.begin(), seen_.lower_bound(watermark_ - kLookBack));
}

void LazyFaceIndex::take_new(const char* kind, const Store& store, bool all) {
  std::vector<StoredItem> items;
  std::int64_t highest = watermark_;
  store.scan_after(kind, std::max<std::int64_t>(0, watermark_ - kLookBack),
                   [&](const StoredItem& item, std::int64_t position) {
                     if (!seen_.insert(position).second) return;
                     highest = std::max(highest, position);
                     if (all || item.key == model_sha256_) items.push_back(item);
                   });
  watermark_ = std::max(watermark_, highest);
  std::lock_guard lock(here_mutex_);
  for (const auto& item : items) {
    if (here_.count(item.candidate_id)) continue;
    if (kind == std::string_view(kImageHashKind)) {
      if (auto d = decode_image_hash(item))
        index_.add_image({item.candidate_id, item.candidate_name, d->source}, d->hashes);
    } else if (kind == std::string_view(kChipHashKind)) {
      if (auto d = decode_chip_hash(item))
        index_.add_chip({item.candidate_id, item.candidate_name, d->source}, d->chip, d->mirror);
    } else if (auto d = decode_embedding(item)) {
      index_.add_face({item.candidate_id, item.candidate_name, d->source}, d->embedding);
    }
  }
}

}  // namespace candor::plugins::photo
