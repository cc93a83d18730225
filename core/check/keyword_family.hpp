#pragma once
/// Internal to core/check: the contract every keyword family file implements. compile_<family>
/// reads its keywords from a Schema Object into the node; validate_<family> checks an instance.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/check/json_tape.hpp"
#include "core/check/schema.hpp"
#include "core/check/schema_compiler.hpp"
#include "core/check/walker.hpp"

namespace sonde::check::detail {

using Json = nlohmann::json;

/// Keys evaluated at one instance location (for unevaluatedProperties): tape indices of keys.
using Evaluated = std::vector<std::uint32_t>;

using CompileFn = Result<void> (*)(const Json& schema, Node& node, SchemaCompiler& compiler);

struct KeywordFamily {
  const char* name;
  CompileFn compile;
};

Result<void> compile_type(const Json&, Node&, SchemaCompiler&);
Result<void> compile_numeric(const Json&, Node&, SchemaCompiler&);
Result<void> compile_string(const Json&, Node&, SchemaCompiler&);
Result<void> compile_array(const Json&, Node&, SchemaCompiler&);
Result<void> compile_object(const Json&, Node&, SchemaCompiler&);
Result<void> compile_combinators(const Json&, Node&, SchemaCompiler&);
Result<void> compile_discriminator(const Json&, Node&, SchemaCompiler&);
Result<void> compile_enum(const Json&, Node&, SchemaCompiler&);

/// Validation is a fixed sequence of presence-guarded calls (see validator.cpp) rather than a
/// table walk: it runs once per value of a body of millions of values.
bool validate_node(const Node&, JsonValue, Walker&, Evaluated*);
bool validate_type(const Node&, JsonValue, Walker&);
bool validate_numeric(const Node&, JsonValue, Walker&);
bool validate_string(const Node&, JsonValue, Walker&);
bool validate_array(const Node&, JsonValue, Walker&, Evaluated*);
/// unevaluatedItems, after every in-place applicator has recorded the items it evaluated.
bool check_unevaluated_items(const Node&, JsonValue, Walker&, Evaluated*);
bool validate_object(const Node&, JsonValue, Walker&, Evaluated*);
bool validate_combinators(const Node&, JsonValue, Walker&, Evaluated*);
/// True when the discriminator picked a branch (its verdict in `ok`); false: fall back to oneOf/anyOf.
bool validate_discriminator(const Node&, JsonValue, Walker&, Evaluated*, bool& ok);
bool validate_enum(const Node&, JsonValue, Walker&);
/// `required` of an object schema, with presence asked of `present` (readOnly/writeOnly aware);
/// `found_required` counts the required properties already seen (a shortcut when all were).
bool check_required(const Node& node, Walker& w, const std::function<bool(std::string_view)>& present,
                    std::size_t found_required = 0);

/// Exact comparison of a JSON number on the tape with a schema bound: <0, 0, >0.
int compare_number(JsonValue value, const Bound& bound);
/// Reads a schema number (int64, uint64 or double) into a Bound; false when not a number.
bool read_bound(const Json& j, Bound& out);
std::string bound_text(const Bound& b);
/// Deep equality of a tape value and a schema JSON value (numbers compared by value).
bool json_equal(JsonValue value, const Json& j);
/// Reads a non-negative integer keyword (minLength...); errors name the schema pointer.
Result<std::optional<std::uint64_t>> read_count(const Json& schema, const char* keyword, const Node& node);
/// `"name"` with quotes. (Built by append: GCC 12 -O2 warns falsely, -Wstringop-overflow, on
/// "\"" + std::string(x) + "\"".)
std::string quoted(std::string_view s);
/// "1 item", "2 items", "3 properties".
std::string counted(std::uint64_t n, std::string_view noun);
/// Builds an invalid-schema error at `node.pointer/keyword`.
std::unexpected<Error> schema_error(const Node& node, const char* keyword, const std::string& message);

}  // namespace sonde::check::detail
