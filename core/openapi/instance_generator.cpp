#include "core/openapi/instance_generator.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace sonde::openapi {

namespace {

using nlohmann::json;

constexpr int k_max_nesting = 64;          // combinator and $ref recursion, whatever the depth
constexpr std::size_t k_max_items = 100;    // arrays, however large minItems claims to be
constexpr std::size_t k_max_length = 1u << 20;
// A whole value is at most this many schema visits and this many string bytes: a recursive
// schema whose required properties or minItems branch (a binary tree of required children)
// would otherwise double at every level. Past it, values are the smallest of their type.
constexpr long k_visit_budget = 20000;
constexpr std::size_t k_byte_budget = 16u << 20;

// Descriptions are untrusted input: every keyword is read with its type checked (nlohmann's
// value() would throw on a mismatch).
// Each helper reads a description's DocValue or nlohmann::json (allOf parts merged by scalar_with).
template <class J>
const J* member(const J& s, const char* key) {
  auto it = s.find(key);
  return it == s.end() ? nullptr : &*it;
}
template <class J>
std::string text(const J& s, const char* key) {
  const J* m = member(s, key);
  return m && m->is_string() ? m->template get<std::string>() : std::string();
}
template <class J>
std::optional<double> number(const J& s, const char* key) {
  const J* m = member(s, key);
  return m && m->is_number() ? std::optional<double>(m->template get<double>()) : std::nullopt;
}
// A non-negative integer keyword (YAML and JSON integers load as signed).
template <class J>
std::optional<std::size_t> count(const J& s, const char* key) {
  const J* m = member(s, key);
  if (m == nullptr || !m->is_number_integer() || m->template get<std::int64_t>() < 0) return std::nullopt;
  return static_cast<std::size_t>(m->template get<std::int64_t>());
}
template <class J>
bool true_flag(const J& s, const char* key) {
  const J* m = member(s, key);
  return m && m->is_boolean() && m->template get<bool>();
}

// Values for the formats a client is most likely to parse strictly; each passes check's format
// checkers (core/check/formats.cpp).
std::string sample_for_format(const std::string& format) {
  if (format == "date-time") return "2024-01-15T09:30:00Z";
  if (format == "date") return "2024-01-15";
  if (format == "time") return "09:30:00Z";
  if (format == "email") return "user@example.com";
  if (format == "uri" || format == "url") return "https://example.com/resource";
  if (format == "uri-reference") return "/resource";
  if (format == "hostname") return "api.example.com";
  if (format == "ipv4") return "192.0.2.1";
  if (format == "ipv6") return "2001:db8::1";
  if (format == "uuid") return "3fa85f64-5717-4562-b3fc-2c963f66afa6";
  if (format == "byte") return "c29uZGU=";
  if (format == "binary") return "sonde";
  if (format == "password") return "secret";
  return {};
}

template <class J>
std::string primary_type(const J& schema) {
  const J* type = member(schema, "type");
  if (type == nullptr) {
    if (member(schema, "properties") || member(schema, "additionalProperties")) return "object";
    if (member(schema, "items") || member(schema, "prefixItems")) return "array";
    return {};
  }
  if (type->is_string()) return type->template get<std::string>();
  if (type->is_array()) {
    // 3.1 type arrays: prefer a concrete type over "null".
    for (const auto& t : *type) {
      if (t.is_string() && !(t == "null")) return t.template get<std::string>();
    }
    if (!type->empty() && (*type)[0].is_string()) return (*type)[0].template get<std::string>();
  }
  return {};
}

template <class J>
json string_for(const J& schema, const GeneratorOptions& options) {
  std::string value = sample_for_format(text(schema, "format"));
  const std::size_t min_length = std::min(count(schema, "minLength").value_or(0), k_max_length);
  const std::size_t max_length = count(schema, "maxLength").value_or(k_max_length);
  if (std::string pattern = text(schema, "pattern"); value.empty() && !pattern.empty() && options.pattern_string) {
    // Lengths count code points; bytes are close enough to reject a drawn string that is far off.
    auto drawn = options.pattern_string(pattern);
    if (drawn && drawn->size() >= min_length && drawn->size() <= max_length) return *drawn;
  }
  if (value.empty()) value = "string";
  if (value.size() < min_length) value.append(min_length - value.size(), 'x');
  if (value.size() > max_length) value.resize(max_length);
  return value;
}

template <class J>
json number_for(const J& schema, bool integer) {
  // The tightest lower and upper bounds, each inclusive or exclusive (3.1 numeric exclusive
  // keywords and 3.0 boolean flags on minimum/maximum).
  struct Bound {
    double value;
    bool exclusive;
  };
  std::optional<Bound> lo, hi;
  auto tighten = [](std::optional<Bound>& bound, Bound candidate, bool lower) {
    if (!bound || (lower ? candidate.value > bound->value : candidate.value < bound->value) ||
        (candidate.value == bound->value && candidate.exclusive)) {
      bound = candidate;
    }
  };
  if (auto v = number(schema, "minimum")) tighten(lo, {*v, true_flag(schema, "exclusiveMinimum")}, true);
  if (auto v = number(schema, "exclusiveMinimum")) tighten(lo, {*v, true}, true);
  if (auto v = number(schema, "maximum")) tighten(hi, {*v, true_flag(schema, "exclusiveMaximum")}, false);
  if (auto v = number(schema, "exclusiveMaximum")) tighten(hi, {*v, true}, false);
  const auto multiple = number(schema, "multipleOf");
  const bool stepped = multiple && *multiple > 0;
  auto fits = [&](double v) {
    return (!lo || (lo->exclusive ? v > lo->value : v >= lo->value)) &&
           (!hi || (hi->exclusive ? v < hi->value : v <= hi->value));
  };
  // Candidates in order of preference: 0, the lowest value above the lower bound, the highest
  // below the upper bound, the midpoint; each moved onto an integer or multipleOf grid.
  std::vector<double> candidates{0.0};
  if (lo) candidates.push_back(lo->exclusive ? (integer ? std::floor(lo->value) + 1 : lo->value + 1) : lo->value);
  if (hi) candidates.push_back(hi->exclusive ? (integer ? std::ceil(hi->value) - 1 : hi->value - 1) : hi->value);
  if (lo && hi) candidates.push_back((lo->value + hi->value) / 2);
  auto on_grid = [&](double c) -> std::optional<double> {
    for (double w : {c, std::ceil(c), std::floor(c)}) {
      const double grid[2] = {stepped ? std::ceil(w / *multiple) * *multiple : w,
                              stepped ? std::floor(w / *multiple) * *multiple : w};
      for (double v : grid) {
        if ((!integer || v == std::floor(v)) && fits(v)) return v;
      }
    }
    return std::nullopt;
  };
  double chosen = lo ? candidates[1] : 0.0;  // no value fits (contradictory bounds): the lower one
  for (double c : candidates) {
    if (auto v = on_grid(c)) {
      chosen = *v;
      break;
    }
  }
  if (integer) {
    // Clamped before the cast: a double outside the int64 range does not convert.
    chosen = std::clamp(std::round(chosen), -9.2e18, 9.2e18);
    return static_cast<long long>(chosen);
  }
  return chosen;
}

template <class J>
bool nullable(const J& schema) {
  if (true_flag(schema, "nullable")) return true;
  const J* type = member(schema, "type");
  if (type == nullptr) return false;
  if (type->is_string()) return *type == "null";
  return type->is_array() && std::any_of(type->begin(), type->end(), [](const J& t) { return t == "null"; });
}

// The smallest value of the schema's type, for when the visit or byte budget is spent.
template <class J>
json smallest(const J& schema) {
  if (nullable(schema)) return nullptr;
  const std::string type = primary_type(schema);
  if (type == "array") return json::array();
  if (type == "string") return "";
  if (type == "integer" || type == "number") return 0;
  if (type == "boolean") return false;
  return json::object();
}

// Whether an allOf part says anything about the value (a part holding only nullable, a
// description or readOnly must not turn a string into an empty object).
template <class J>
bool shapes_value(const J& schema) {
  for (const char* key : {"type", "properties", "additionalProperties", "items", "prefixItems", "enum", "const",
                          "allOf", "oneOf", "anyOf", "default", "example", "examples", "format"}) {
    if (member(schema, key)) return true;
  }
  return false;
}

}  // namespace

InstanceGenerator::InstanceGenerator(const Document& doc, GeneratorOptions options) : doc_(doc), options_(options) {}

json InstanceGenerator::generate(const Node& schema) {
  nesting_ = 0;
  visits_ = 0;
  bytes_ = 0;
  return value_for(schema, 0);
}

json InstanceGenerator::value_for(const Node& raw, int depth) {
  if (!raw || nesting_ >= k_max_nesting) return json::object();
  struct Nest {
    int& n;
    explicit Nest(int& counter) : n(++counter) {}
    ~Nest() { --n; }
  } nest(nesting_);
  auto resolved = doc_.resolve(raw);
  if (!resolved || !*resolved) return json::object();
  const Node& node = *resolved;
  const DocValue& schema = *node;
  if (schema.is_boolean()) return schema.boolean() ? json(nullptr) : json::object();
  if (!schema.is_object()) return json::object();
  if (++visits_ > k_visit_budget) return smallest(schema);
  if (const DocValue* c = member(schema, "const")) return c->to_json();
  if (const DocValue* d = member(schema, "default")) return d->to_json();
  if (options_.use_examples) {
    if (auto example = example_of(doc_, node)) return *example;
  }
  if (const DocValue* e = member(schema, "enum"); e && e->is_array() && !e->empty()) return (*e)[0].to_json();
  if (const DocValue* all = member(schema, "allOf"); all && all->is_array()) return all_of(node, depth);
  for (const char* key : {"oneOf", "anyOf"}) {
    if (const DocValue* branches = member(schema, key); branches && branches->is_array() && !branches->empty()) {
      return value_for(Document::child(Document::child(node, key), "0"), depth);
    }
  }
  // Deep in a recursive structure, a nullable schema ends the recursion with null.
  if (depth >= options_.max_depth && nullable(schema)) return nullptr;
  return typed_value(node, depth);
}

// The value for the schema's own type keyword (after const, default, examples, enum, combinators).
json InstanceGenerator::typed_value(const Node& node, int depth) {
  const DocValue& schema = *node;
  const std::string type = primary_type(schema);
  if (type == "string") {
    json value = string_for(schema, options_);
    bytes_ += value.get_ref<const std::string&>().size();
    return bytes_ > k_byte_budget ? smallest(schema) : value;
  }
  if (type == "object") return object_for(node, depth);
  if (type == "array") return array_for(node, depth);
  if (type == "integer") return number_for(schema, true);
  if (type == "number") return number_for(schema, false);
  if (type == "boolean") return true;
  if (type == "null") return nullptr;
  return json::object();
}

// A scalar of the schema's own type under the constraints its allOf parts add
// ({type: string, allOf: [{minLength: 3}, {maxLength: 5}]}).
json InstanceGenerator::scalar_with(const json& schema, const json& constraints, const std::string& type) {
  json combined = schema;
  combined.erase("allOf");
  combined.update(constraints);
  if (type == "string") return string_for(combined, options_);
  if (type == "integer" || type == "number") return number_for(combined, type == "integer");
  if (type == "boolean") return true;
  if (type == "array") return json::array();
  return nullptr;
}

// The parts' values merged (objects combine their properties), with the schema's own properties.
json InstanceGenerator::all_of(const Node& node, int depth) {
  const Node parts = Document::child(node, "allOf");
  json merged = json::object();
  json last;
  json constraints = json::object();  // keywords of the parts that only constrain (minLength, ...)
  bool all_objects = true;
  for (std::size_t i = 0; i < parts->size(); ++i) {
    const Node part = Document::child(parts, std::to_string(i));
    auto resolved = doc_.resolve(part);
    if (!resolved || !*resolved || !(*resolved)->is_object()) continue;
    if (!shapes_value(**resolved)) {
      constraints.update((*resolved)->to_json());
      continue;
    }
    json value = value_for(part, depth);
    if (value.is_object()) {
      merged.update(value);
    } else if (all_objects) {
      all_objects = false;
      last = std::move(value);  // the first part that is not an object decides the value
    }
  }
  if (!all_objects) return last;
  const std::string own = primary_type(*node);
  if (own == "object" || member(*node, "properties")) merged.update(object_for(node, depth));
  else if (!own.empty() && merged.empty()) return scalar_with(node->to_json(), constraints, own);  // {type: string, allOf: [...]}
  return merged;
}

json InstanceGenerator::object_for(const Node& node, int depth) {
  const DocValue& schema = *node;
  json out = json::object();
  std::vector<std::string> required;
  if (const DocValue* r = member(schema, "required"); r && r->is_array()) {
    for (const auto& name : *r) {
      if (name.is_string()) required.push_back(name.str());
    }
  }
  const Node properties = Document::child(node, "properties");
  const bool deep = depth >= options_.max_depth;
  if (properties && properties->is_object()) {
    for (const auto& entry : properties->members()) {
      const std::string name(entry.key());
      const bool is_required = std::find(required.begin(), required.end(), name) != required.end();
      if (!is_required && (deep || !options_.include_optional)) continue;
      const Node property = Document::child(properties, name);
      if (auto target = doc_.resolve(property); target && *target && (*target)->is_object()) {
        if (options_.for_response && true_flag(**target, "writeOnly")) continue;
        if (!options_.for_response && true_flag(**target, "readOnly")) continue;
      }
      out[name] = value_for(property, depth + 1);
    }
  }
  // Required names the properties do not describe: from additionalProperties when it is a schema.
  const Node additional = Document::child(node, "additionalProperties");
  for (const auto& name : required) {
    if (out.contains(name)) continue;
    out[name] = additional && additional->is_object() ? value_for(additional, depth + 1) : json("string");
  }
  return out;
}

json InstanceGenerator::array_for(const Node& node, int depth) {
  const DocValue& schema = *node;
  json out = json::array();
  if (const Node prefix = Document::child(node, "prefixItems"); prefix && prefix->is_array()) {
    for (std::size_t i = 0; i < prefix->size() && i < k_max_items; ++i) {
      out.push_back(value_for(Document::child(prefix, std::to_string(i)), depth + 1));
    }
    return out;
  }
  const std::size_t min_items = count(schema, "minItems").value_or(0);
  std::size_t n = depth >= options_.max_depth || !options_.include_optional ? min_items : std::max<std::size_t>(min_items, 1);
  if (auto max_items = count(schema, "maxItems")) n = std::min(n, *max_items);
  n = std::min(n, k_max_items);
  const Node items = Document::child(node, "items");
  for (std::size_t i = 0; i < n; ++i) out.push_back(items ? value_for(items, depth + 1) : json("string"));
  return out;
}

std::optional<json> example_of(const Document& doc, const Node& holder) {
  if (!holder || !holder->is_object()) return std::nullopt;
  if (const DocValue* example = member(*holder, "example")) return example->to_json();
  const Node examples = Document::child(holder, "examples");
  if (!examples) return std::nullopt;
  if (examples->is_array() && !examples->empty()) return (*examples)[0].to_json();  // 3.1 schema examples
  if (examples->is_object() && !examples->empty()) {
    auto first = doc.resolve_child(examples, examples->begin().key());
    if (first && *first && (*first)->is_object()) {
      if (const DocValue* value = member(**first, "value")) return value->to_json();
    }
  }
  return std::nullopt;
}

}  // namespace sonde::openapi
