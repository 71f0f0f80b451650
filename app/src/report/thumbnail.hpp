#pragma once
// Photos for the report: decoded through the one guarded decoder (EXIF orientation applied),
// scaled down and re-encoded as a JPEG data: URI, so a page stays small and loads nothing.
#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "candor/image/decode.hpp"

namespace candor::app::report {

/// A point or a box in the original picture's pixels, drawn over the thumbnail.
struct Overlay {
  std::vector<std::array<double, 4>> boxes;      ///< x, y, width, height
  std::vector<std::array<double, 2>> landmarks;  ///< x, y
};

/// A thumbnail ready for an <img>.
struct Thumbnail {
  std::string data_uri;  ///< data:image/jpeg;base64,…
  int width = 0, height = 0;
};

/// The image at `path` scaled so its longest side is at most `max_px`, with `overlay` drawn;
/// nullopt when the decoder refuses or cannot read it.
std::optional<Thumbnail> make_thumbnail(const std::filesystem::path& path, int max_px,
                                        const image::DecodeLimits& limits,
                                        const Overlay& overlay = {});

/// Standard base64 (RFC 4648) of `bytes`.
std::string base64(const std::string& bytes);

}  // namespace candor::app::report
