#pragma once
/// XPath 1.0 over a response body, for Hurl's `xpath` query and filter. libxml2 does the parsing
/// and the evaluation, as it does in Hurl itself, so an expression means here what it means there.
#include <memory>
#include <string>
#include <string_view>

#include "core/flow/value.hpp"
#include "core/util/error.hpp"

namespace sonde::flow {

enum class MarkupKind { xml, html };

/// A body parsed once as XML or HTML, for all the XPath queries of an entry (libxml2's document
/// and evaluation context, freed with it).
class MarkupDocument {
 public:
  /// Parses `document`; an error naming `where` when it is not XML/HTML (see xpath_in).
  static Result<std::shared_ptr<const MarkupDocument>> parse(std::string_view document, MarkupKind kind,
                                                             const std::string& where);
  /// Evaluates `expression` (see xpath_in).
  Result<Value> evaluate(const std::string& expression, const std::string& where) const;
  ~MarkupDocument();
  MarkupDocument(const MarkupDocument&) = delete;
  MarkupDocument& operator=(const MarkupDocument&) = delete;

 private:
  struct State;
  explicit MarkupDocument(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// Evaluates `expression` on `document`: a node-set gives a nodeset value (its size), and a
/// string, number or boolean the value of that type. HTML is parsed leniently (as browsers do);
/// XML strictly, with every namespace the document declares usable by its prefix and the first
/// default namespace as `_`. Never fetches anything (no DTD, no external entity, no network).
/// Errors name `where`: a body that is not XML/HTML, or an expression libxml2 refuses.
Result<Value> xpath_in(std::string_view document, MarkupKind kind, const std::string& expression,
                       const std::string& where);

/// HTML for a response whose Content-Type names html (text/html, application/xhtml+xml), else XML.
MarkupKind markup_kind_of(std::string_view content_type);

}  // namespace sonde::flow
