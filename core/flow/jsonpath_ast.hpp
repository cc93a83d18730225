#pragma once
/// The parsed form of an RFC 9535 query, shared by the parser (jsonpath_parser*.cpp), the
/// function table (jsonpath_functions.cpp) and the evaluator (jsonpath_eval.cpp). Internal to
/// core/flow: callers use JsonPath.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/flow/iregexp.hpp"

namespace sonde::flow::jsonpath {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

/// One selector (RFC 9535 section 2.3).
struct Selector {
  enum class Kind { name, wildcard, index, slice, filter };
  Kind kind = Kind::wildcard;
  std::string name;                     ///< name selector: the member name, unescaped
  std::int64_t index = 0;               ///< index selector
  std::optional<std::int64_t> start;    ///< slice: omitted bounds are nullopt
  std::optional<std::int64_t> end;
  std::int64_t step = 1;
  ExprPtr filter;                       ///< filter selector: a logical expression
};

/// A child segment (`.a`, `.*`, `[...]`) or a descendant segment (`..a`, `..*`, `..[...]`).
struct Segment {
  bool descendant = false;
  std::vector<Selector> selectors;
};

/// A query: absolute (`$...`) or, inside filters, relative to the current node (`@...`).
struct Query {
  bool relative = false;
  std::vector<Segment> segments;

  /// Only child segments holding one name or index selector each (RFC 9535 section 2.3.5.1).
  bool singular() const;
};

/// The declared types of RFC 9535 section 2.4.1.
enum class Type { value, logical, nodes };

enum class CompareOp { eq, ne, lt, le, gt, ge };

struct FunctionDef;

/// A filter expression node. Operands of comparisons are literals, singular queries or
/// value-typed function calls; operands of &&, || and ! are always logical nodes (a query or a
/// nodes-typed call used as a test is wrapped in a `test` node by the parser).
struct Expr {
  enum class Kind { literal, query, function, test, compare, and_, or_, not_ };
  Kind kind = Kind::literal;
  std::size_t pos = 0;                  ///< byte offset in the query text where it starts, for errors
  nlohmann::json literal;               ///< literal
  Query query;                          ///< query
  const FunctionDef* function = nullptr;
  bool literal_pattern = false;         ///< match()/search() with a string-literal pattern...
  std::optional<IRegexp> regex;         ///< ...compiled once at parse time (nullopt: never matches)
  CompareOp op = CompareOp::eq;
  std::vector<ExprPtr> operands;        ///< function arguments; compare: 2; and/or: 2+; not/test: 1
};

}  // namespace sonde::flow::jsonpath
