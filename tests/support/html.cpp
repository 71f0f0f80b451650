#include "html.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

#include <stdexcept>

namespace candor::test {

struct HtmlPage::Impl {
  htmlDocPtr doc = nullptr;
  xmlXPathContextPtr context = nullptr;
};

HtmlPage::HtmlPage(const std::string& html) : impl_(std::make_unique<Impl>()) {
  impl_->doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), "page.html", "UTF-8",
                              HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (!impl_->doc) throw std::runtime_error("libxml2 could not parse the page");
  impl_->context = xmlXPathNewContext(impl_->doc);
}

HtmlPage::~HtmlPage() {
  if (impl_->context) xmlXPathFreeContext(impl_->context);
  if (impl_->doc) xmlFreeDoc(impl_->doc);
}

std::vector<std::string> HtmlPage::texts(const std::string& xpath) const {
  std::vector<std::string> out;
  xmlXPathObjectPtr result =
      xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), impl_->context);
  if (!result) throw std::runtime_error("bad XPath: " + xpath);
  if (result->nodesetval)
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      xmlChar* text = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      xmlFree(text);
    }
  xmlXPathFreeObject(result);
  return out;
}

std::size_t HtmlPage::count(const std::string& xpath) const { return texts(xpath).size(); }

}  // namespace candor::test
