#include "core/mock/instance_generator.hpp"

#include <algorithm>
#include <cmath>

namespace sonde::mock {

namespace {

using nlohmann::json;

const json k_empty_schema = json::object();

// Values for the formats a client is most likely to parse strictly.
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

}  // namespace

InstanceGenerator::InstanceGenerator(RefResolver resolve, GeneratorOptions options)
    : resolve_(std::move(resolve)), options_(options), random_(options.seed) {}

json InstanceGenerator::generate(const json& schema) { return value_for(schema, 0); }

const json& InstanceGenerator::deref(const json& schema, int& hops) {
  const json* current = &schema;
  // A chain of pure $refs longer than this is a cycle with no content.
  while (current->is_object() && current->contains("$ref") && current->at("$ref").is_string() && hops < 64) {
    const json* target = resolve_ ? resolve_(current->at("$ref").get<std::string>()) : nullptr;
    if (!target) return k_empty_schema;
    current = target;
    ++hops;
  }
  return *current;
}

std::string InstanceGenerator::primary_type(const json& schema) const {
  if (!schema.contains("type")) {
    if (schema.contains("properties") || schema.contains("additionalProperties")) return "object";
    if (schema.contains("items") || schema.contains("prefixItems")) return "array";
    return {};
  }
  const json& type = schema.at("type");
  if (type.is_string()) return type.get<std::string>();
  if (type.is_array()) {
    // 3.1 type arrays: prefer a concrete type over "null".
    for (const auto& t : type) {
      if (t.is_string() && t != "null") return t.get<std::string>();
    }
    if (!type.empty() && type.front().is_string()) return type.front().get<std::string>();
  }
  return {};
}

json InstanceGenerator::value_for(const json& raw, int depth) {
  int hops = 0;
  const json& schema = deref(raw, hops);
  if (schema.is_boolean()) return schema.get<bool>() ? json(nullptr) : json::object();
  if (!schema.is_object()) return json::object();
  if (schema.contains("const")) return schema.at("const");
  if (schema.contains("default")) return schema.at("default");
  if (options_.use_examples && schema.contains("example")) return schema.at("example");
  if (options_.use_examples && schema.contains("examples") && schema.at("examples").is_array() &&
      !schema.at("examples").empty()) {
    return schema.at("examples").front();  // 3.1 / JSON Schema 2020-12 examples
  }
  if (schema.contains("enum") && schema.at("enum").is_array() && !schema.at("enum").empty()) {
    return schema.at("enum").front();
  }
  if (schema.contains("allOf") && schema.at("allOf").is_array()) {
    // Merge the generated parts: objects combine their properties.
    json merged = json::object();
    bool all_objects = true;
    json last;
    for (const auto& part : schema.at("allOf")) {
      last = value_for(part, depth);
      if (last.is_object()) merged.update(last);
      else all_objects = false;
    }
    json own = json(schema);
    own.erase("allOf");
    if (primary_type(own) == "object" || own.contains("properties")) merged.update(object_for(own, depth));
    return all_objects ? merged : last;
  }
  for (const char* key : {"oneOf", "anyOf"}) {
    if (schema.contains(key) && schema.at(key).is_array() && !schema.at(key).empty()) {
      return value_for(schema.at(key).front(), depth);
    }
  }
  std::string type = primary_type(schema);
  if (type == "object") return object_for(schema, depth);
  if (type == "array") return array_for(schema, depth);
  if (type == "string") return string_for(schema);
  if (type == "integer") return number_for(schema, true);
  if (type == "number") return number_for(schema, false);
  if (type == "boolean") return true;
  if (type == "null") return nullptr;
  return json::object();
}

json InstanceGenerator::object_for(const json& schema, int depth) {
  json out = json::object();
  std::vector<std::string> required;
  if (schema.contains("required") && schema.at("required").is_array()) {
    for (const auto& r : schema.at("required")) {
      if (r.is_string()) required.push_back(r.get<std::string>());
    }
  }
  if (!schema.contains("properties") || !schema.at("properties").is_object()) return out;
  const bool deep = depth >= options_.max_depth;
  for (const auto& [name, property_schema] : schema.at("properties").items()) {
    bool is_required = std::find(required.begin(), required.end(), name) != required.end();
    if (!is_required && (deep || !options_.include_optional)) continue;
    int hops = 0;
    const json& property = deref(property_schema, hops);
    if (property.is_object()) {
      if (options_.for_response && property.value("writeOnly", false)) continue;
      if (!options_.for_response && property.value("readOnly", false)) continue;
    }
    out[name] = value_for(property_schema, depth + 1);
  }
  return out;
}

json InstanceGenerator::array_for(const json& schema, int depth) {
  json out = json::array();
  std::size_t min_items = schema.value("minItems", std::size_t{0});
  std::size_t count = depth >= options_.max_depth ? min_items : std::max<std::size_t>(min_items, 1);
  if (schema.contains("maxItems") && schema.at("maxItems").is_number_unsigned()) {
    count = std::min(count, schema.at("maxItems").get<std::size_t>());
  }
  count = std::min<std::size_t>(count, 100);
  if (schema.contains("prefixItems") && schema.at("prefixItems").is_array()) {
    for (const auto& item : schema.at("prefixItems")) out.push_back(value_for(item, depth + 1));
    return out;
  }
  const json& items = schema.contains("items") ? schema.at("items") : k_empty_schema;
  for (std::size_t i = 0; i < count; ++i) out.push_back(value_for(items, depth + 1));
  return out;
}

json InstanceGenerator::string_for(const json& schema) {
  std::string value = sample_for_format(schema.value("format", std::string()));
  if (value.empty()) value = "string";
  std::size_t min_length = schema.value("minLength", std::size_t{0});
  std::size_t max_length = schema.value("maxLength", std::size_t{1} << 20);
  while (value.size() < min_length) value += 'x';
  if (value.size() > max_length) value.resize(max_length);
  return value;
}

json InstanceGenerator::number_for(const json& schema, bool integer) {
  auto bound = [&](const char* key) -> std::optional<double> {
    if (schema.contains(key) && schema.at(key).is_number()) return schema.at(key).get<double>();
    return std::nullopt;
  };
  std::optional<double> low = bound("minimum"), high = bound("maximum");
  // 3.1 numeric exclusive bounds; 3.0's booleans modify minimum/maximum.
  if (auto ex = bound("exclusiveMinimum")) low = *ex + (integer ? 1 : 0.5);
  else if (low && schema.value("exclusiveMinimum", false)) *low += integer ? 1 : 0.5;
  if (auto ex = bound("exclusiveMaximum")) high = *ex - (integer ? 1 : 0.5);
  else if (high && schema.value("exclusiveMaximum", false)) *high -= integer ? 1 : 0.5;
  double value = low ? *low : (high ? std::min(0.0, *high) : 0.0);
  if (auto multiple = bound("multipleOf"); multiple && *multiple > 0) value = std::ceil(value / *multiple) * *multiple;
  if (integer) return static_cast<long long>(std::ceil(value));
  return value;
}

}  // namespace sonde::mock
