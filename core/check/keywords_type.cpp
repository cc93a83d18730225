// type (string or, in 3.1, an array of names) and 3.0's nullable.
#include <array>
#include <cmath>

#include "core/check/keyword_family.hpp"

namespace sonde::check::detail {

namespace {

constexpr std::array<std::pair<const char*, std::uint8_t>, 7> k_type_names{{
    {"null", k_null}, {"boolean", k_boolean}, {"integer", k_integer}, {"number", k_number},
    {"string", k_string}, {"array", k_array}, {"object", k_object},
}};

std::uint8_t bit_of(const std::string& name) {
  for (const auto& [n, bit] : k_type_names) {
    if (name == n) return bit;
  }
  return 0;
}

std::string expected_text(std::uint8_t types) {
  std::string out;
  for (const auto& [n, bit] : k_type_names) {
    if (types & bit) out += (out.empty() ? "" : " or ") + std::string(n);
  }
  return out;
}

bool matches(std::uint8_t types, JsonValue value) {
  switch (value.type()) {
    case JsonType::null: return types & k_null;
    case JsonType::boolean: return types & k_boolean;
    case JsonType::integer: return types & (k_integer | k_number);
    case JsonType::number: {
      if (types & k_number) return true;
      // JSON Schema: a number with a zero fractional part (1.0) is an integer.
      double d = value.entry().d;
      return (types & k_integer) && std::isfinite(d) && std::floor(d) == d;
    }
    case JsonType::string: return types & k_string;
    case JsonType::array: return types & k_array;
    case JsonType::object: return types & k_object;
  }
  return false;
}

}  // namespace

Result<void> compile_type(const Json& schema, Node& node, SchemaCompiler& compiler) {
  if (compiler.dialect() == Dialect::oas30) {
    if (auto n = schema.find("nullable"); n != schema.end() && n->is_boolean()) node.nullable = n->get<bool>();
  }
  if (auto r = schema.find("readOnly"); r != schema.end() && r->is_boolean()) node.read_only = r->get<bool>();
  if (auto w = schema.find("writeOnly"); w != schema.end() && w->is_boolean()) node.write_only = w->get<bool>();
  auto it = schema.find("type");
  if (it == schema.end()) return {};
  std::uint8_t types = 0;
  if (it->is_string()) {
    types = bit_of(it->get<std::string>());
    if (!types) return schema_error(node, "type", "has an unknown type name \"" + it->get<std::string>() + "\"");
  } else if (it->is_array()) {
    for (const auto& t : *it) {
      std::uint8_t bit = t.is_string() ? bit_of(t.get<std::string>()) : 0;
      if (!bit) return schema_error(node, "type", "has an unknown type name " + t.dump());
      types |= bit;
    }
  } else {
    return schema_error(node, "type", "must be a string or an array of strings");
  }
  node.types = types;
  node.has_type = true;
  return {};
}

bool validate_type(const Node& node, JsonValue value, Walker& w) {
  if (matches(node.types, value)) return true;
  return w.fail(node, "type", expected_text(node.types), value.dump(40) + " (" + std::string(type_name(value.type())) + ")");
}

}  // namespace sonde::check::detail
