#pragma once
/// RFC 9535 JSONPath queries over nlohmann::json, for `sonde test`'s `jsonpath "..."` queries and
/// filters. A query is parsed once (all syntax and function well-typedness errors surface there)
/// and can then select from any number of documents.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"

namespace sonde::flow {

namespace jsonpath {
struct Query;
}

/// One parsed RFC 9535 query. Cheap to copy (the parsed form is shared and immutable).
class JsonPath {
 public:
  /// Parses an RFC 9535 query ("$.store.book[?@.price < 10].title"). Errors are
  /// ErrorKind::invalid_input with a message naming the column (1-based, in characters) of the
  /// problem, e.g. "JSONPath: expected ']' at column 14"; `where` left empty (the caller fills it).
  static Result<JsonPath> parse(std::string_view text);

  /// The nodes the query selects from `root`, in document order as RFC 9535 defines it (object
  /// members in nlohmann::json's order, i.e. sorted by name). Pointers into `root`; duplicates
  /// are kept (`$[0,0]` selects the first element twice).
  std::vector<const nlohmann::json*> select(const nlohmann::json& root) const;

  /// True for a singular query (only name and index selectors, no wildcard, slice, filter or
  /// descendant segment): such a query yields at most one node.
  bool singular() const;

  /// The query as written.
  const std::string& text() const { return text_; }

 private:
  JsonPath(std::string text, std::shared_ptr<const jsonpath::Query> query);

  std::string text_;
  std::shared_ptr<const jsonpath::Query> query_;
};

}  // namespace sonde::flow
