#include "photo_records.hpp"

#include <cstring>
#include <nlohmann/json.hpp>

namespace candor::plugins::photo {
namespace {

nlohmann::json source_json(const ItemSource& source) {
  return {{"label", source.label}, {"photo", source.photo}};
}

ItemSource parse_source(const nlohmann::json& json) {
  ItemSource source;
  if (json.contains("label") && json["label"].is_string()) source.label = json["label"];
  if (json.contains("photo") && json["photo"].is_string()) source.photo = json["photo"];
  return source;
}

std::optional<nlohmann::json> parse_json(const std::string& text) {
  auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

}  // namespace

ItemWrite image_hash_item(const ImageHashes& hashes, const ItemSource& source) {
  auto payload = source_json(source);
  payload["block_mean"] = to_hex(hashes.block_mean);
  return {kImageHashKind, to_hex(hashes.phash), payload.dump()};
}

ItemWrite chip_hash_item(const PHash& chip, const PHash& mirror, const ItemSource& source) {
  auto payload = source_json(source);
  payload["mirror"] = to_hex(mirror);
  return {kChipHashKind, to_hex(chip), payload.dump()};
}

ItemWrite embedding_item(const Embedding& embedding, const std::string& model_sha256,
                         const ItemSource& source) {
  static_assert(sizeof(float) == 4);
  std::string payload(sizeof(float) * embedding.size(), '\0');
  std::memcpy(payload.data(), embedding.data(), payload.size());  // x86-64/ARM64: little-endian
  payload += source_json(source).dump();
  return {kEmbeddingKind, model_sha256, payload};
}

std::optional<DecodedImageHash> decode_image_hash(const StoredItem& item) {
  DecodedImageHash out;
  const auto json = parse_json(item.payload);
  if (!json || !from_hex(item.key, out.hashes.phash) || !json->contains("block_mean") ||
      !(*json)["block_mean"].is_string() ||
      !from_hex((*json)["block_mean"].get<std::string>(), out.hashes.block_mean))
    return std::nullopt;
  out.source = parse_source(*json);
  return out;
}

std::optional<DecodedChipHash> decode_chip_hash(const StoredItem& item) {
  DecodedChipHash out;
  const auto json = parse_json(item.payload);
  if (!json || !from_hex(item.key, out.chip) || !json->contains("mirror") ||
      !(*json)["mirror"].is_string() || !from_hex((*json)["mirror"].get<std::string>(), out.mirror))
    return std::nullopt;
  out.source = parse_source(*json);
  return out;
}

std::optional<DecodedEmbedding> decode_embedding(const StoredItem& item) {
  DecodedEmbedding out;
  const std::size_t bytes = sizeof(float) * out.embedding.size();
  if (item.payload.size() < bytes) return std::nullopt;
  std::memcpy(out.embedding.data(), item.payload.data(), bytes);
  if (const auto json = parse_json(item.payload.substr(bytes))) out.source = parse_source(*json);
  return out;
}

}  // namespace candor::plugins::photo
