#pragma once
// The photo plugin's factory: its options, its face models and the face index, shared by every
// worker; commands.cpp reaches the configured state through it.
#include <memory>
#include <string>
#include <vector>

#include "candor/plugin.hpp"
#include "face_analyzer.hpp"
#include "lazy_face_models.hpp"
#include "photo_options.hpp"

namespace candor::plugins::photo {

class PhotoFactory : public PluginFactory {
 public:
  std::string name() const override { return "photo"; }
  std::string description() const override;
  std::vector<std::string_view> uses() const override;
  std::vector<SignalSpec> signals() const override;
  std::vector<PluginOption> options() const override;
  void configure(const nlohmann::json& section, const PluginSetup& setup) override;
  Readiness readiness() const override;
  std::unique_ptr<Plugin> make() const override;
  /// Each picture's hashes and the face's chip hashes and descriptor, labelled with the
  /// identity's label; DataError when the face model is missing.
  KnownIndexed index_known(const KnownIdentity& identity, const Store& store) override;
  void forget(std::string_view candidate_id) override;
  void merge(std::string_view from, std::string_view into) override;

  /// The options configure() read from the policy section and the command line.
  const PhotoOptions& photo_options() const { return options_; }

 private:
  PhotoOptions options_;
  Readiness readiness_;
  std::shared_ptr<const LazyFaceModels> models_;
  std::shared_ptr<LazyFaceIndex> index_;
  std::unique_ptr<FaceAnalyzer> known_analyzer_;  // for index_known, made on first use
};

/// A new, unconfigured photo factory (the registry's entry point).
std::shared_ptr<PluginFactory> make_factory();

/// The configured photo factory behind a command's `context.factory("photo")`.
PhotoFactory& photo_factory(PluginFactory& factory);

}  // namespace candor::plugins::photo
