#pragma once
// What the photo plugin sees in one candidate's pictures, and the signals that follow.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "candor/plugin.hpp"
#include "candor/signal_spec.hpp"
#include "face_analyzer.hpp"
#include "face_index.hpp"
#include "photo_options.hpp"

namespace candor::plugins::photo {

/// Every signal the plugin emits, in SIGNALS.md order.
const std::vector<SignalSpec>& signal_table();

/// One picture looked at: a candidate photo or a document portrait.
struct SeenPicture {
  std::string kind;   ///< profile, selfie, interview, document …
  std::string file;   ///< file name
  std::string field;  ///< JSON pointer or fact it came from
  ImageHashes hashes;
  bool searched_faces = false;
  bool whole_image = true;  ///< false for portraits cropped out of a document
  cv::Size size;
  std::optional<Face> face;  ///< the largest face
};

/// The FFHQ / StyleGAN alignment test: how far the eyes sit from where it puts them.
struct SyntheticCheck {
  bool fired = false;
  double centre_offset = 0;  ///< |FFHQ crop centre − image centre| / side
  double scale_ratio = 0;    ///< FFHQ crop size / image side
  double roll_degrees = 0;
};
SyntheticCheck check_ffhq_alignment(const Face& face, cv::Size image);

/// A worker's face pipeline, asked for on the first picture that decodes (so that the models
/// load only then); empty when faces are off (no landmark model).
using AnalyzerSource = std::function<FaceAnalyzer&()>;

/// Looks at every picture of the candidate (photos, then document portraits).
std::vector<SeenPicture> look_at_pictures(const RunContext& context, const PhotoOptions& options,
                                          const AnalyzerSource& analyzer);

/// Signals from the pictures (index may be null: no store).
std::vector<Signal> photo_signals(const Candidate& candidate,
                                  const std::vector<SeenPicture>& pictures,
                                  const PhotoOptions& options, const FaceIndex* index);

/// Stages the store items and updates the shared index.
void remember_pictures(RunContext& context, const std::vector<SeenPicture>& pictures,
                       const std::string& model_sha256, FaceIndex* index);

}  // namespace candor::plugins::photo
