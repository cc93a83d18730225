#pragma once
/// Queries, filters and predicates: the right-hand side of a capture and the whole of an assert
/// (`jsonpath "$.items" count >= 2`).
#include "core/hurl/ast.hpp"
#include "core/hurl/cursor.hpp"

namespace sonde::hurl {

/// A query and its filters; the cursor is on the query's name.
Result<Query> parse_query(Cursor& c);

/// A query, its filters and a predicate, up to the end of the line.
Result<Assert> parse_assert(Cursor& c);

/// The query names, filter names and predicate names sonde runs (for messages and tests).
bool is_query_name(std::string_view name);
bool is_filter_name(std::string_view name);

}  // namespace sonde::hurl
