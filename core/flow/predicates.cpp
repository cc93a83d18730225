// The predicates of a Hurl assert, and the literal values they compare with.
#include <arpa/inet.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <regex>

#include "core/flow/date_text.hpp"
#include "core/flow/evaluate.hpp"
#include "core/flow/file_root.hpp"
#include "core/util/atomic_file.hpp"

namespace sonde::flow {

namespace {


// Long values are cut: a report shows where they differ, not a whole 1 MB body.
std::string shown(const Value& v) {
  if (v.kind == Value::Kind::none) return "none";
  std::string text = v.describe();
  if (text.size() > 300) text = text.substr(0, 300) + "... (" + std::to_string(text.size()) + " characters)";
  return text + " (" + v.type_name() + ")";
}

// -1, 0, 1, or nullopt when the two cannot be ordered (then the predicate fails).
std::optional<int> order(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.kind == Value::Kind::integer && b.kind == Value::Kind::integer && a.text.empty() && b.text.empty()) {
      return a.integer < b.integer ? -1 : a.integer > b.integer ? 1 : 0;
    }
    const double x = a.number(), y = b.number();
    if (std::isnan(x) || std::isnan(y)) return std::nullopt;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.kind == Value::Kind::string && b.kind == Value::Kind::string) {
    int c = a.text.compare(b.text);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if (a.kind == Value::Kind::date && b.kind == Value::Kind::date) return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
  return std::nullopt;
}

bool empty(const Value& v) {
  switch (v.kind) {
    case Value::Kind::string:
    case Value::Kind::bytes: return v.text.empty();
    case Value::Kind::list: return v.list.empty();
    case Value::Kind::object: return v.object.empty();
    case Value::Kind::nodeset: return v.integer == 0;
    default: return false;
  }
}

Result<bool> matches(const Value& actual, const std::string& pattern, const std::string& where) {
  if (actual.kind != Value::Kind::string) return false;
  try {
    return std::regex_search(actual.text, std::regex(pattern, std::regex::ECMAScript));
  } catch (const std::regex_error& e) {
    return fail(ErrorKind::invalid_input, std::string("invalid regex: ") + e.what(), where);
  }
}

bool text_like(const Value& v) { return v.kind == Value::Kind::string || v.kind == Value::Kind::bytes; }

// `where` makes the assert's "file:line:col", wanted only when the predicate cannot be evaluated.
template <class Where>
Result<bool> binary(std::string_view name, const Value& actual, const Value& expected, const Where& where) {
  if (name == "==") return actual.kind != Value::Kind::none && equal(actual, expected);
  if (name == "!=") return actual.kind != Value::Kind::none && !equal(actual, expected);
  if (name == ">" || name == ">=" || name == "<" || name == "<=") {
    auto o = order(actual, expected);
    return o && (name == ">" ? *o > 0 : name == ">=" ? *o >= 0 : name == "<" ? *o < 0 : *o <= 0);
  }
  // On a list, `contains` is membership (Hurl 7; `includes` is its older name).
  if (name == "contains" && actual.kind == Value::Kind::list) return binary("includes", actual, expected, where);
  if (name == "startsWith" || name == "endsWith" || name == "contains") {
    return text_like(actual) && text_like(expected) &&
           (name == "startsWith" ? actual.text.starts_with(expected.text)
            : name == "endsWith" ? actual.text.ends_with(expected.text)
                                 : actual.text.find(expected.text) != std::string::npos);
  }
  if (name == "includes") {
    bool ok = false;
    if (actual.kind == Value::Kind::list) {
      for (const auto& item : actual.list) ok = ok || equal(item, expected);
    }
    return ok;
  }
  if (name == "matches") {
    if (expected.kind != Value::Kind::string) return fail(ErrorKind::invalid_input, "matches needs a regex or a string", where());
    return matches(actual, expected.text, where());
  }
  return fail(ErrorKind::invalid_input, "unknown predicate '" + std::string(name) + "'", where());
}

// What a binary predicate expected, in words: made only for a failed assert (a passing one's
// report shows its text, not this), which spares describing values on every passing assert.
std::string binary_words(std::string_view name, const Value& expected, const hurl::Literal& literal) {
  const std::string e = expected.describe();
  if (name == "==") return e;
  if (name == "!=") return "not " + e;
  if (name == ">") return "greater than " + e;
  if (name == ">=") return "greater than or equal to " + e;
  if (name == "<") return "less than " + e;
  if (name == "<=") return "less than or equal to " + e;
  if (name == "startsWith") return "starts with " + e;
  if (name == "endsWith") return "ends with " + e;
  if (name == "contains") return "contains " + e;
  if (name == "includes") return "includes " + e;
  if (name == "matches") return "matches " + (literal.kind == hurl::Literal::Kind::regex ? "/" + expected.text + "/" : e);
  return std::string(name);
}

// An address in its textual form, as inet_pton reads it (IPv4 dotted quad, any IPv6 form).
bool is_address(int family, const std::string& text) {
  unsigned char scratch[sizeof(in6_addr)];
  return ::inet_pton(family, text.c_str(), scratch) == 1;
}

// 8-4-4-4-12 hex digits, version 4, RFC 9562 variant (10xx): what Hurl's isUuid accepts.
bool is_uuid_v4(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  const char variant = static_cast<char>(std::tolower(static_cast<unsigned char>(text[19])));
  return text[14] == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
}

bool unary(std::string_view name, const Value& actual) {
  using K = Value::Kind;
  // An XPath that selects no node gives an empty nodeset, which does not exist (as in Hurl).
  if (name == "exists") return actual.kind != K::none && !(actual.kind == K::nodeset && actual.integer == 0);
  if (name == "isEmpty") return empty(actual);
  if (name == "isInteger") return actual.kind == K::integer;
  if (name == "isFloat") return actual.kind == K::floating;
  if (name == "isNumber") return actual.is_number();
  if (name == "isBoolean") return actual.kind == K::boolean;
  if (name == "isString") return actual.kind == K::string;
  if (name == "isList") return actual.kind == K::list;
  if (name == "isCollection") {
    return actual.kind == K::list || actual.kind == K::object || actual.kind == K::bytes || actual.kind == K::nodeset;
  }
  if (name == "isDate") return actual.kind == K::date;
  if (name == "isIsoDate") return actual.kind == K::string && is_iso_date(actual.text);
  if (name == "isObject") return actual.kind == K::object || actual.kind == K::nodeset;
  if (name == "isIpv4") return actual.kind == K::string && is_address(AF_INET, actual.text);
  if (name == "isIpv6") return actual.kind == K::string && is_address(AF_INET6, actual.text);
  if (name == "isUuid") return actual.kind == K::string && is_uuid_v4(actual.text);
  return false;
}

std::string unary_words(std::string_view name) {
  if (name == "exists") return "something";
  if (name == "isEmpty") return "empty";
  if (name == "isInteger") return "an integer";
  if (name == "isFloat") return "a float";
  if (name == "isNumber") return "a number";
  if (name == "isBoolean") return "a boolean";
  if (name == "isString") return "a string";
  if (name == "isList") return "a list";
  if (name == "isCollection") return "a collection";
  if (name == "isDate") return "a date";
  if (name == "isIsoDate") return "an ISO 8601 / RFC 3339 date";
  if (name == "isObject") return "an object";
  if (name == "isIpv4") return "an IPv4 address";
  if (name == "isIpv6") return "an IPv6 address";
  if (name == "isUuid") return "a UUID v4";
  return std::string(name);
}

}  // namespace

Result<Value> literal_value(const hurl::Literal& literal, const QueryContext& context) {
  using K = hurl::Literal::Kind;
  switch (literal.kind) {
    case K::null: return Value::null();
    case K::boolean: return Value::of_bool(literal.boolean);
    case K::integer: {
      Value v = Value::of_int(literal.integer);
      if (std::to_string(literal.integer) != literal.number_text) v.text = literal.number_text;  // beyond int64
      return v;
    }
    case K::floating: return Value::of_float(literal.floating);
    case K::bytes: return Value::of_bytes(literal.bytes);
    case K::string:
    case K::regex: {
      auto text = context.variables.render(literal.text, context.file);
      if (!text) return std::unexpected(text.error());
      return Value::of_string(*text);
    }
    case K::placeholder: {
      // A bare {{name}} keeps the variable's type (a captured integer compares as an integer).
      if (literal.text.parts.size() == 1 && literal.text.parts[0].variable) {
        if (const Value* v = context.variables.find(literal.text.parts[0].text)) return *v;
      }
      auto text = context.variables.render(literal.text, context.file);
      if (!text) return std::unexpected(text.error());
      return typed_variable(*text);
    }
    case K::file: {
      auto name = context.variables.render(literal.text, context.file);
      if (!name) return std::unexpected(name.error());
      auto bytes = read_named_file(*name, context.file, std::string(context.file_root), at(context, literal.pos));
      if (!bytes) return std::unexpected(bytes.error());
      return Value::of_bytes(*bytes);
    }
  }
  return Value::none();
}

Result<Verdict> evaluate_predicate(const hurl::Predicate& predicate, const Value& actual, const QueryContext& context) {
  Verdict v;
  bool ok = false;
  std::optional<Value> expected;
  if (predicate.value) {
    auto literal = literal_value(*predicate.value, context);
    if (!literal) return std::unexpected(literal.error());
    expected = std::move(*literal);
    // A bytes or file literal compared with a string body compares bytes with bytes. (The value is
    // copied only then: it may be a whole body, or a parsed JSON object.)
    const Value* left = &actual;
    Value as_bytes;
    if (expected->kind == Value::Kind::bytes && actual.kind == Value::Kind::string) {
      as_bytes = actual;
      as_bytes.kind = Value::Kind::bytes;
      left = &as_bytes;
    }
    auto o = binary(predicate.name, *left, *expected, [&] { return at(context, predicate.pos); });
    if (!o) return std::unexpected(o.error());
    ok = *o;
  } else {
    ok = unary(predicate.name, actual);
  }
  v.passed = predicate.negated ? !ok : ok;
  if (!v.passed) {
    v.actual = shown(actual);
    v.expected = (predicate.negated ? "not " : "") +
                 (expected ? binary_words(predicate.name, *expected, *predicate.value) : unary_words(predicate.name));
  }
  return v;
}

}  // namespace sonde::flow
