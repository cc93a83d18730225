// OpenAPI's discriminator: the value of `propertyName` picks the schema to validate against,
// through `mapping` or, without one, by matching the names of the $ref'd oneOf/anyOf branches.
// A stock JSON Schema validator ignores it and fails overlapping oneOf branches; here only the
// chosen branch is checked.
#include <algorithm>

#include "core/check/keyword_family.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::check::detail {

namespace {

std::string last_segment(std::string_view ref) {
  auto slash = ref.rfind('/');
  return std::string(slash == std::string_view::npos ? ref : ref.substr(slash + 1));
}

}  // namespace

Result<void> compile_discriminator(const Json& schema, Node& node, SchemaCompiler& compiler) {
  auto it = schema.find("discriminator");
  if (it == schema.end()) return {};
  if (!it->is_object() || !it->contains("propertyName") || !(*it)["propertyName"].is_string()) {
    return schema_error(node, "discriminator", "must be an object with a string propertyName");
  }
  DiscriminatorKeywords k;
  k.property = (*it)["propertyName"].get<std::string>();
  std::string at = json_pointer::append(node.pointer, "discriminator");
  if (auto mapping = it->find("mapping"); mapping != it->end() && mapping->is_object()) {
    for (const auto& [value, target] : mapping->items()) {
      if (!target.is_string()) return schema_error(node, "discriminator", "mapping values must be strings");
      std::string ref = target.get<std::string>();
      // A bare name is shorthand for a component schema.
      if (ref.find('/') == std::string::npos && !ref.starts_with("#")) ref = "#/components/schemas/" + ref;
      auto compiled = compiler.compile_ref(ref, json_pointer::append(at, "mapping"));
      if (!compiled) return std::unexpected(compiled.error());
      k.mapping.emplace_back(value, *compiled);
    }
  }
  for (const char* keyword : {"oneOf", "anyOf"}) {
    auto branches = schema.find(keyword);
    if (branches == schema.end() || !branches->is_array()) continue;
    std::string base = json_pointer::append(node.pointer, keyword);
    for (std::size_t i = 0; i < branches->size(); ++i) {
      const Json& b = (*branches)[i];
      if (!b.is_object() || !b.contains("$ref") || !b["$ref"].is_string()) continue;
      std::string name = last_segment(b["$ref"].get<std::string>());
      bool explicit_entry = std::any_of(k.mapping.begin(), k.mapping.end(), [&](const auto& m) { return m.first == name; });
      if (explicit_entry) continue;
      auto compiled = compiler.compile(b, base + "/" + std::to_string(i));
      if (!compiled) return std::unexpected(compiled.error());
      k.mapping.emplace_back(name, *compiled);
    }
  }
  node.discriminator = std::make_unique<DiscriminatorKeywords>(std::move(k));
  return {};
}

bool validate_discriminator(const Node& node, JsonValue value, Walker& w, Evaluated* evaluated, bool& ok) {
  if (value.type() != JsonType::object) return false;
  const DiscriminatorKeywords& k = *node.discriminator;
  bool has_branches = node.combinators && (!node.combinators->one_of.empty() || !node.combinators->any_of.empty());
  JsonValue tag{nullptr, 0};
  if (!value.find(k.property, tag)) {
    if (!has_branches) return false;
    ok = w.fail(node, "discriminator", "property \"" + k.property + "\" naming the schema", "missing");
    return true;
  }
  auto found = tag.type() != JsonType::string
                   ? k.mapping.end()
                   : std::find_if(k.mapping.begin(), k.mapping.end(), [&](const auto& m) { return m.first == tag.text(); });
  if (found == k.mapping.end()) {
    if (!has_branches && k.mapping.empty()) return false;
    std::string names;
    for (const auto& m : k.mapping) names += (names.empty() ? "" : ", ") + m.first;
    w.push_key(k.property);
    ok = w.fail(node, "discriminator", "one of " + names, tag.dump(60));
    w.pop();
    return true;
  }
  // Inheritance through allOf comes back to this node from the chosen schema: check it once.
  std::pair<const Node*, std::uint32_t> key{found->second, value.index()};
  if (std::find(w.dispatching.begin(), w.dispatching.end(), key) != w.dispatching.end()) return false;
  if (found->second == &node) return false;
  w.dispatching.push_back(key);
  ok = validate_node(*found->second, value, w, evaluated);
  w.dispatching.pop_back();
  return true;
}

}  // namespace sonde::check::detail
