#pragma once
/// Queries, filters and predicates of core/hurl/ast.hpp evaluated against one call: what an
/// assert or a capture sees. Errors here are failed asserts (a query that cannot run on this
/// response, a filter given the wrong type), never exceptions.
#include <optional>
#include <string>

#include "core/flow/http_call.hpp"
#include "core/flow/value.hpp"
#include "core/flow/xpath.hpp"
#include "core/flow/variables.hpp"
#include "core/hurl/ast.hpp"

namespace sonde::flow {

/// What a query runs against.
struct QueryContext {
  const Call& call;
  const Variables& variables;
  const std::string& file;   ///< for positions in messages
  double duration_ms = 0;    ///< the entry's total time
  std::string_view file_root{};  ///< --file-root; empty: the Hurl file's folder (core/flow/file_root.hpp)
  /// The body parsed as JSON, once for all the entry's jsonpath queries (filled on first use).
  mutable std::optional<nlohmann::json> parsed_body = std::nullopt;
  /// The body parsed as XML or HTML, once for all the entry's xpath queries (filled on first use).
  mutable std::shared_ptr<const MarkupDocument> parsed_markup = nullptr;
};

/// "FILE:LINE:COL" of a position in the file being run, for messages.
inline std::string at(const QueryContext& ctx, const hurl::Pos& pos) { return hurl::at(ctx.file, pos); }

/// The query's value after its filters; an error message when it cannot be computed.
Result<Value> evaluate_query(const hurl::Query& query, const QueryContext& context);

/// One filter applied to `input`.
Result<Value> apply_filter(const hurl::Filter& filter, const Value& input, const QueryContext& context);

/// A predicate's verdict, with the words a report shows.
struct Verdict {
  bool passed = false;
  std::string expected;  ///< e.g. "greater than 2", "a string"; only when the assert failed
  std::string actual;    ///< e.g. "1 (integer)"; only when the assert failed
};

/// Evaluates `predicate` on `actual`; errors for a value that cannot be used (missing file...).
Result<Verdict> evaluate_predicate(const hurl::Predicate& predicate, const Value& actual, const QueryContext& context);

/// A literal of the file as a value (templates rendered, files read relative to the file).
Result<Value> literal_value(const hurl::Literal& literal, const QueryContext& context);

}  // namespace sonde::flow
