#include "core/check/schema_compiler.hpp"

#include <algorithm>
#include <array>

#include "core/check/keyword_family.hpp"
#include "core/check/schema_index.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::check {

namespace {

// One line per keyword family; each family's file reads its own keywords.
constexpr std::array<detail::KeywordFamily, 8> k_families{{
    {"type", detail::compile_type},
    {"numeric", detail::compile_numeric},
    {"string", detail::compile_string},
    {"array", detail::compile_array},
    {"object", detail::compile_object},
    {"combinators", detail::compile_combinators},
    {"discriminator", detail::compile_discriminator},
    {"enum", detail::compile_enum},
}};

}  // namespace

Dialect dialect_from_version(std::string_view version) {
  return version.starts_with("3.1") || version.starts_with("3.2") ? Dialect::oas31 : Dialect::oas30;
}

RefResolver local_ref_resolver(const nlohmann::json& root) {
  return [&root](std::string_view ref, std::string_view from) -> Result<RefTarget> {
    if (!ref.starts_with("#")) {
      return fail(ErrorKind::invalid_input, "only local references are supported here: " + std::string(ref),
                  std::string(from));
    }
    auto tokens = json_pointer::split(ref.substr(1));
    if (!tokens) return fail(ErrorKind::invalid_input, "bad reference " + std::string(ref), std::string(from));
    const nlohmann::json* node = &root;
    for (const auto& token : *tokens) {
      node = json_pointer::step(*node, token);
      if (!node) return fail(ErrorKind::invalid_input, "unresolved reference " + std::string(ref), std::string(from));
    }
    return RefTarget{node, std::string(ref)};
  };
}

SchemaCompiler::SchemaCompiler(Dialect dialect, RefResolver resolver)
    : dialect_(dialect), resolver_(std::move(resolver)) {}

void SchemaCompiler::note_unknown_format(const std::string& name) {
  if (std::find(unknown_formats_.begin(), unknown_formats_.end(), name) == unknown_formats_.end()) {
    unknown_formats_.push_back(name);
  }
}

Result<const Node*> SchemaCompiler::compile_ref(std::string_view ref, std::string_view from) {
  auto target = resolver_(ref, from);
  if (!target) return std::unexpected(target.error());
  return compile(*target->node, target->pointer);
}

Result<const Node*> SchemaCompiler::compile(const nlohmann::json& schema, const std::string& pointer) {
  if (auto found = memo_.find(&schema); found != memo_.end()) return found->second;
  nodes_.push_back(std::make_unique<Node>());
  Node& node = *nodes_.back();
  node.pointer = pointer;
  memo_[&schema] = &node;  // before the keywords, so a $ref cycle finds this node
  if (index_ && dialect_ == Dialect::oas31) {
    if (auto r = attach_scope(schema, node); !r) return std::unexpected(r.error());
  }
  if (schema.is_boolean()) {
    node.always_false = !schema.get<bool>();
    return &node;
  }
  if (!schema.is_object()) {
    return fail(ErrorKind::invalid_input, "a schema must be an object or a boolean", pointer);
  }
  if (auto ref = schema.find("$ref"); ref != schema.end()) {
    if (!ref->is_string()) return detail::schema_error(node, "$ref", "must be a string");
    auto target = compile_ref(ref->get<std::string>(), pointer);
    if (!target) return target;
    node.ref = *target;
    if (dialect_ == Dialect::oas30) {
      // OpenAPI 3.0: siblings of $ref are ignored, except `nullable`, which authors put there
      // (and next to allOf) to make a referenced schema nullable.
      if (auto n = schema.find("nullable"); n != schema.end() && n->is_boolean()) node.nullable = n->get<bool>();
      return &node;
    }
  }
  if (schema.contains("$dynamicRef") && dialect_ == Dialect::oas31) {
    if (auto r = compile_dynamic_ref(schema, node); !r) return std::unexpected(r.error());
  }
  for (const auto& family : k_families) {
    if (auto r = family.compile(schema, node, *this); !r) return std::unexpected(r.error());
  }
  if (index_ && dialect_ == Dialect::oas31 && !index_->validation_vocabulary(&schema)) drop_validation_vocabulary(node);
  return &node;
}

void SchemaCompiler::drop_validation_vocabulary(Node& node) {
  // The metaschema leaves the validation vocabulary out: its keywords are annotations. The
  // applicators (properties, items, allOf, ...) stay.
  node.has_type = false;
  node.types = k_any;
  node.numeric.reset();
  node.const_value.reset();
  node.enum_values.reset();
  if (node.string) {
    node.string->min_length.reset();
    node.string->max_length.reset();
    node.string->pattern.reset();
  }
  if (ArrayKeywords* a = node.array.get()) {
    a->min_items.reset();
    a->max_items.reset();
    a->min_contains.reset();
    a->max_contains.reset();
    a->unique_items = false;
  }
  if (ObjectKeywords* o = node.object.get()) {
    for (auto& p : o->properties) p.required = false;
    o->required_count = 0;
    o->required_missing_from_properties.clear();
    o->min_properties.reset();
    o->max_properties.reset();
    o->dependent_required.clear();
  }
}

Result<void> SchemaCompiler::attach_scope(const nlohmann::json& schema, Node& node) {
  std::string uri = index_->resource_of(&schema);
  auto found = scopes_.find(uri);
  if (found == scopes_.end()) {
    auto anchors = index_->dynamic_anchors(uri);
    found = scopes_.emplace(uri, anchors.empty() ? nullptr : std::make_unique<DynamicScope>()).first;
    DynamicScope* scope = found->second.get();
    for (const auto& [name, target] : anchors) {
      auto compiled = compile(*target.node, target.pointer);  // its own attach_scope finds this scope
      if (!compiled) return std::unexpected(compiled.error());
      scope->anchors.emplace_back(name, *compiled);
    }
  }
  node.scope = found->second.get();
  return {};
}

Result<void> SchemaCompiler::compile_dynamic_ref(const nlohmann::json& schema, Node& node) {
  const auto& ref = schema["$dynamicRef"];
  if (!ref.is_string()) return detail::schema_error(node, "$dynamicRef", "must be a string");
  const auto& text = ref.get_ref<const std::string&>();
  auto target = resolver_(text, node.pointer);
  if (!target) return std::unexpected(target.error());
  auto compiled = compile(*target->node, target->pointer);
  if (!compiled) return std::unexpected(compiled.error());
  node.dynamic_ref = *compiled;
  // Dynamic only when the initial target declares the same $dynamicAnchor (the "bookend").
  auto hash = text.find('#');
  std::string name = hash == std::string::npos ? "" : text.substr(hash + 1);
  const nlohmann::json& at = *target->node;
  if (!name.empty() && name.front() != '/' && string_member(at, "$dynamicAnchor") == name) {
    node.dynamic_name = name;
  }
  return {};
}

}  // namespace sonde::check
