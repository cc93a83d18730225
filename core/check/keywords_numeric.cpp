// minimum, maximum, exclusiveMinimum/exclusiveMaximum (3.0: booleans that modify minimum and
// maximum; 3.1: numbers of their own), multipleOf, and the int32/int64 formats.
#include <cmath>

#include "core/check/keyword_family.hpp"

namespace sonde::check::detail {

namespace {

Result<void> read_numeric(const Json& schema, const char* keyword, std::optional<Bound>& out, const Node& node) {
  auto it = schema.find(keyword);
  if (it == schema.end()) return {};
  Bound b;
  if (!read_bound(*it, b)) return schema_error(node, keyword, "must be a number");
  out = b;
  return {};
}

bool is_numeric(JsonValue v) { return v.type() == JsonType::integer || v.type() == JsonType::number; }

bool in_range(JsonValue v, std::int64_t lo, std::int64_t hi) {
  if (v.type() != JsonType::integer) return true;  // `type` reports non-integers
  if (v.is_big_integer()) return false;
  return v.entry().i >= lo && v.entry().i <= hi;
}

bool multiple_of(JsonValue v, const Bound& m) {
  if (v.type() == JsonType::integer && !v.is_big_integer() && m.integer && m.i != 0) return v.entry().i % m.i == 0;
  if (v.is_big_integer() && m.integer && m.i > 0) {
    // Long division over the literal keeps huge integers exact.
    // Long division over the literal keeps huge integers exact; rem * 10 is summed step by step
    // because it could overflow 64 bits.
    auto mod = static_cast<std::uint64_t>(m.i);
    std::uint64_t rem = 0;
    for (char c : v.text()) {
      if (c < '0' || c > '9') continue;
      std::uint64_t times10 = 0;
      for (int k = 0; k < 10; ++k) times10 = (times10 + rem) % mod;
      rem = (times10 + static_cast<std::uint64_t>(c - '0')) % mod;
    }
    return rem == 0;
  }
  double divisor = m.integer ? static_cast<double>(m.i) : m.d;
  double q = v.as_double() / divisor;
  return std::isfinite(q) && std::fabs(q - std::round(q)) < 1e-9 * std::max(1.0, std::fabs(q));
}

}  // namespace

Result<void> compile_numeric(const Json& schema, Node& node, SchemaCompiler& compiler) {
  NumericKeywords k;
  if (auto r = read_numeric(schema, "minimum", k.minimum, node); !r) return r;
  if (auto r = read_numeric(schema, "maximum", k.maximum, node); !r) return r;
  if (auto r = read_numeric(schema, "multipleOf", k.multiple_of, node); !r) return r;
  for (auto [keyword, plain, exclusive] : {std::tuple{"exclusiveMinimum", &k.minimum, &k.exclusive_minimum},
                                           std::tuple{"exclusiveMaximum", &k.maximum, &k.exclusive_maximum}}) {
    auto it = schema.find(keyword);
    if (it == schema.end()) continue;
    if (it->is_boolean()) {
      // 3.0 (JSON Schema draft 4/5): `exclusiveMinimum: true` makes `minimum` exclusive. A 3.1
      // description using the old form gets the same reading rather than a refusal.
      if (it->get<bool>() && *plain) {
        *exclusive = **plain;
        plain->reset();
      }
      continue;
    }
    if (auto r = read_numeric(schema, keyword, *exclusive, node); !r) return r;
  }
  (void)compiler;
  if (auto f = schema.find("format"); f != schema.end() && f->is_string()) {
    auto name = f->get<std::string>();
    if (name == "int32" || name == "int64") k.format = name;
  }
  if (k.minimum || k.maximum || k.exclusive_minimum || k.exclusive_maximum || k.multiple_of || !k.format.empty()) {
    node.numeric = std::make_unique<NumericKeywords>(std::move(k));
  }
  return {};
}

bool validate_numeric(const Node& node, JsonValue value, Walker& w) {
  if (!is_numeric(value)) return true;
  const NumericKeywords& k = *node.numeric;
  bool ok = true;
  auto check = [&](bool passed, const char* keyword, std::string expected) {
    if (passed) return true;
    ok = w.fail(node, keyword, std::move(expected), value.dump());
    return !w.quick();
  };
  // 3.0's boolean form is reported under the keyword the author wrote next to the bound.
  if (k.minimum && !check(compare_number(value, *k.minimum) >= 0, "minimum", ">= " + bound_text(*k.minimum))) return false;
  if (k.maximum && !check(compare_number(value, *k.maximum) <= 0, "maximum", "<= " + bound_text(*k.maximum))) return false;
  if (k.exclusive_minimum &&
      !check(compare_number(value, *k.exclusive_minimum) > 0, "exclusiveMinimum", "> " + bound_text(*k.exclusive_minimum))) {
    return false;
  }
  if (k.exclusive_maximum &&
      !check(compare_number(value, *k.exclusive_maximum) < 0, "exclusiveMaximum", "< " + bound_text(*k.exclusive_maximum))) {
    return false;
  }
  if (k.multiple_of && !check(multiple_of(value, *k.multiple_of), "multipleOf", "a multiple of " + bound_text(*k.multiple_of))) {
    return false;
  }
  if (w.options().formats && k.format == "int32" &&
      !check(in_range(value, INT32_MIN, INT32_MAX), "format", "int32 (-2147483648..2147483647)")) {
    return false;
  }
  if (w.options().formats && k.format == "int64" &&
      !check(in_range(value, INT64_MIN, INT64_MAX), "format", "int64 (-9223372036854775808..9223372036854775807)")) {
    return false;
  }
  return ok;
}

}  // namespace sonde::check::detail
