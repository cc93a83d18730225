#include "core/check/value_generator.hpp"

#include <cmath>
#include <optional>
#include <string>

namespace sonde::check {

namespace {

using Json = nlohmann::json;

// Samples per format, each accepted by the checker of formats.cpp.
std::string format_sample(const std::string& format) {
  if (format == "date-time") return "2024-01-01T00:00:00Z";
  if (format == "date") return "2024-01-01";
  if (format == "time") return "00:00:00Z";
  if (format == "email") return "user@example.com";
  if (format == "uri") return "https://example.com/";
  if (format == "uri-reference") return "/";
  if (format == "uuid") return "00000000-0000-4000-8000-000000000000";
  if (format == "ipv4") return "192.0.2.1";
  if (format == "ipv6") return "2001:db8::1";
  if (format == "hostname") return "example.com";
  if (format == "byte") return "AA==";
  return "";
}

// nlohmann's value() throws on a type mismatch; descriptions are untrusted input.
std::string string_field(const Json& s, const char* key) {
  auto it = s.find(key);
  return it != s.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::size_t count_field(const Json& s, const char* key) {
  auto it = s.find(key);
  return it != s.end() && it->is_number_unsigned() ? it->get<std::size_t>() : 0;
}

Json number_value(const Json& s, bool integer) {
  double value = 1;
  if (s.contains("minimum") && s["minimum"].is_number()) {
    value = s["minimum"].get<double>();
    if (s.contains("exclusiveMinimum") && s["exclusiveMinimum"].is_boolean() && s["exclusiveMinimum"].get<bool>()) {
      value += 1;
    }
  } else if (s.contains("exclusiveMinimum") && s["exclusiveMinimum"].is_number()) {
    value = s["exclusiveMinimum"].get<double>() + 1;
  } else if (s.contains("maximum") && s["maximum"].is_number() && s["maximum"].get<double>() < value) {
    value = s["maximum"].get<double>();
  }
  if (s.contains("multipleOf") && s["multipleOf"].is_number() && s["multipleOf"].get<double>() > 0) {
    double m = s["multipleOf"].get<double>();
    value = std::ceil(value / m) * m;
  }
  if (integer) return static_cast<std::int64_t>(std::ceil(value));
  return value;
}

Json generate(const openapi::Document& doc, const openapi::Node& in, int depth) {
  auto resolved = doc.resolve(in);
  if (!resolved || !resolved->value || !resolved->value->is_object() || depth > 12) return nullptr;
  const openapi::Node& node = *resolved;
  const Json& s = *node.value;
  if (auto e = example_of(doc, node)) return *e;
  for (const char* key : {"default", "const"}) {
    if (s.contains(key)) return s[key];
  }
  if (s.contains("enum") && s["enum"].is_array() && !s["enum"].empty()) return s["enum"][0];
  for (const char* key : {"oneOf", "anyOf"}) {
    if (s.contains(key) && s[key].is_array() && !s[key].empty()) {
      return generate(doc, openapi::Document::child(openapi::Document::child(node, key), "0"), depth + 1);
    }
  }
  Json out;
  if (s.contains("allOf") && s["allOf"].is_array()) {
    auto all = openapi::Document::child(node, "allOf");
    for (std::size_t i = 0; i < s["allOf"].size(); ++i) {
      Json part = generate(doc, openapi::Document::child(all, std::to_string(i)), depth + 1);
      if (part.is_object() && (out.is_object() || out.is_null())) out.update(part);
      else if (!part.is_null()) out = part;
    }
  }
  std::string type = string_field(s, "type");
  if (type.empty() && s.contains("type") && s["type"].is_array() && !s["type"].empty() && s["type"][0].is_string()) {
    type = s["type"][0].get<std::string>();
  }
  if (type.empty()) type = s.contains("properties") ? "object" : s.contains("items") ? "array" : "";
  if (type == "string") {
    std::string v = format_sample(string_field(s, "format"));
    auto min = std::min<std::size_t>(count_field(s, "minLength"), 4096);
    if (v.empty() || v.size() < min) v = std::string(std::max<std::size_t>(min, 1), 'a');
    return v;
  }
  if (type == "integer" || type == "number") return number_value(s, type == "integer");
  if (type == "boolean") return false;
  if (type == "null") return nullptr;
  if (type == "array") {
    Json arr = Json::array();
    auto n = count_field(s, "minItems");
    for (std::size_t i = 0; i < n && i < 16; ++i) arr.push_back(generate(doc, openapi::Document::child(node, "items"), depth + 1));
    return arr;
  }
  if (type == "object") {
    if (!out.is_object()) out = Json::object();
    auto props = openapi::Document::child(node, "properties");
    if (s.contains("required") && s["required"].is_array()) {
      for (const auto& name : s["required"]) {
        if (!name.is_string() || out.contains(name.get<std::string>())) continue;
        auto prop = openapi::Document::child(props, name.get<std::string>());
        out[name.get<std::string>()] = prop ? generate(doc, prop, depth + 1) : Json("a");
      }
    }
  }
  return out;
}

}  // namespace

std::optional<nlohmann::json> example_of(const openapi::Document& doc, const openapi::Node& holder) {
  if (!holder || !holder->is_object()) return std::nullopt;
  if (holder->contains("example")) return (*holder.value)["example"];
  auto examples = openapi::Document::child(holder, "examples");
  if (!examples) return std::nullopt;
  if (examples->is_array() && !examples->empty()) return (*examples.value)[0];  // 3.1 schema examples
  if (examples->is_object() && !examples->empty()) {
    auto first = doc.resolve(openapi::Document::child(examples, examples->begin().key()));
    if (first && first->value->is_object() && first->value->contains("value")) return (*first->value)["value"];
  }
  return std::nullopt;
}

nlohmann::json generate_value(const openapi::Document& doc, const openapi::Node& schema) {
  return generate(doc, schema, 0);
}

}  // namespace sonde::check
