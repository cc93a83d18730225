// properties, required (minus readOnly in requests and writeOnly in responses), patternProperties,
// additionalProperties, unevaluatedProperties, propertyNames, min/maxProperties, dependentRequired.
#include <algorithm>
#include <bit>
#include <functional>

#include "core/check/keyword_family.hpp"
#include "core/check/regex_search.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::check::detail {

namespace {

Result<const Node*> compile_optional(const Json& schema, const char* keyword, Node& node, SchemaCompiler& compiler,
                                     bool& is_false) {
  auto it = schema.find(keyword);
  if (it == schema.end()) return nullptr;
  if (it->is_boolean()) {
    is_false = !it->get<bool>();
    return nullptr;
  }
  return compiler.compile(*it, json_pointer::append(node.pointer, keyword));
}

// readOnly/writeOnly may sit on the property schema or on the schema it references.
bool flagged(const Node* n, bool Node::*flag) {
  for (int hops = 0; n && hops < 16; ++hops, n = n->ref) {
    if (n->*flag) return true;
  }
  return false;
}

Result<void> compile_members(const Json& schema, ObjectKeywords& k, Node& node, SchemaCompiler& compiler) {
  if (auto props = schema.find("properties"); props != schema.end()) {
    if (!props->is_object()) return schema_error(node, "properties", "must be an object");
    std::string base = json_pointer::append(node.pointer, "properties");
    for (const auto& [name, sub] : props->items()) {
      auto compiled = compiler.compile(sub, json_pointer::append(base, name));
      if (!compiled) return std::unexpected(compiled.error());
      k.properties.push_back({name, *compiled, false});
    }
  }
  if (auto req = schema.find("required"); req != schema.end()) {
    if (!req->is_array()) return schema_error(node, "required", "must be an array of names");
    for (const auto& name : *req) {
      if (!name.is_string()) return schema_error(node, "required", "must be an array of names");
      auto found = std::find_if(k.properties.begin(), k.properties.end(),
                                [&](const auto& p) { return p.name == name.get<std::string>(); });
      if (found == k.properties.end()) {
        k.required_missing_from_properties.push_back(name.get<std::string>());
      } else if (!found->required) {
        found->required = true;
        ++k.required_count;
      }
    }
  }
  std::vector<std::string_view> names;
  for (const auto& p : k.properties) names.push_back(p.name);
  k.index.build(names);
  if (auto pp = schema.find("patternProperties"); pp != schema.end() && pp->is_object()) {
    std::string base = json_pointer::append(node.pointer, "patternProperties");
    for (const auto& [pattern, sub] : pp->items()) {
      auto compiled = compiler.compile(sub, json_pointer::append(base, pattern));
      if (!compiled) return std::unexpected(compiled.error());
      auto re = EcmaPattern::compile(pattern);
      if (!re) {
        return schema_error(node, "patternProperties",
                            "has an invalid regular expression: " + pattern + " (" + re.error().message + ")");
      }
      k.pattern_properties.emplace_back(std::move(*re), *compiled);
    }
  }
  return {};
}

}  // namespace

Result<void> compile_object(const Json& schema, Node& node, SchemaCompiler& compiler) {
  static constexpr const char* k_keywords[] = {"properties", "required", "patternProperties", "additionalProperties",
                                               "unevaluatedProperties", "propertyNames", "minProperties",
                                               "maxProperties", "dependentRequired"};
  if (std::none_of(std::begin(k_keywords), std::end(k_keywords), [&](const char* kw) { return schema.contains(kw); })) {
    return {};
  }
  node.object = std::make_unique<ObjectKeywords>();  // in place: the index points into its strings
  ObjectKeywords& k = *node.object;
  if (auto r = compile_members(schema, k, node, compiler); !r) return r;
  auto additional = compile_optional(schema, "additionalProperties", node, compiler, k.additional_false);
  if (!additional) return std::unexpected(additional.error());
  k.additional = *additional;
  if (auto a = schema.find("additionalProperties"); a != schema.end() && a->is_boolean()) k.additional_true = a->get<bool>();
  if (auto u = schema.find("unevaluatedProperties"); u != schema.end() && u->is_boolean() && u->get<bool>()) {
    // `true` checks nothing but still marks every member evaluated for an enclosing unevaluatedProperties.
    auto always = compiler.compile(*u, json_pointer::append(node.pointer, "unevaluatedProperties"));
    if (!always) return std::unexpected(always.error());
    k.unevaluated = *always;
  }
  auto unevaluated = compile_optional(schema, "unevaluatedProperties", node, compiler, k.unevaluated_false);
  if (!unevaluated) return std::unexpected(unevaluated.error());
  if (*unevaluated) k.unevaluated = *unevaluated;
  bool names_false = false;
  auto names = compile_optional(schema, "propertyNames", node, compiler, names_false);
  if (!names) return std::unexpected(names.error());
  k.property_names = *names;
  auto min = read_count(schema, "minProperties", node);
  if (!min) return std::unexpected(min.error());
  auto max = read_count(schema, "maxProperties", node);
  if (!max) return std::unexpected(max.error());
  k.min_properties = *min;
  k.max_properties = names_false ? std::optional<std::uint64_t>{0} : *max;
  if (auto dr = schema.find("dependentRequired"); dr != schema.end() && dr->is_object()) {
    for (const auto& [name, list] : dr->items()) {
      std::vector<std::string> needed;
      for (const auto& n : list) {
        if (n.is_string()) needed.push_back(n.get<std::string>());
      }
      k.dependent_required.emplace_back(name, std::move(needed));
    }
  }
  return {};
}

namespace {

bool check_unevaluated(const Node& node, JsonValue value, Walker& w, Evaluated* evaluated) {
  const ObjectKeywords& k = *node.object;
  bool ok = true;
  // Sorted once, so objects with very many members stay O(n log n).
  std::sort(evaluated->begin(), evaluated->end());
  JsonValue key = value.first_child();
  for (std::size_t i = 0; i < value.size(); ++i) {
    JsonValue member = key.next_sibling();
    if (!std::binary_search(evaluated->begin(), evaluated->end(), key.index())) {
      w.push_key(key.text());
      if (k.unevaluated_false) {
        ok = w.fail(node, "unevaluatedProperties", "no property not covered by the schema", quoted(key.text()));
      } else {
        ok = validate_node(*k.unevaluated, member, w, nullptr) && ok;
      }
      w.pop();
      if (!ok && w.quick()) return false;
    }
    key = member.next_sibling();
  }
  // unevaluatedProperties evaluates every remaining member, for an enclosing schema's own check.
  JsonValue k2 = value.first_child();
  for (std::size_t i = 0; i < value.size(); ++i, k2 = k2.next_sibling().next_sibling()) evaluated->push_back(k2.index());
  return ok;
}

}  // namespace

bool check_required(const Node& node, Walker& w, const std::function<bool(std::string_view)>& present,
                    std::size_t found_required) {
  const ObjectKeywords& k = *node.object;
  bool ok = true;
  bool request = w.options().direction == Direction::request;
  auto missing = [&](const std::string& name) {  // the pointer is built only for a violation
    ok = w.fail_at(json_pointer::append(node.pointer, "required"), "required", "property \"" + name + "\"", "missing");
  };
  if (found_required < k.required_count) {
    for (const auto& p : k.properties) {
      if (!p.required || present(p.name)) continue;
      // OpenAPI: readOnly properties are only sent in responses, writeOnly ones only in requests.
      if (request ? flagged(p.schema, &Node::read_only) : flagged(p.schema, &Node::write_only)) continue;
      missing(p.name);
      if (w.quick()) return false;
    }
  }
  for (const auto& name : k.required_missing_from_properties) {
    if (!present(name)) missing(name);
    if (!ok && w.quick()) return false;
  }
  return ok;
}

bool validate_object(const Node& node, JsonValue value, Walker& w, Evaluated* evaluated) {
  if (value.type() != JsonType::object) return true;
  const ObjectKeywords& k = *node.object;
  bool ok = true;
  auto note = [&](bool passed) {
    ok = ok && passed;
    return ok || !w.quick();
  };
  std::size_t n = value.size();
  if (k.min_properties && n < *k.min_properties &&
      !note(w.fail(node, "minProperties", "at least " + counted(*k.min_properties, "property"), std::to_string(n)))) {
    return false;
  }
  if (k.max_properties && n > *k.max_properties &&
      !note(w.fail(node, "maxProperties", "at most " + counted(*k.max_properties, "property"), std::to_string(n)))) {
    return false;
  }
  // The required properties seen, a bit each (a name given twice counts once); past 64
  // properties check_required looks each one up instead.
  const bool by_bits = k.properties.size() <= 64;
  std::uint64_t required_seen = 0;
  JsonValue key = value.first_child();
  for (std::size_t i = 0; i < n; ++i) {
    JsonValue member = key.next_sibling();
    std::string_view name = key.text();
    w.push_key(name);
    bool matched = false;
    if (int found = k.index.find(name); found >= 0) {
      const auto& p = k.properties[static_cast<std::size_t>(found)];
      if (by_bits && p.required) required_seen |= std::uint64_t{1} << found;
      matched = true;
      note(validate_node(*p.schema, member, w, nullptr));
    }
    for (const auto& [re, sub] : k.pattern_properties) {
      PatternMatch found = re.search(name, &w.budget()->pattern_steps);
      if (found == PatternMatch::match) {
        matched = true;
        note(validate_node(*sub, member, w, nullptr));
      } else if (found == PatternMatch::too_long) {
        w.note_unchecked_pattern();
      } else if (found == PatternMatch::too_costly) {
        note(w.fail(node, "patternProperties", "a property name tested against /" + re.source() + "/",
                    quoted(name) + " (" + too_costly_words() + ")"));
      }
    }
    if (!matched && k.additional_false) {
      note(w.fail(node, "additionalProperties", "no property outside properties", quoted(name)));
    } else if (!matched && k.additional) {
      matched = true;
      note(validate_node(*k.additional, member, w, nullptr));
    } else if (!matched && k.additional_true) {
      matched = true;
    }
    if (k.property_names) note(validate_node(*k.property_names, key, w, nullptr));
    w.pop();
    if (matched && evaluated) evaluated->push_back(key.index());
    if (!ok && w.quick()) return false;
    key = member.next_sibling();
  }
  const auto found_required = static_cast<std::size_t>(std::popcount(required_seen));
  if ((k.required_count || !k.required_missing_from_properties.empty()) &&
      !note(check_required(node, w, [&](std::string_view name) { JsonValue found{nullptr, 0}; return value.find(name, found); },
                           found_required))) {
    return false;
  }
  for (const auto& [name, needed] : k.dependent_required) {
    JsonValue ignored{nullptr, 0};
    if (!value.find(name, ignored)) continue;
    for (const auto& other : needed) {
      if (!value.find(other, ignored) &&
          !note(w.fail(node, "dependentRequired", "property \"" + other + "\" (because \"" + name + "\" is present)", "missing"))) {
        return false;
      }
    }
  }
  if ((k.unevaluated || k.unevaluated_false) && evaluated) note(check_unevaluated(node, value, w, evaluated));
  return ok;
}

}  // namespace sonde::check::detail
