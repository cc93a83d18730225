// const and enum, compared by JSON value (1 equals 1.0; integers exactly).
#include "core/check/keyword_family.hpp"

namespace sonde::check::detail {

Result<void> compile_enum(const Json& schema, Node& node, SchemaCompiler&) {
  if (auto c = schema.find("const"); c != schema.end()) node.const_value = *c;
  if (auto e = schema.find("enum"); e != schema.end()) {
    if (!e->is_array()) return schema_error(node, "enum", "must be an array");
    node.enum_values = std::vector<nlohmann::json>(e->begin(), e->end());
  }
  return {};
}

bool validate_enum(const Node& node, JsonValue value, Walker& w) {
  bool ok = true;
  if (node.const_value && !json_equal(value, *node.const_value)) {
    ok = w.fail(node, "const", node.const_value->dump(), value.dump(60));
    if (w.quick()) return false;
  }
  if (node.enum_values) {
    for (const auto& candidate : *node.enum_values) {
      if (json_equal(value, candidate)) return ok;
    }
    std::string list;
    for (const auto& candidate : *node.enum_values) {
      if (list.size() > 120) {
        list += ", ...";
        break;
      }
      list += (list.empty() ? "" : ", ") + candidate.dump();
    }
    ok = w.fail(node, "enum", "one of " + list, value.dump(60));
  }
  return ok;
}

}  // namespace sonde::check::detail
