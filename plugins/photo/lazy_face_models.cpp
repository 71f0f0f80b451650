#include "lazy_face_models.hpp"

#include <fmt/format.h>

#include "candor/error.hpp"

namespace candor::plugins::photo {

LazyFaceModels::LazyFaceModels(std::filesystem::path landmarks, std::filesystem::path recognition,
                               std::string recognition_sha256)
    : landmarks_(std::move(landmarks)),
      recognition_(std::move(recognition)),
      recognition_sha256_(std::move(recognition_sha256)) {}

void LazyFaceModels::load() const {
  // The exception is kept, not handled: every caller gets it. It must not leave call_once, or
  // the next caller would load again.
  std::call_once(once_, [this] {
    try {
      auto models = FaceModels::load(landmarks_, recognition_);
      // The index holds descriptors under the digest taken at configure time: a file replaced
      // since then would mix two models' descriptors in one index.
      if (models->recognition_sha256() != recognition_sha256_)
        throw DataError(recognition_.string(),
                        fmt::format("changed since candor started (SHA-256 {}…, was {}…): "
                                    "start candor again",
                                    models->recognition_sha256().substr(0, 12),
                                    recognition_sha256_.substr(0, 12)));
      models_ = std::move(models);
    } catch (const std::exception& e) {
      error_ = std::current_exception();
      error_text_ = e.what();
    }
  });
}

std::shared_ptr<const FaceModels> LazyFaceModels::get() const {
  load();
  if (error_) std::rethrow_exception(error_);
  return models_;
}

std::string LazyFaceModels::load_error() const {
  load();
  return error_text_;
}

}  // namespace candor::plugins::photo
