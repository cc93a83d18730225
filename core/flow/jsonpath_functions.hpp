#pragma once
/// The function extensions of RFC 9535 section 2.4 (length, count, match, search, value) behind
/// one table, with the runtime values they take and return.
#include <array>
#include <cstddef>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/flow/jsonpath_ast.hpp"

namespace sonde::flow::jsonpath {

using Nodes = std::vector<const nlohmann::json*>;

/// A ValueType value: Nothing, a node of the document (or a literal of the query), or a value a
/// function computed.
using Value = std::variant<std::monostate, const nlohmann::json*, nlohmann::json>;

/// The JSON value held by `value`, or nullptr for Nothing.
const nlohmann::json* get(const Value& value);

/// An evaluated argument or result; the member that counts is the one its declared Type names.
struct Typed {
  Value value;
  Nodes nodes;
  bool logical = false;
};

/// One function extension: its name, parameter types and result type (for well-typedness,
/// RFC 9535 section 2.4.3) and its implementation.
struct FunctionDef {
  std::string_view name;
  std::array<Type, 2> params;
  std::size_t arity;
  Type result;
  Typed (*call)(const Expr& call, const std::vector<Typed>& args);
};

/// The function called `name`, or nullptr when RFC 9535 defines none.
const FunctionDef* find_function(std::string_view name);

}  // namespace sonde::flow::jsonpath
