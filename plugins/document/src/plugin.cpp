// The document plugin: MRZ validity, consistency with the application, specimens, reuse
// across candidates and image forensics of the uploaded document.
#include <chrono>
#include <filesystem>

#include "candor/error.hpp"
#include "candor/plugin.hpp"
#include "document_plugin.hpp"

namespace candor::plugins {

std::shared_ptr<PluginFactory> make_document_plugin() {
  return std::make_shared<document::DocumentFactory>();
}

}  // namespace candor::plugins
