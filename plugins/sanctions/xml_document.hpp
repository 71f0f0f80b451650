#pragma once
// libxml2, wrapped once: a whole XML file parsed with no network access, no DTD loading and no
// entity substitution (an external entity can never be read), plus the few element helpers the
// list readers need.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

namespace candor::plugins::sanctions {

/// A parsed XML file.
class XmlDocument {
 public:
  /// Parses `file` of at most `max_bytes` bytes. DataError naming the file when it cannot be
  /// read or is larger, and naming the file and the line when it is not well-formed XML.
  static XmlDocument read(const std::filesystem::path& file, std::uintmax_t max_bytes);

  /// The root element.
  const xmlNode* root() const;

 private:
  struct Free {
    void operator()(xmlDoc* doc) const;
  };
  std::unique_ptr<xmlDoc, Free> doc_;
};

/// The child elements of `node` named `name`, in document order.
std::vector<const xmlNode*> child_elements(const xmlNode* node, std::string_view name);

/// The first child element of `node` named `name`, or null.
const xmlNode* child_element(const xmlNode* node, std::string_view name);

/// The element's own text (text and CDATA children; references to entities a DOCTYPE declares
/// are left out, never expanded), whitespace runs collapsed to one space, trimmed.
std::string element_text(const xmlNode* node);

/// element_text of the first child named `name`; empty when there is none.
std::string child_text(const xmlNode* node, std::string_view name);

/// The value of the element's attribute `name`; empty when absent.
std::string attribute(const xmlNode* node, std::string_view name);

/// The element's name.
std::string_view element_name(const xmlNode* node);

/// The line the element starts on.
long element_line(const xmlNode* node);

}  // namespace candor::plugins::sanctions
