// Filter expressions (RFC 9535 section 2.3.5.1) and the well-typedness of function expressions
// (section 2.4.3). Sub-expressions come back "raw" (a bare literal, query or function call may
// still turn out to be a comparison operand or a function argument); to_logical() is applied
// where the grammar needs a test.
#include <nlohmann/json.hpp>

#include "core/flow/jsonpath_parser.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::flow::jsonpath {

namespace {

// Parentheses, function arguments and nested filters nest the recursion; a bound keeps a
// pathological query from exhausting the stack.
constexpr std::size_t k_max_depth = 64;

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

std::shared_ptr<Expr> make(Expr::Kind kind, std::size_t pos) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->pos = pos;
  return e;
}

std::string name_of(const Expr& call) { return std::string(call.function->name) + "()"; }

}  // namespace

struct Parser::DepthGuard {
  explicit DepthGuard(Parser& p) : parser(p) {
    if (++parser.depth_ > k_max_depth) parser.fail(parser.pos_, "expression nested too deeply");
  }
  ~DepthGuard() { --parser.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  Parser& parser;
};

ExprPtr Parser::filter() { return to_logical(or_expr()); }

// logical-or-expr = logical-and-expr *(S "||" S logical-and-expr)
ExprPtr Parser::or_expr() {
  DepthGuard guard(*this);
  ExprPtr first = and_expr();
  if (!eat_after_blanks("||")) return first;
  auto node = make(Expr::Kind::or_, first->pos);
  node->operands.push_back(to_logical(first));
  do {
    skip_blanks();
    node->operands.push_back(to_logical(and_expr()));
  } while (eat_after_blanks("||"));
  return node;
}

// logical-and-expr = basic-expr *(S "&&" S basic-expr)
ExprPtr Parser::and_expr() {
  ExprPtr first = basic_expr();
  if (!eat_after_blanks("&&")) return first;
  auto node = make(Expr::Kind::and_, first->pos);
  node->operands.push_back(to_logical(first));
  do {
    skip_blanks();
    node->operands.push_back(to_logical(basic_expr()));
  } while (eat_after_blanks("&&"));
  return node;
}

// basic-expr = paren-expr / comparison-expr / test-expr
ExprPtr Parser::basic_expr() {
  if (peek() == '!') return not_expr();
  if (peek() == '(') return paren_expr();
  ExprPtr left = operand();
  const auto op = comparison_op();
  if (!op) return left;
  check_comparable(*left);
  skip_blanks();
  ExprPtr right = operand();
  check_comparable(*right);
  const std::size_t after = next_token_pos();
  if (comparison_op()) fail(after, "comparisons do not chain (combine them with '&&')");
  auto node = make(Expr::Kind::compare, left->pos);
  node->op = *op;
  node->operands = {std::move(left), std::move(right)};
  return node;
}

// "!" applies to a parenthesised expression or to a test (a query or a function call).
ExprPtr Parser::not_expr() {
  auto node = make(Expr::Kind::not_, pos_++);
  skip_blanks();
  node->operands.push_back(peek() == '(' ? paren_expr() : to_logical(operand()));
  const std::size_t after = next_token_pos();
  if (comparison_op()) fail(after, "'!' negates a test, not a comparison operand (write '!(a == b)')");
  return node;
}

ExprPtr Parser::paren_expr() {
  ++pos_;
  skip_blanks();
  ExprPtr inner = to_logical(or_expr());
  skip_blanks();
  if (!eat(')')) fail(pos_, "expected ')', got " + describe_next());
  return inner;
}

// A literal, a query or a function call.
ExprPtr Parser::operand() {
  const std::size_t start = pos_;
  const char c = peek();
  if (c == '$' || c == '@') {
    ++pos_;
    auto node = make(Expr::Kind::query, start);
    node->query = query_after_identifier(c == '@');
    return node;
  }
  if (c == '\'' || c == '"') {
    auto node = make(Expr::Kind::literal, start);
    node->literal = string_literal();
    return node;
  }
  if (c == '-' || is_ascii_digit(c)) return number_literal();
  if (is_lower(c)) return word_operand();
  fail(pos_, "expected a literal, a query or a function call, got " + describe_next());
}

// true, false, null, or a function name followed by "(".
ExprPtr Parser::word_operand() {
  const std::size_t start = pos_;
  while (is_lower(peek()) || is_ascii_digit(peek()) || peek() == '_') ++pos_;
  const std::string word(text_.substr(start, pos_ - start));
  if (peek() == '(') {
    const FunctionDef* def = find_function(word);
    if (def == nullptr) fail(start, "unknown function '" + word + "'");
    return function_call(*def, start);
  }
  auto node = make(Expr::Kind::literal, start);
  if (word == "true" || word == "false") {
    node->literal = word == "true";
  } else if (word != "null") {
    fail(start, "unexpected '" + word + "' (a function call needs '(')");
  }
  return node;
}

// number = (int / "-0") [ frac ] [ exp ], which is JSON's number syntax.
ExprPtr Parser::number_literal() {
  const std::size_t start = pos_;
  eat('-');
  if (!is_ascii_digit(peek())) fail(pos_, "expected a digit, got " + describe_next());
  if (eat('0') && is_ascii_digit(peek())) fail(start, "a number cannot have leading zeros");
  while (is_ascii_digit(peek())) ++pos_;
  if (eat('.')) {
    if (!is_ascii_digit(peek())) fail(pos_, "expected a digit after '.', got " + describe_next());
    while (is_ascii_digit(peek())) ++pos_;
  }
  if (eat('e') || eat('E')) {
    if (!eat('+')) eat('-');
    if (!is_ascii_digit(peek())) fail(pos_, "expected a digit in the exponent, got " + describe_next());
    while (is_ascii_digit(peek())) ++pos_;
  }
  auto node = make(Expr::Kind::literal, start);
  try {
    node->literal = nlohmann::json::parse(text_.substr(start, pos_ - start));
  } catch (const nlohmann::json::exception&) {
    fail(start, "number out of range");
  }
  return node;
}

// function-expr = function-name "(" S [function-argument *(S "," S function-argument)] S ")"
ExprPtr Parser::function_call(const FunctionDef& def, std::size_t start) {
  auto node = make(Expr::Kind::function, start);
  node->function = &def;
  ++pos_;
  skip_blanks();
  if (peek() != ')') {
    do {
      skip_blanks();
      if (node->operands.size() == def.arity) fail(pos_, "too many arguments to " + name_of(*node));
      node->operands.push_back(argument(def, node->operands.size()));
    } while (eat_after_blanks(","));
  }
  skip_blanks();
  if (!eat(')')) fail(pos_, "expected ',' or ')', got " + describe_next());
  if (node->operands.size() != def.arity) {
    fail(start, name_of(*node) + " takes " + std::to_string(def.arity) + (def.arity == 1 ? " argument" : " arguments"));
  }
  const bool regex = def.name == "match" || def.name == "search";
  if (regex && node->operands[1]->kind == Expr::Kind::literal && node->operands[1]->literal.is_string()) {
    node->literal_pattern = true;  // compile once, now
    node->regex = IRegexp::compile(node->operands[1]->literal.get_ref<const std::string&>());
  }
  return node;
}

// Section 2.4.3: a ValueType parameter takes a literal, a singular query or a value-typed call;
// a NodesType parameter a query or a nodes-typed call; a LogicalType parameter any test.
ExprPtr Parser::argument(const FunctionDef& def, std::size_t index) {
  ExprPtr arg = or_expr();
  const Type type = def.params[index];
  const std::string which = "argument " + std::to_string(index + 1) + " of " + std::string(def.name) + "()";
  const bool call = arg->kind == Expr::Kind::function;
  if (type == Type::logical) return to_logical(arg);
  if (type == Type::nodes) {
    if (arg->kind == Expr::Kind::query || (call && arg->function->result == Type::nodes)) return arg;
    fail(arg->pos, which + " must be a query");
  }
  if (arg->kind == Expr::Kind::literal || (arg->kind == Expr::Kind::query && arg->query.singular()) ||
      (call && arg->function->result == Type::value)) {
    return arg;
  }
  fail(arg->pos, which + " must be a value: a literal, a singular query or a call returning a value");
}

std::optional<CompareOp> Parser::comparison_op() {
  static constexpr std::pair<std::string_view, CompareOp> k_ops[] = {
      {"==", CompareOp::eq}, {"!=", CompareOp::ne}, {"<=", CompareOp::le},
      {">=", CompareOp::ge}, {"<", CompareOp::lt},  {">", CompareOp::gt}};
  for (const auto& [text, op] : k_ops) {
    if (eat_after_blanks(text)) return op;
  }
  const std::size_t next = next_token_pos();
  if (next < text_.size() && text_[next] == '=') fail(next, "'=' is not an operator (equality is '==')");
  return std::nullopt;
}

// A test: a query (does it select anything?), a logical or nodes-typed call, or a logical node.
ExprPtr Parser::to_logical(ExprPtr e) const {
  switch (e->kind) {
    case Expr::Kind::literal: fail(e->pos, "a literal is not a test (compare it with '==' or another operator)");
    case Expr::Kind::function:
      if (e->function->result == Type::logical) return e;
      if (e->function->result == Type::value) {
        fail(e->pos, name_of(*e) + " returns a value, not a test (compare it with '==' or another operator)");
      }
      break;
    case Expr::Kind::query: break;
    default: return e;
  }
  auto node = make(Expr::Kind::test, e->pos);
  node->operands.push_back(std::move(e));
  return node;
}

// Comparison operands: literals, singular queries and value-typed calls.
void Parser::check_comparable(const Expr& e) const {
  if (e.kind == Expr::Kind::query && !e.query.singular()) {
    fail(e.pos, "only a singular query (names and indices only) can be compared");
  }
  if (e.kind == Expr::Kind::function && e.function->result != Type::value) {
    fail(e.pos, name_of(e) + " returns a " + (e.function->result == Type::logical ? "test" : "node list") +
                    ", which cannot be compared");
  }
}

}  // namespace sonde::flow::jsonpath
