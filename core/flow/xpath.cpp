#include "core/flow/xpath.hpp"

#include <cctype>
#include <climits>
#include <memory>

#include "core/flow/libxml2_loader.hpp"

namespace sonde::flow {

namespace {

// libxml2 prints parse and XPath errors to stderr unless told otherwise; sonde reports them itself.
void ignore_generic(void*, const char*, ...) {}
void ignore_structured(void*, xmlErrorPtr) {}

struct DocFree {
  const LibXml2* xml;
  void operator()(xmlDoc* doc) const { xml->xmlFreeDoc(doc); }
};
struct ContextFree {
  const LibXml2* xml;
  void operator()(xmlXPathContext* ctx) const { xml->xmlXPathFreeContext(ctx); }
};
struct ObjectFree {
  const LibXml2* xml;
  void operator()(xmlXPathObject* obj) const { xml->xmlXPathFreeObject(obj); }
};

const xmlChar* as_xml(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
std::string as_text(const xmlChar* text) { return text ? reinterpret_cast<const char*>(text) : ""; }

// Every namespace declared anywhere in the document, by its prefix (a later declaration of a
// prefix wins, as registering it again does in Hurl); the first default namespace as `_`.
void register_namespaces(const LibXml2& xml, xmlXPathContext* ctx, xmlNode* root) {
  bool default_registered = false;
  // Iterative: a document may nest as deep as libxml2 lets it (256 levels without XML_PARSE_HUGE).
  for (xmlNode* node = root; node != nullptr;) {
    if (node->type == XML_ELEMENT_NODE) {
      for (xmlNs* ns = node->nsDef; ns != nullptr; ns = ns->next) {
        if (ns->href == nullptr) continue;
        if (ns->prefix == nullptr) {
          if (!default_registered) xml.xmlXPathRegisterNs(ctx, as_xml("_"), ns->href);
          default_registered = true;
        } else {
          xml.xmlXPathRegisterNs(ctx, ns->prefix, ns->href);
        }
      }
      if (node->children != nullptr) {
        node = node->children;
        continue;
      }
    }
    while (node != nullptr && node != root && node->next == nullptr) node = node->parent;
    if (node == nullptr || node == root) break;
    node = node->next;
  }
}

}  // namespace

MarkupKind markup_kind_of(std::string_view content_type) {
  std::string lower(content_type);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("html") != std::string::npos ? MarkupKind::html : MarkupKind::xml;
}

struct MarkupDocument::State {
  const LibXml2* xml;
  std::unique_ptr<xmlDoc, DocFree> doc;
  std::unique_ptr<xmlXPathContext, ContextFree> ctx;
};

MarkupDocument::MarkupDocument(std::unique_ptr<State> state) : state_(std::move(state)) {}
MarkupDocument::~MarkupDocument() = default;

Result<std::shared_ptr<const MarkupDocument>> MarkupDocument::parse(std::string_view document, MarkupKind kind,
                                                                    const std::string& where) {
  auto loaded = libxml2();
  if (!loaded) return std::unexpected(loaded.error());
  const LibXml2& xml = **loaded;
  // Per thread in libxml2: `sonde test --jobs` evaluates on several threads at once.
  xml.xmlSetGenericErrorFunc(nullptr, ignore_generic);
  xml.xmlSetStructuredErrorFunc(nullptr, ignore_structured);

  const char* what = kind == MarkupKind::html ? "HTML" : "XML";
  if (document.size() > static_cast<std::size_t>(INT_MAX)) {
    return fail(ErrorKind::invalid_input, std::string("the body is too large to read as ") + what, where);
  }
  const int size = static_cast<int>(document.size());
  // No network, no DTD loading, no entity substitution: a response cannot make sonde fetch or
  // expand anything (XXE). Errors are reported below, not printed.
  std::unique_ptr<xmlDoc, DocFree> doc(
      kind == MarkupKind::html
          ? xml.htmlReadMemory(document.data(), size, nullptr, nullptr,
                               HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET)
          : xml.xmlReadMemory(document.data(), size, nullptr, nullptr,
                              XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NONET),
      DocFree{&xml});
  xmlNode* root = doc ? xml.xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) return fail(ErrorKind::invalid_input, std::string("the body is not valid ") + what, where);

  std::unique_ptr<xmlXPathContext, ContextFree> ctx(xml.xmlXPathNewContext(doc.get()), ContextFree{&xml});
  if (!ctx) return fail(ErrorKind::internal, "out of memory for an XPath context", where);
  ctx->error = ignore_structured;
  if (kind == MarkupKind::xml) register_namespaces(xml, ctx.get(), root);
  auto state = std::make_unique<State>(State{&xml, std::move(doc), std::move(ctx)});
  return std::shared_ptr<const MarkupDocument>(new MarkupDocument(std::move(state)));
}

Result<Value> MarkupDocument::evaluate(const std::string& expression, const std::string& where) const {
  const LibXml2& xml = *state_->xml;
  xmlXPathContext* ctx = state_->ctx.get();
  // The context is shared by the entry's queries: forget where an earlier expression stopped.
  ctx->lastError.domain = 0;
  ctx->lastError.int1 = 0;
  std::unique_ptr<xmlXPathObject, ObjectFree> result(xml.xmlXPathEvalExpression(as_xml(expression.c_str()), ctx),
                                                     ObjectFree{&xml});
  if (!result) {
    // libxml2 records where in the expression it stopped (its messages are not exported).
    const std::string at = ctx->lastError.domain == XML_FROM_XPATH && ctx->lastError.int1 > 0
                               ? " (at character " + std::to_string(ctx->lastError.int1 + 1) + ")"
                               : "";
    return fail(ErrorKind::invalid_input, "invalid XPath expression '" + expression + "'" + at, where,
                "XPath 1.0, e.g. string(//title), count(//li), //h1");
  }
  switch (result->type) {
    case XPATH_NODESET: {
      const int nodes = result->nodesetval ? result->nodesetval->nodeNr : 0;
      return Value::of_nodeset(static_cast<std::size_t>(nodes));
    }
    case XPATH_BOOLEAN: return Value::of_bool(result->boolval != 0);
    case XPATH_NUMBER: return Value::of_float(result->floatval);
    case XPATH_STRING: return Value::of_string(as_text(result->stringval));
    default: break;
  }
  return fail(ErrorKind::invalid_input, "XPath expression '" + expression + "' gives a result sonde cannot use", where);
}

Result<Value> xpath_in(std::string_view document, MarkupKind kind, const std::string& expression,
                       const std::string& where) {
  auto parsed = MarkupDocument::parse(document, kind, where);
  if (!parsed) return std::unexpected(parsed.error());
  return (*parsed)->evaluate(expression, where);
}

}  // namespace sonde::flow
