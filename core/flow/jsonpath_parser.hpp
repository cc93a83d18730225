#pragma once
/// The recursive-descent parser of RFC 9535 queries (internal to core/flow). Queries, selectors
/// and literals live in jsonpath_parser.cpp; filter expressions and their well-typedness rules
/// (section 2.4.3) in jsonpath_filter_parser.cpp.
///
/// Errors unwind as a ParseFailure exception to parse_query(), the only entry point, which
/// turns it into an Error: the grammar has some thirty mutually recursive productions, and
/// checking a Result after every call would bury them. Nothing else throws it or sees it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/flow/jsonpath_ast.hpp"
#include "core/flow/jsonpath_functions.hpp"
#include "core/util/error.hpp"

namespace sonde::flow::jsonpath {

/// Parses a whole query (`$...`); errors as JsonPath::parse documents them.
Result<Query> parse_query(std::string_view text);

/// A syntax or typing error at byte offset `pos` of the query text.
struct ParseFailure {
  std::size_t pos;
  std::string message;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  /// The whole text as an absolute query; throws ParseFailure.
  Query whole_query();

 private:
  struct DepthGuard;  // counts nesting in or_expr(), see jsonpath_filter_parser.cpp

  // Cursor (jsonpath_parser.cpp).
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  bool eat(char c);
  bool eat(std::string_view s);
  /// Skips blanks and eats `s`, or moves nothing.
  bool eat_after_blanks(std::string_view s);
  void skip_blanks();
  /// Where the next non-blank character is; moves nothing.
  std::size_t next_token_pos() const;
  [[noreturn]] void fail(std::size_t pos, std::string message) const;
  /// "'x'", or "whitespace", or "the end of the query", for "unexpected ..." messages.
  std::string describe_next() const;

  // Queries and selectors (jsonpath_parser.cpp).
  Query query_after_identifier(bool relative);
  void segments(Query& query);
  Segment dot_segment();
  Segment bracket_segment(bool descendant);
  Selector selector();
  Selector index_or_slice();
  Selector name_shorthand();
  bool at_name_char(bool first) const;
  std::int64_t integer();
  std::string string_literal();
  void string_escape(char quote, std::string& out);
  void unicode_escape(std::size_t start, std::string& out);
  std::uint32_t hex4(std::size_t start);

  // Filter expressions (jsonpath_filter_parser.cpp).
  ExprPtr filter();
  ExprPtr or_expr();
  ExprPtr and_expr();
  ExprPtr basic_expr();
  ExprPtr not_expr();
  ExprPtr paren_expr();
  ExprPtr operand();
  ExprPtr word_operand();
  ExprPtr number_literal();
  ExprPtr function_call(const FunctionDef& def, std::size_t start);
  ExprPtr argument(const FunctionDef& def, std::size_t index);
  std::optional<CompareOp> comparison_op();
  ExprPtr to_logical(ExprPtr e) const;
  void check_comparable(const Expr& e) const;

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace sonde::flow::jsonpath
