#pragma once
// The document plugin's factory: options, readiness and the shared state of its workers.
#include <memory>
#include <optional>
#include <string>

#include "candor/image/decode.hpp"
#include "candor/plugin.hpp"
#include "candor/recent_keys.hpp"
#include "mrz.hpp"
#include "recent_hashes.hpp"

namespace candor::plugins::document {

class ImageTools;

/// The plugin's options (`plugins.document` in the policy, and CLI flags).
struct DocumentOptions {
  bool ocr = true;             ///< read the MRZ from document images
  bool forensics = true;       ///< metadata, JPEG, ELA/noise, copy-move checks
  std::string tessdata;        ///< Tesseract data folder; empty: the system's
  std::string face_cascade;    ///< OpenCV Haar cascade for portraits; empty: the system's
  std::optional<Date> today;   ///< screening date; default: the clock (UTC)
  int phash_max_distance = 6;  ///< Hamming distance (of 64) for "same image"
  image::DecodeLimits limits;  ///< on each document image, as for photos
};

/// Parses the plugin's section; ConfigError naming a bad or unknown key.
DocumentOptions parse_options(const nlohmann::json& section, const std::string& file);

/// Makes document plugins; one per process.
class DocumentFactory : public PluginFactory {
 public:
  std::string name() const override { return "document"; }
  std::string description() const override {
    return "ID documents: MRZ check digits, consistency, specimens, reuse, image forensics";
  }
  std::vector<std::string_view> provides() const override {
    return {facts::kDocumentPortraits.name};
  }
  std::vector<SignalSpec> signals() const override;
  std::vector<PluginOption> options() const override;
  void configure(const nlohmann::json& section, const PluginSetup& setup) override;
  Readiness readiness() const override { return readiness_; }
  std::unique_ptr<Plugin> make() const override;
  void forget(std::string_view candidate_id) override;

  /// The options configure() read.
  const DocumentOptions& options_struct() const { return options_; }

 private:
  DocumentOptions options_;
  Readiness readiness_;
  bool ocr_available_ = false;
  // Document numbers and images of candidates other workers are screening now (not yet in the
  // store).
  std::shared_ptr<RecentKeys> recent_numbers_ = std::make_shared<RecentKeys>();
  std::shared_ptr<RecentHashes> recent_hashes_ = std::make_shared<RecentHashes>();
};

/// Today's date in UTC.
Date utc_today();

}  // namespace candor::plugins::document
