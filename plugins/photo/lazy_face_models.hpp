#pragma once
// The dlib face models, loaded when the first picture needs them: most candidates have no
// photo, and reading the landmark predictor and the ResNet takes about a second.
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "face_analyzer.hpp"

namespace candor::plugins::photo {

/// One configured plugin's face models, loaded once on first use and shared by every worker.
class LazyFaceModels {
 public:
  /// `recognition` may be empty (descriptors off); `recognition_sha256` is its digest, taken
  /// when the plugin was configured.
  LazyFaceModels(std::filesystem::path landmarks, std::filesystem::path recognition,
                 std::string recognition_sha256);
  /// The models, loaded by the first caller while any others wait (thread-safe). A failed load
  /// is a DataError, and every later call rethrows that same error at once: a broken file stays
  /// broken for the run, and reading it again for every candidate would only slow a batch.
  std::shared_ptr<const FaceModels> get() const;
  /// Loads the models if no one has yet; the error of the load, empty when it succeeded.
  std::string load_error() const;
  /// SHA-256 of the recognition model (stored next to every descriptor); empty without one.
  const std::string& recognition_sha256() const { return recognition_sha256_; }

 private:
  void load() const;

  std::filesystem::path landmarks_, recognition_;
  std::string recognition_sha256_;
  mutable std::once_flag once_;
  mutable std::shared_ptr<const FaceModels> models_;
  mutable std::exception_ptr error_;
  mutable std::string error_text_;
};

}  // namespace candor::plugins::photo
