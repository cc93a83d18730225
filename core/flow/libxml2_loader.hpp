#pragma once
/// libxml2 is loaded on first use (dlopen of its SONAME), as libcurl is (core/net/libcurl_loader.hpp):
/// it and the libraries behind it (ICU's 30 MB data among them) would otherwise be mapped at the
/// start of every sonde command, though only Hurl's xpath query and HTML filters need it.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "core/util/error.hpp"

namespace sonde::flow {

// One list drives the table and the lookups: adding a function is one line here.
#define SONDE_LIBXML2_FUNCTIONS(X)                                                                  \
  X(xmlInitParser) X(xmlSetGenericErrorFunc) X(xmlSetStructuredErrorFunc) X(xmlReadMemory)          \
  X(htmlReadMemory) X(xmlFreeDoc) X(xmlDocGetRootElement) X(xmlXPathNewContext)                     \
  X(xmlXPathFreeContext) X(xmlXPathRegisterNs) X(xmlXPathEvalExpression) X(xmlXPathFreeObject)      \
  X(htmlEntityLookup)

/// The libxml2 functions sonde calls, bound once.
struct LibXml2 {
#define SONDE_LIBXML2_POINTER(name) decltype(&::name) name = nullptr;
  SONDE_LIBXML2_FUNCTIONS(SONDE_LIBXML2_POINTER)
#undef SONDE_LIBXML2_POINTER
};

/// Loads libxml2 and initialises its parser once (thread-safe); an Error (runtime) naming the
/// library when it cannot be loaded or lacks a function. Later calls return the first outcome.
Result<const LibXml2*> libxml2();

}  // namespace sonde::flow
