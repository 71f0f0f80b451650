#pragma once
// HTML pages parsed the way a browser would be lenient (libxml2's HTML parser), queried by XPath.
#include <memory>
#include <string>
#include <vector>

namespace candor::test {

/// A parsed HTML page.
class HtmlPage {
 public:
  /// Parses `html`; the test fails (throws) when libxml2 cannot build a document.
  explicit HtmlPage(const std::string& html);
  ~HtmlPage();
  HtmlPage(const HtmlPage&) = delete;
  HtmlPage& operator=(const HtmlPage&) = delete;
  /// How many nodes `xpath` selects.
  std::size_t count(const std::string& xpath) const;
  /// The text content of each node `xpath` selects (attribute values for attribute nodes).
  std::vector<std::string> texts(const std::string& xpath) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace candor::test
