#include "core/check/generate/random_instance.hpp"

#include <algorithm>
#include <cmath>

#include "core/check/generate/pattern_strings.hpp"
#include "core/check/generate/schema_keywords.hpp"
#include "core/openapi/instance_generator.hpp"

namespace sonde::check::generate {

namespace {

using nlohmann::json;
using namespace keywords;

constexpr int k_max_depth = 6;
constexpr std::size_t k_extra_length = 12;  // strings: at most this much past minLength
constexpr std::size_t k_extra_items = 3;

std::string format_value(const std::string& format, Rng& rng) {
  auto two = [&](std::int64_t lo, std::int64_t hi) {
    auto v = rng.between(lo, hi);
    return (v < 10 ? "0" : "") + std::to_string(v);
  };
  std::string date = std::to_string(rng.between(1970, 2099)) + "-" + two(1, 12) + "-" + two(1, 28);
  std::string time = two(0, 23) + ":" + two(0, 59) + ":" + two(0, 59);
  if (format == "date") return date;
  if (format == "date-time") return date + "T" + time + "Z";
  if (format == "time") return time + "Z";
  if (format == "uuid") {
    static const char* hex = "0123456789abcdef";
    std::string u;
    for (int i = 0; i < 32; ++i) {
      if (i == 8 || i == 12 || i == 16 || i == 20) u.push_back('-');
      u.push_back(i == 12 ? '4' : hex[rng.below(16)]);
    }
    return u;
  }
  if (format == "email") return "user" + std::to_string(rng.below(1000)) + "@example.com";
  if (format == "uri" || format == "url") return "https://example.com/r/" + std::to_string(rng.below(1000));
  if (format == "uri-reference") return "/r/" + std::to_string(rng.below(1000));
  if (format == "hostname") return "h" + std::to_string(rng.below(1000)) + ".example.com";
  if (format == "ipv4") return "192.0.2." + std::to_string(rng.below(255));
  if (format == "ipv6") return "2001:db8::" + std::to_string(rng.below(9000) + 1);
  if (format == "byte") return "c29uZGU=";
  return {};
}

}  // namespace

std::optional<json> RandomInstance::generate(const openapi::Node& schema) { return value(schema, 0); }

std::optional<json> RandomInstance::value(const openapi::Node& node, int depth) {
  auto resolved = doc_.resolve(node);
  if (!resolved || !resolved->value) return json::object();
  const openapi::Node& schema = *resolved;
  const json& s = doc_.json(*schema.value);
  if (s.is_boolean()) return s.get<bool>() ? std::optional<json>(json(nullptr)) : std::nullopt;
  if (!s.is_object()) return json::object();
  if (const auto* c = member(s, "const")) return *c;
  if (const auto* e = member(s, "enum"); e && e->is_array() && !e->empty()) return (*e)[rng_.below(e->size())];
  for (const char* key : {"oneOf", "anyOf"}) {
    auto branches = openapi::Document::child(schema, key);
    if (branches && branches->is_array() && !branches->empty() && depth < k_max_depth) {
      return value(openapi::Document::child(branches, std::to_string(rng_.below(branches->size()))), depth + 1);
    }
  }
  if (member(s, "allOf") || depth >= k_max_depth) {
    return openapi::InstanceGenerator(doc_, {.include_optional = rng_.chance(50), .for_response = false, .pattern_string = fixed_string_matching}).generate(schema);
  }
  auto declared = types(s);
  if (declared.empty()) {
    if (member(s, "properties") || member(s, "required")) declared.push_back("object");
    else if (member(s, "items")) declared.push_back("array");
    else if (member(s, "minLength") || member(s, "maxLength") || member(s, "pattern") || member(s, "format")) declared.push_back("string");
    else if (member(s, "minimum") || member(s, "maximum")) declared.push_back("number");
    else declared = {"string", "integer", "boolean"};
  }
  // Null now and then, but not as often as a real value.
  std::string type = declared[rng_.below(declared.size())];
  if (type == "null" && declared.size() > 1 && !rng_.chance(20)) type = declared[0] == "null" ? declared[1] : declared[0];
  return typed(schema, type, depth);
}

std::optional<json> RandomInstance::typed(const openapi::Node& schema, const std::string& type, int depth) {
  const json& s = doc_.json(*schema.value);
  if (type == "null") return json(nullptr);
  if (type == "boolean") return json(rng_.chance(50));
  if (type == "integer") return integer_value(s);
  if (type == "number") return number_value(s);
  if (type == "string") return string_value(s);
  if (type == "array") return array_value(schema, depth);
  if (type == "object") return object_value(schema, depth);
  return json(nullptr);
}

std::optional<json> RandomInstance::string_value(const json& s) {
  std::size_t min = count(s, "minLength").value_or(0);
  std::size_t max = std::max(min, count(s, "maxLength").value_or(min + k_extra_length));
  std::string pattern = text(s, "pattern");
  if (!pattern.empty()) {
    auto drawn = string_matching(pattern, rng_);
    if (!drawn.text) {
      unsupported_.insert("pattern '" + pattern + "': " + drawn.why);
      return std::nullopt;
    }
    return json(*drawn.text);
  }
  if (std::string f = format_value(text(s, "format"), rng_); !f.empty()) return json(f);
  std::size_t length = min + rng_.below(std::min(max, min + k_extra_length) - min + 1);
  static constexpr std::string_view alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_. ";
  std::string out;
  for (std::size_t i = 0; i < length; ++i) out.push_back(alphabet[rng_.below(alphabet.size())]);
  return json(out);
}

json RandomInstance::integer_value(const json& s) {
  auto b = bounds(s);
  double lo = b.min ? (b.min_exclusive ? std::floor(*b.min) + 1 : std::ceil(*b.min)) : -1000;
  double hi = b.max ? (b.max_exclusive ? std::ceil(*b.max) - 1 : std::floor(*b.max)) : 1000;
  if (!b.min && b.max) lo = hi - 2000;
  if (b.min && !b.max) hi = lo + 2000;
  lo = std::max(lo, -9e15);
  hi = std::min(hi, 9e15);
  if (hi < lo) return json(static_cast<std::int64_t>(lo));
  auto multiple = number(s, "multipleOf");
  if (multiple && *multiple >= 1 && std::floor(*multiple) == *multiple) {
    auto m = static_cast<std::int64_t>(*multiple);
    auto first = static_cast<std::int64_t>(std::ceil(lo / *multiple));
    auto last = static_cast<std::int64_t>(std::floor(hi / *multiple));
    if (first > last) return json(first * m);
    return json(rng_.between(first, last) * m);
  }
  return json(rng_.between(static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi)));
}

json RandomInstance::number_value(const json& s) {
  auto b = bounds(s);
  if (number(s, "multipleOf")) return integer_value(s);
  double lo = b.min.value_or(b.max ? *b.max - 2000 : -1000);
  double hi = b.max.value_or(lo + 2000);
  if (hi < lo) return json(lo);
  // Two decimals keep values readable and exactly representable in text.
  double v = std::round((lo + (hi - lo) * rng_.unit()) * 100) / 100;
  if (v < lo || (b.min_exclusive && v <= lo)) v = b.min_exclusive ? lo + (hi - lo) / 2 : lo;
  if (v > hi || (b.max_exclusive && v >= hi)) v = lo + (hi - lo) / 2;
  return json(v);
}

std::optional<json> RandomInstance::array_value(const openapi::Node& schema, int depth) {
  const json& s = doc_.json(*schema.value);
  std::size_t min = count(s, "minItems").value_or(0);
  std::size_t max = std::max(min, count(s, "maxItems").value_or(min + k_extra_items));
  std::size_t n = min + rng_.below(std::min(max, min + k_extra_items) - min + 1);
  auto items = openapi::Document::child(schema, "items");
  json out = json::array();
  for (std::size_t i = 0, tries = 0; out.size() < n && tries < n * 4 + 4; ++tries) {
    auto item = items ? value(items, depth + 1) : std::optional<json>(json(static_cast<std::int64_t>(i++)));
    if (!item) return std::nullopt;
    if (flag(s, "uniqueItems") && std::find(out.begin(), out.end(), *item) != out.end()) continue;
    out.push_back(std::move(*item));
  }
  return out;
}

std::optional<json> RandomInstance::object_value(const openapi::Node& schema, int depth) {
  const json& s = doc_.json(*schema.value);
  std::set<std::string> required;
  if (const auto* r = member(s, "required"); r && r->is_array()) {
    for (const auto& x : *r) if (x.is_string()) required.insert(x.get<std::string>());
  }
  json out = json::object();
  std::set<std::string> read_only;
  auto props = openapi::Document::child(schema, "properties");
  if (props && props->is_object()) {
    for (const auto& prop_entry : props->items()) {
      const std::string name(prop_entry.key());
      auto child = openapi::Document::child(props, name);
      auto resolved = doc_.resolve(child);
      if (resolved && resolved->value && flag(doc_.json(**resolved), "readOnly")) {
        read_only.insert(name);
        continue;
      }
      if (!required.count(name) && !rng_.chance(50)) continue;
      auto v = value(child, depth + 1);
      if (!v) return std::nullopt;
      out[name] = std::move(*v);
    }
  }
  // Required names without a property schema still need a value.
  for (const auto& name : required) {
    if (!out.contains(name) && !read_only.count(name)) out[name] = "x";
  }
  return out;
}

}  // namespace sonde::check::generate
