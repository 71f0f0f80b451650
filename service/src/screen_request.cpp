#include "screen_request.hpp"

#include "candor/error.hpp"
#include "candor/image/decode.hpp"
#include "candor/limits.hpp"

namespace candor::service {

nlohmann::json parse_body(const std::string& body, int max_depth) {
  nlohmann::json json;
  if (const auto bad = parse_json(body, json, max_depth))
    throw HttpError(400, "malformed_json",
                    "byte " + std::to_string(bad->byte) + ": " + bad->problem);
  return json;
}

Candidate parse_request_candidate(const nlohmann::json& json, const RequestRules& rules,
                                  const std::string& source) {
  FileRules files;
  files.allow_paths = false;
  files.max_inline_bytes = rules.max_image_bytes;
  files.limits = rules.limits;
  Candidate candidate;
  try {
    candidate = parse_candidate(json, source, {}, files);
  } catch (const InputError& e) {
    throw HttpError(400, "invalid_field", e.problem(), e.field());
  }
  image::DecodeLimits limits;
  limits.max_bytes = rules.max_image_bytes;
  limits.max_pixels = rules.max_image_pixels;
  // Refused here on their headers, so a bad image is the client's 400, not a plugin error.
  for (std::size_t i = 0; i < candidate.photos.size(); ++i)
    if (const auto& data = candidate.photos[i].data)
      if (const auto why = image::refusal(*data, limits))
        throw HttpError(400, "invalid_image", *why, "/photos/" + std::to_string(i) + "/data");
  for (std::size_t i = 0; i < candidate.documents.size(); ++i)
    if (const auto& data = candidate.documents[i].image_data)
      if (const auto why = image::refusal(*data, limits))
        throw HttpError(400, "invalid_image", *why,
                        "/documents/" + std::to_string(i) + "/image_data");
  return candidate;
}

bool has_images(const Candidate& candidate) {
  if (!candidate.photos.empty()) return true;
  for (const auto& d : candidate.documents)
    if (d.has_image()) return true;
  return false;
}

}  // namespace candor::service
