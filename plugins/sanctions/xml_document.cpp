#include "xml_document.hpp"

#include <libxml/parser.h>

#include <cctype>
#include <climits>

#include "candor/error.hpp"
#include "candor/limits.hpp"

namespace candor::plugins::sanctions {

namespace {

bool is_name(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && node->name &&
         std::string_view(reinterpret_cast<const char*>(node->name)) == name;
}

// Entities are never loaded from outside: whatever path libxml2 would take to an external DTD or
// entity, this resolver answers with nothing.
xmlParserInputPtr refuse_external_entity(void*, const xmlChar*, const xmlChar*) { return nullptr; }

// Errors are read from the context after the parse; nothing is printed.
void keep_quiet(void*, xmlErrorPtr) {}

std::string collapse_spaces(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace

void XmlDocument::Free::operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }

XmlDocument XmlDocument::read(const std::filesystem::path& file, std::uintmax_t max_bytes) {
  if (const auto problem = unreadable_file(file, max_bytes))
    throw DataError(file.string(), *problem);
  const std::string bytes = read_whole_file(file);
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    throw DataError(file.string(), "too large for the XML parser");
  xmlInitParser();
  std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> ctxt(xmlNewParserCtxt(),
                                                                  xmlFreeParserCtxt);
  if (!ctxt) throw DataError(file.string(), "out of memory for the XML parser");
  if (ctxt->sax) {
    ctxt->sax->resolveEntity = refuse_external_entity;
    ctxt->sax->externalSubset = nullptr;
    ctxt->sax->serror = keep_quiet;
  }
  // No XML_PARSE_NOENT (entity references stay references), no DTD loading or validation, no
  // XInclude, no network; errors are taken from the context, not printed.
  constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  XmlDocument out;
  out.doc_.reset(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()),
                                   nullptr, nullptr, kOptions));
  if (!out.doc_ || !ctxt->wellFormed) {
    const xmlError& e = ctxt->lastError;
    std::string message = e.message ? collapse_spaces(e.message) : "not well-formed";
    throw DataError(file.string(), "line " + std::to_string(e.line > 0 ? e.line : 1) +
                                       ": malformed XML: " + message);
  }
  if (!xmlDocGetRootElement(out.doc_.get())) throw DataError(file.string(), "no root element");
  return out;
}

const xmlNode* XmlDocument::root() const { return xmlDocGetRootElement(doc_.get()); }

std::vector<const xmlNode*> child_elements(const xmlNode* node, std::string_view name) {
  std::vector<const xmlNode*> out;
  if (!node) return out;
  for (const xmlNode* c = node->children; c; c = c->next)
    if (is_name(c, name)) out.push_back(c);
  return out;
}

const xmlNode* child_element(const xmlNode* node, std::string_view name) {
  if (!node) return nullptr;
  for (const xmlNode* c = node->children; c; c = c->next)
    if (is_name(c, name)) return c;
  return nullptr;
}

std::string element_text(const xmlNode* node) {
  if (!node) return "";
  std::string raw;
  for (const xmlNode* c = node->children; c; c = c->next)
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
      raw += reinterpret_cast<const char*>(c->content);
  return collapse_spaces(raw);
}

std::string child_text(const xmlNode* node, std::string_view name) {
  return element_text(child_element(node, name));
}

std::string attribute(const xmlNode* node, std::string_view name) {
  if (!node) return "";
  for (const xmlAttr* a = node->properties; a; a = a->next)
    if (a->name && std::string_view(reinterpret_cast<const char*>(a->name)) == name) {
      std::string raw;
      for (const xmlNode* c = a->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content)
          raw += reinterpret_cast<const char*>(c->content);
      return collapse_spaces(raw);
    }
  return "";
}

std::string_view element_name(const xmlNode* node) {
  return node && node->name ? std::string_view(reinterpret_cast<const char*>(node->name))
                            : std::string_view();
}

long element_line(const xmlNode* node) { return node ? xmlGetLineNo(node) : 0; }

}  // namespace candor::plugins::sanctions
