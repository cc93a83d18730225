#include "core/check/generate/boundaries.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/check/generate/pattern_strings.hpp"
#include "core/check/generate/schema_keywords.hpp"
#include "core/openapi/instance_generator.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::check::generate {

namespace {

using nlohmann::json;
using namespace keywords;

constexpr int k_max_edge_depth = 3;
constexpr std::size_t k_max_string = 4096;  // longer maxLength edges are not sent
constexpr std::size_t k_max_items = 50;

json number_json(double v, bool integer) {
  if (integer && std::fabs(v) < 9e15) return json(static_cast<std::int64_t>(v));
  return json(v);
}

std::string number_text(double v) {
  return std::floor(v) == v && std::fabs(v) < 9e15 ? std::to_string(static_cast<std::int64_t>(v)) : json(v).dump();
}

bool has(const std::vector<std::string>& types, const char* t) { return std::find(types.begin(), types.end(), t) != types.end(); }

// Places a variant of a child value into a copy of its parent, with the child's place in the label.
Variant nested(const json& parent, const std::string& key, Variant child) {
  json copy = parent;
  if (copy.is_array()) copy[std::stoul(key)] = std::move(child.value);
  else copy[key] = std::move(child.value);
  std::string label = "/" + json_pointer::escape(key);
  label += child.label.starts_with("/") ? child.label : " " + child.label;
  return {std::move(copy), std::move(label)};
}

}  // namespace

std::string shown(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

json Boundaries::minimal(const openapi::Node& schema, bool all_optional) {
  return openapi::InstanceGenerator(doc_, {.include_optional = all_optional, .for_response = false, .pattern_string = fixed_string_matching}).generate(schema);
}

std::vector<Variant> Boundaries::positive(const openapi::Node& schema, const json& baseline) {
  std::vector<Variant> out;
  positive_at(schema, baseline, 0, out);
  // Two variants that send the same value test the same thing.
  std::vector<Variant> unique;
  for (auto& v : out) {
    if (v.value == baseline) continue;
    if (std::none_of(unique.begin(), unique.end(), [&](const Variant& u) { return u.value == v.value; })) unique.push_back(std::move(v));
  }
  return unique;
}

std::vector<Variant> Boundaries::negative(const openapi::Node& schema, const json& baseline) {
  std::vector<Variant> out;
  negative_at(schema, baseline, 0, out);
  return out;
}

void Boundaries::positive_at(const openapi::Node& node, const json& baseline, int depth, std::vector<Variant>& out) {
  auto resolved = doc_.resolve(node);
  if (!resolved || !resolved->value || !resolved->value->is_object() || depth > k_max_edge_depth) return;
  const openapi::Node& schema = *resolved;
  const json& s = doc_.json(*schema.value);
  if (const auto* e = member(s, "enum"); e && e->is_array()) {
    for (const auto& v : *e) out.push_back({v, "= " + shown(v) + " (enum value)"});
    return;
  }
  for (const char* key : {"oneOf", "anyOf"}) {
    auto branches = openapi::Document::child(schema, key);
    if (!branches || !branches->is_array()) continue;
    for (std::size_t i = 0; i < branches->size(); ++i) {
      json v = minimal(openapi::Document::child(branches, std::to_string(i)));
      out.push_back({v, "= " + shown(v) + " (" + key + " branch " + std::to_string(i + 1) + ")"});
    }
  }
  auto t = types(s);
  if (has(t, "null")) out.push_back({json(nullptr), "= null (nullable)"});
  bool integer = has(t, "integer");
  if (integer || has(t, "number")) {
    auto b = bounds(s);
    if (b.min) {
      double v = b.min_exclusive ? (integer ? std::floor(*b.min) + 1 : *b.min + 0.5) : *b.min;
      out.push_back({number_json(v, integer), "= " + number_text(v) + " (minimum)"});
    }
    if (b.max) {
      double v = b.max_exclusive ? (integer ? std::ceil(*b.max) - 1 : *b.max - 0.5) : *b.max;
      out.push_back({number_json(v, integer), "= " + number_text(v) + " (maximum)"});
    }
  }
  if (has(t, "string") && text(s, "pattern").empty() && text(s, "format").empty()) {
    std::size_t min = count(s, "minLength").value_or(0);
    out.push_back({json(std::string(min, 'a')), "of " + std::to_string(min) + " characters (minLength)"});
    if (auto max = count(s, "maxLength"); max && *max <= k_max_string) {
      out.push_back({json(std::string(*max, 'a')), "of " + std::to_string(*max) + " characters (maxLength)"});
    }
  }
  if (has(t, "boolean") && baseline.is_boolean()) out.push_back({json(!baseline.get<bool>()), "= " + shown(!baseline.get<bool>())});
  if (has(t, "array") || (t.empty() && member(s, "items"))) {
    auto items = openapi::Document::child(schema, "items");
    json item = items ? minimal(items) : json(1);
    for (const char* key : {"minItems", "maxItems"}) {
      auto n = count(s, key);
      if (!n || *n > k_max_items || (flag(s, "uniqueItems") && *n > 1)) continue;
      out.push_back({json(std::vector<json>(*n, item)), "with " + std::to_string(*n) + " items (" + key + ")"});
    }
    if (baseline.is_array() && !baseline.empty() && items) {
      std::vector<Variant> inner;
      positive_at(items, baseline[0], depth + 1, inner);
      for (auto& v : inner) out.push_back(nested(baseline, "0", std::move(v)));
    }
  }
  if ((has(t, "object") || (t.empty() && member(s, "properties"))) && baseline.is_object()) {
    auto props = openapi::Document::child(schema, "properties");
    if (!props || !props->is_object()) return;
    for (const auto& prop_entry : props->items()) {
      const std::string name(prop_entry.key());
      auto child = openapi::Document::child(props, name);
      auto child_schema = doc_.resolve(child);
      if (child_schema && child_schema->value && flag(doc_.json(**child_schema), "readOnly")) continue;
      if (!baseline.contains(name)) {
        json with = baseline;
        with[name] = minimal(child);
        out.push_back({with, "with optional " + name});
        continue;
      }
      std::vector<Variant> inner;
      positive_at(child, baseline[name], depth + 1, inner);
      for (auto& v : inner) out.push_back(nested(baseline, name, std::move(v)));
    }
    json full = minimal(schema, true);
    if (full != baseline) out.push_back({full, "with every optional property"});
  }
}

void Boundaries::negative_at(const openapi::Node& node, const json& baseline, int depth, std::vector<Variant>& out) {
  auto resolved = doc_.resolve(node);
  if (!resolved || !resolved->value || !resolved->value->is_object() || depth > k_max_edge_depth) return;
  const openapi::Node& schema = *resolved;
  const json& s = doc_.json(*schema.value);
  auto t = types(s);
  std::set<std::string> declared(t.begin(), t.end());
  declared.erase("null");
  if (declared.size() == 1) {
    const std::string& type = *declared.begin();
    json wrong = type == "string" ? json(12345) : type == "boolean" ? json("not-a-boolean")
                 : type == "array" ? json("not-an-array") : type == "object" ? json("not-an-object") : json("not-a-number");
    out.push_back({wrong, "= " + shown(wrong) + " (not " + type + ")"});
    if (type == "integer") out.push_back({json(1.5), "= 1.5 (not integer)"});
    if (!has(t, "null")) out.push_back({json(nullptr), "= null (not nullable)"});
  }
  if (const auto* e = member(s, "enum"); e && e->is_array() && !e->empty()) {
    bool strings = std::all_of(e->begin(), e->end(), [](const json& v) { return v.is_string(); });
    if (strings) out.push_back({json("not-in-enum"), "= \"not-in-enum\" (not an enum value)"});
    return;
  }
  bool integer = declared.count("integer") > 0;
  if (integer || declared.count("number")) {
    auto b = bounds(s);
    if (b.min) {
      double v = b.min_exclusive ? *b.min : (integer ? *b.min - 1 : *b.min - 0.5);
      out.push_back({number_json(v, integer), "= " + number_text(v) + " (below minimum " + number_text(*b.min) + ")"});
    }
    if (b.max) {
      double v = b.max_exclusive ? *b.max : (integer ? *b.max + 1 : *b.max + 0.5);
      out.push_back({number_json(v, integer), "= " + number_text(v) + " (above maximum " + number_text(*b.max) + ")"});
    }
  }
  if (declared.count("string")) {
    std::size_t min = count(s, "minLength").value_or(0);
    if (min > 0 && min <= k_max_string) {
      out.push_back({json(std::string(min - 1, 'a')), "of " + std::to_string(min - 1) + " characters (minLength " + std::to_string(min) + ")"});
    }
    if (auto max = count(s, "maxLength"); max && *max < k_max_string) {
      out.push_back({json(std::string(*max + 1, 'a')), "of " + std::to_string(*max + 1) + " characters (maxLength " + std::to_string(*max) + ")"});
    }
    if (auto pattern = text(s, "pattern"); !pattern.empty()) {
      std::string v = "~!~";
      if (v.size() < min) v.append(min - v.size(), '~');
      out.push_back({json(v), "= " + shown(json(v)) + " (does not match pattern " + pattern + ")"});
    }
    static const std::set<std::string> formats = {"date", "date-time", "time", "uuid", "email", "ipv4", "ipv6", "uri"};
    if (auto format = text(s, "format"); formats.count(format)) {
      json v = "not-a-" + format;
      out.push_back({v, "= " + shown(v) + " (not a " + format + ")"});
    }
  }
  if (declared.count("array") || (t.empty() && member(s, "items"))) {
    auto items = openapi::Document::child(schema, "items");
    json item = items ? minimal(items) : json(1);
    if (auto min = count(s, "minItems"); min && *min > 0 && *min <= k_max_items) {
      out.push_back({json(std::vector<json>(*min - 1, item)), "with " + std::to_string(*min - 1) + " items (minItems " + std::to_string(*min) + ")"});
    }
    if (auto max = count(s, "maxItems"); max && *max < k_max_items && !flag(s, "uniqueItems")) {
      out.push_back({json(std::vector<json>(*max + 1, item)), "with " + std::to_string(*max + 1) + " items (maxItems " + std::to_string(*max) + ")"});
    }
    if (baseline.is_array() && !baseline.empty() && items) {
      std::vector<Variant> inner;
      negative_at(items, baseline[0], depth + 1, inner);
      for (auto& v : inner) out.push_back(nested(baseline, "0", std::move(v)));
    }
  }
  if ((declared.count("object") || (t.empty() && member(s, "properties"))) && baseline.is_object()) {
    auto props = openapi::Document::child(schema, "properties");
    auto read_only = [&](const std::string& name) {
      if (!props || !props->is_object() || !props->contains(name)) return false;
      auto r = doc_.resolve_child(props, name);
      return r && r->value && flag(doc_.json(**r), "readOnly");
    };
    if (const auto* r = member(s, "required"); r && r->is_array()) {
      for (const auto& name : *r) {
        if (!name.is_string() || !baseline.contains(name.get<std::string>()) || read_only(name.get<std::string>())) continue;
        json without = baseline;
        without.erase(name.get<std::string>());
        out.push_back({without, "without required " + name.get<std::string>()});
      }
    }
    const auto* extra = member(s, "additionalProperties");
    if (extra && extra->is_boolean() && !extra->get<bool>() && !baseline.contains("unexpected")) {
      json with = baseline;
      with["unexpected"] = 1;
      out.push_back({with, "with unexpected property (additionalProperties false)"});
    }
    if (props && props->is_object()) {
      for (const auto& prop_entry : props->items()) {
      const std::string name(prop_entry.key());
        if (read_only(name)) continue;
        auto child = openapi::Document::child(props, name);
        json value = baseline.contains(name) ? baseline[name] : minimal(child);
        json parent = baseline;
        parent[name] = value;
        std::vector<Variant> inner;
        negative_at(child, value, depth + 1, inner);
        for (auto& v : inner) out.push_back(nested(parent, name, std::move(v)));
      }
    }
  }
}

}  // namespace sonde::check::generate
