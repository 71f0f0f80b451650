#pragma once
// What the photo plugin remembers in the store, and how it is encoded.
#include <optional>
#include <string>

#include "candor/store.hpp"
#include "face_types.hpp"
#include "image_hash.hpp"

namespace candor::plugins::photo {

inline constexpr const char* kImageHashKind = "photo.image_hash";  ///< key: PHash hex
inline constexpr const char* kChipHashKind = "photo.chip_hash";    ///< key: chip PHash hex
inline constexpr const char* kEmbeddingKind = "photo.embedding";   ///< key: model SHA-256

/// Which picture an item came from: label ("candidate", "known-persona" …) and file name.
struct ItemSource {
  std::string label = "candidate";
  std::string photo;  ///< file name only (no folders: they say nothing and may be private)
};

ItemWrite image_hash_item(const ImageHashes& hashes, const ItemSource& source);
ItemWrite chip_hash_item(const PHash& chip, const PHash& mirror, const ItemSource& source);
/// Payload: 512 bytes of little-endian float32, then JSON with the source.
ItemWrite embedding_item(const Embedding& embedding, const std::string& model_sha256,
                         const ItemSource& source);

struct DecodedImageHash {
  ImageHashes hashes;
  ItemSource source;
};
struct DecodedChipHash {
  PHash chip{}, mirror{};
  ItemSource source;
};
struct DecodedEmbedding {
  Embedding embedding{};
  ItemSource source;
};
/// Decoders: nullopt for items this build cannot read (skipped, never fatal).
std::optional<DecodedImageHash> decode_image_hash(const StoredItem& item);
std::optional<DecodedChipHash> decode_chip_hash(const StoredItem& item);
std::optional<DecodedEmbedding> decode_embedding(const StoredItem& item);

}  // namespace candor::plugins::photo
