// Helpers shared by the keyword families: exact number comparison, schema number reading and
// deep equality between a tape value and a schema value.
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "core/check/keyword_family.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::check::detail {

namespace {

int sign_of(long double x) { return x < 0 ? -1 : x > 0 ? 1 : 0; }

}  // namespace

int compare_number(JsonValue value, const Bound& bound) {
  const TapeEntry& e = value.entry();
  if (e.type == JsonType::integer && e.flag == 0) {
    if (bound.integer) return e.i < bound.i ? -1 : e.i > bound.i ? 1 : 0;
    // long double holds every int64 exactly on x86-64.
    return sign_of(static_cast<long double>(e.i) - static_cast<long double>(bound.d));
  }
  if (e.type == JsonType::integer) {
    // Beyond int64: larger in magnitude than any int64 bound; against a double bound, compare as
    // long double (the only inexact case, both sides beyond 2^63).
    bool negative = value.text().starts_with('-');
    if (bound.integer) return negative ? -1 : 1;
    return sign_of(static_cast<long double>(value.as_double()) - static_cast<long double>(bound.d));
  }
  long double b = bound.integer ? static_cast<long double>(bound.i) : static_cast<long double>(bound.d);
  return sign_of(static_cast<long double>(e.d) - b);
}

bool read_bound(const Json& j, Bound& out) {
  if (j.is_number_integer() && !j.is_number_unsigned()) {
    out = {true, j.get<std::int64_t>(), 0};
    return true;
  }
  if (j.is_number_unsigned()) {
    auto u = j.get<std::uint64_t>();
    if (u <= static_cast<std::uint64_t>(INT64_MAX)) out = {true, static_cast<std::int64_t>(u), 0};
    else out = {false, 0, static_cast<double>(u)};
    return true;
  }
  if (j.is_number_float()) {
    double d = j.get<double>();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.2e18) {
      out = {true, static_cast<std::int64_t>(d), 0};
    } else {
      out = {false, 0, d};
    }
    return true;
  }
  return false;
}

std::string bound_text(const Bound& b) {
  if (b.integer) return std::to_string(b.i);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", b.d);
  return buf;
}

bool json_equal(JsonValue value, const Json& j) {
  switch (value.type()) {
    case JsonType::null: return j.is_null();
    case JsonType::boolean: return j.is_boolean() && j.get<bool>() == value.as_bool();
    case JsonType::integer:
    case JsonType::number: {
      Bound b;
      return read_bound(j, b) && compare_number(value, b) == 0;
    }
    case JsonType::string: return j.is_string() && j.get_ref<const std::string&>() == value.text();
    case JsonType::array: {
      if (!j.is_array() || j.size() != value.size()) return false;
      JsonValue c = value.first_child();
      for (const auto& item : j) {
        if (!json_equal(c, item)) return false;
        c = c.next_sibling();
      }
      return true;
    }
    case JsonType::object: {
      if (!j.is_object() || j.size() != value.size()) return false;
      JsonValue k = value.first_child();
      for (std::size_t i = 0; i < value.size(); ++i) {
        JsonValue v = k.next_sibling();
        auto found = j.find(std::string(k.text()));
        if (found == j.end() || !json_equal(v, *found)) return false;
        k = v.next_sibling();
      }
      return true;
    }
  }
  return false;
}

Result<std::optional<std::uint64_t>> read_count(const Json& schema, const char* keyword, const Node& node) {
  auto it = schema.find(keyword);
  if (it == schema.end()) return std::optional<std::uint64_t>{};
  if (it->is_number_unsigned() || (it->is_number_integer() && it->get<std::int64_t>() >= 0)) {
    return std::optional<std::uint64_t>{it->get<std::uint64_t>()};
  }
  if (it->is_number_float() && it->get<double>() >= 0 && std::floor(it->get<double>()) == it->get<double>()) {
    // A count past 2^64 (1e59 from a fuzzer) is no count any instance reaches: the largest one
    // says the same, where the cast would be undefined.
    constexpr double k_two_to_64 = 18446744073709551616.0;
    if (it->get<double>() >= k_two_to_64) return std::optional<std::uint64_t>{UINT64_MAX};
    return std::optional<std::uint64_t>{static_cast<std::uint64_t>(it->get<double>())};
  }
  return schema_error(node, keyword, "must be a non-negative integer");
}

std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

std::string counted(std::uint64_t n, std::string_view noun) {
  std::string word(noun);
  if (n != 1) word = word.ends_with('y') ? word.substr(0, word.size() - 1) + "ies" : word + "s";
  return std::to_string(n) + " " + word;
}

std::unexpected<Error> schema_error(const Node& node, const char* keyword, const std::string& message) {
  return fail(ErrorKind::invalid_input, std::string("invalid schema: ") + keyword + " " + message,
              json_pointer::append(node.pointer, keyword));
}

}  // namespace sonde::check::detail
