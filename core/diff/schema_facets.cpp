#include "core/diff/schema_facets.hpp"

#include <array>

#include "core/util/json_fields.hpp"

namespace sonde::diff {

namespace {

using openapi::Document;
using openapi::Node;

constexpr std::array<std::string_view, 13> k_constraints{
    "maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "minimum", "exclusiveMinimum",
    "minLength", "minItems", "minProperties", "pattern", "multipleOf", "uniqueItems"};

void merge(const Document& doc, const Node& node, Facets& f, int depth) {
  if (!node || !node->is_object() || depth > 16) return;
  const auto& s = *node;
  if (auto t = s.find("type"); t != s.end()) {
    if (t->is_string()) {
      if (*t == "null") f.nullable = true;
      else f.types.insert(t->get<std::string>());
    } else if (t->is_array()) {
      for (const auto& v : *t) {
        if (!v.is_string()) continue;
        if (v == "null") f.nullable = true;
        else f.types.insert(v.get<std::string>());
      }
    }
  }
  if (auto v = s.find("format"); v != s.end() && v->is_string()) f.format = v->get<std::string>();
  if (auto v = s.find("nullable"); v != s.end() && v->is_boolean() && v->get<bool>()) f.nullable = true;
  if (auto v = s.find("readOnly"); v != s.end() && v->is_boolean() && v->get<bool>()) f.read_only = true;
  if (auto v = s.find("writeOnly"); v != s.end() && v->is_boolean() && v->get<bool>()) f.write_only = true;
  if (auto v = s.find("deprecated"); v != s.end() && v->is_boolean() && v->get<bool>()) f.deprecated = true;
  if (auto v = s.find("default"); v != s.end()) f.default_value = &*v;
  if (auto v = s.find("enum"); v != s.end() && v->is_array()) {
    f.enum_values = &*v;
  } else if (auto x = s.find("x-extensible-enum"); x != s.end() && x->is_array()) {
    f.enum_values = &*x;  // Zalando's convention: the list so far, more values may come
    f.extensible_enum = true;
  }
  if (Node props = Document::child(node, "properties"); props && props->is_object()) {
    for (auto it = props->begin(); it != props->end(); ++it) f.properties[std::string(it.key())] = Document::child(props, it.key());
  }
  if (auto v = s.find("required"); v != s.end() && v->is_array()) {
    for (const auto& r : *v)
      if (r.is_string()) f.required.insert(r.get<std::string>());
  }
  if (Node items = Document::child(node, "items"); items && items->is_object()) f.items = items;
  if (auto v = s.find("additionalProperties"); v != s.end()) {
    if (v->is_boolean()) f.closed = !v->get<bool>();
    else if (v->is_object()) f.additional = Document::child(node, "additionalProperties");
  }
  for (auto key : k_constraints) {
    if (auto v = s.find(key); v != s.end() && !v->is_boolean()) f.constraints[std::string(key)] = v->to_json();
  }
  if (Node all = Document::child(node, "allOf"); all && all->is_array()) {
    for (std::size_t i = 0; i < all->size(); ++i) {
      auto member = doc.resolve_child(all, std::to_string(i));
      if (member) merge(doc, *member, f, depth + 1);
    }
  }
  for (const char* key : {"oneOf", "anyOf"}) {
    Node list = Document::child(node, key);
    if (!list || !list->is_array()) continue;
    for (std::size_t i = 0; i < list->size(); ++i) f.alternatives.push_back(Document::child(list, std::to_string(i)));
  }
}

bool only_alternatives(const Facets& f) {
  return f.types.empty() && f.properties.empty() && !f.items && !f.enum_values && f.alternatives.size() == 1;
}

}  // namespace

Facets facets_of(const Document& doc, const Node& node) {
  Facets f;
  f.self = node;
  merge(doc, node, f, 0);
  // `anyOf: [X]` (often with nullable) means X: compare it as X so wrapping is not a change.
  for (int guard = 0; guard < 8 && only_alternatives(f); ++guard) {
    auto inner = doc.resolve(f.alternatives.front());
    if (!inner || !*inner) break;
    Facets merged;
    merged.self = node;
    merge(doc, *inner, merged, 0);
    merged.nullable = merged.nullable || f.nullable;
    f = std::move(merged);
  }
  // A null alternative (`anyOf: [X, {type: null}]`, 3.1 style) is nullability, not an alternative.
  std::erase_if(f.alternatives, [&](const Node& alt) {
    auto r = doc.resolve(alt);
    bool null_only = r && *r && (*r)->is_object() && (*r)->size() == 1 && string_member(**r, "type") == "null";
    if (null_only) f.nullable = true;
    return null_only;
  });
  return f;
}

std::string alternative_kind(const Document& doc, const Node& node) {
  auto resolved = doc.resolve(node);
  if (!resolved || !*resolved) return "?";
  Facets f = facets_of(doc, *resolved);
  if (f.types.empty()) return f.properties.empty() ? "any" : "object";
  std::string out;
  for (const auto& t : f.types) out += (out.empty() ? "" : "|") + t;
  return out;
}

std::string alternative_name(const Document& doc, const Node& node) {
  if (node && node->is_object()) {
    auto ref = node->find("$ref");
    if (ref != node->end() && ref->is_string()) {
      std::string r = ref->get<std::string>();
      return r.substr(r.rfind('/') + 1);
    }
  }
  std::string out = alternative_kind(doc, node);
  auto resolved = doc.resolve(node);
  if (resolved && *resolved) {
    Facets f = facets_of(doc, *resolved);
    if (f.enum_values && f.enum_values->size() <= 3) out += " " + f.enum_values->dump();
  }
  return out;
}

}  // namespace sonde::diff
