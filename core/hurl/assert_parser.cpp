#include "core/hurl/assert_parser.hpp"

#include <algorithm>
#include <array>

#include "core/hurl/text_parsers.hpp"

namespace sonde::hurl {

namespace {

struct QuerySpec {
  std::string_view name;
  bool takes_arg;
  bool supported;
};

// Every query of the Hurl format; the unsupported ones are rejected by name, never skipped.
constexpr std::array k_queries{
    QuerySpec{"status", false, true},   QuerySpec{"version", false, true},  QuerySpec{"url", false, true},
    QuerySpec{"header", true, true},    QuerySpec{"cookie", true, true},    QuerySpec{"body", false, true},
    QuerySpec{"bytes", false, true},    QuerySpec{"jsonpath", true, true},  QuerySpec{"regex", true, true},
    QuerySpec{"variable", true, true},  QuerySpec{"duration", false, true}, QuerySpec{"sha256", false, true},
    QuerySpec{"md5", false, true},      QuerySpec{"certificate", true, true}, QuerySpec{"xpath", true, true},
    QuerySpec{"ip", false, true},       QuerySpec{"redirects", false, true},
};

struct FilterSpec {
  std::string_view name;
  int args;  ///< how many arguments follow
  bool supported;
};

constexpr std::array k_filters{
    FilterSpec{"count", 0, true},         FilterSpec{"nth", 1, true},          FilterSpec{"regex", 1, true},
    FilterSpec{"replace", 2, true},       FilterSpec{"split", 1, true},        FilterSpec{"toInt", 0, true},
    FilterSpec{"toFloat", 0, true},       FilterSpec{"urlDecode", 0, true},    FilterSpec{"urlEncode", 0, true},
    FilterSpec{"base64Decode", 0, true},  FilterSpec{"base64Encode", 0, true}, FilterSpec{"jsonpath", 1, true},
    FilterSpec{"format", 1, true},        FilterSpec{"toDate", 1, true},       FilterSpec{"daysAfterNow", 0, true},
    FilterSpec{"daysBeforeNow", 0, true}, FilterSpec{"decode", 1, true},       FilterSpec{"toString", 0, true},
    FilterSpec{"toHex", 0, true},         FilterSpec{"base64UrlSafeDecode", 0, true},
    FilterSpec{"base64UrlSafeEncode", 0, true}, FilterSpec{"htmlEscape", 0, true}, FilterSpec{"htmlUnescape", 0, true},
    FilterSpec{"xpath", 1, true},        FilterSpec{"urlQueryParam", 1, true}, FilterSpec{"first", 0, true},
    FilterSpec{"last", 0, true},          FilterSpec{"location", 0, true},     FilterSpec{"dateFormat", 1, true},
    FilterSpec{"replaceRegex", 2, true},  FilterSpec{"utf8Decode", 0, true},   FilterSpec{"utf8Encode", 0, true},
};

// Predicates that take no value.
constexpr std::array<std::string_view, 15> k_unary{"exists",   "isEmpty",  "isInteger", "isFloat",  "isBoolean",
                                                   "isString", "isCollection", "isDate", "isIsoDate", "isNumber",
                                                   "isList",   "isObject", "isIpv4",    "isIpv6",   "isUuid"};
constexpr std::array<std::string_view, 11> k_binary{"==", "!=", ">", ">=", "<", "<=", "startsWith", "endsWith",
                                                    "contains", "matches", "includes"};

const QuerySpec* find_query(std::string_view name) {
  auto it = std::find_if(k_queries.begin(), k_queries.end(), [&](const QuerySpec& q) { return q.name == name; });
  return it == k_queries.end() ? nullptr : &*it;
}

const FilterSpec* find_filter(std::string_view name) {
  auto it = std::find_if(k_filters.begin(), k_filters.end(), [&](const FilterSpec& f) { return f.name == name; });
  return it == k_filters.end() ? nullptr : &*it;
}

bool at_end(Cursor& c) {
  char ch = c.peek();
  return c.eof() || ch == '\n' || ch == '\r' || ch == '#';
}

Result<Filter> parse_filter(Cursor& c, const FilterSpec& spec, Pos at) {
  Filter f;
  f.name = std::string(spec.name);
  f.pos = at;
  if (!spec.supported) {
    return c.error("the '" + f.name + "' filter is not supported by sonde yet", at,
                   "sonde refuses a file it cannot run in full rather than skip part of it");
  }
  for (int i = 0; i < spec.args; ++i) {
    c.skip_spaces();
    if (at_end(c)) return c.error("the '" + f.name + "' filter needs an argument", c.pos());
    auto arg = literal(c);
    if (!arg) return std::unexpected(arg.error());
    f.args.push_back(std::move(*arg));
  }
  return f;
}

// Reads the predicate's operator or name (the cursor is on it).
std::string predicate_name(Cursor& c) {
  for (std::string_view op : {"==", "!=", ">=", "<=", ">", "<"}) {
    if (c.starts_with(op)) {
      c.advance(op.size());
      return std::string(op);
    }
  }
  return word(c);
}

// Hurl's older spellings, still found in real files. (string_view: a length check rejects most
// candidates at once, where comparing with a C string measured each one first.)
std::string canonical_predicate(std::string name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> k_legacy{{
      {"equals", "=="}, {"notEquals", "!="}, {"greaterThan", ">"}, {"greaterThanOrEquals", ">="},
      {"lessThan", "<"}, {"lessThanOrEquals", "<="}, {"startWith", "startsWith"}, {"endWith", "endsWith"},
      {"contain", "contains"}, {"match", "matches"}, {"include", "includes"},
  }};
  for (const auto& [old, now] : k_legacy) {
    if (std::string_view(name) == old) return std::string(now);
  }
  return name;
}

}  // namespace

bool is_query_name(std::string_view name) { return find_query(name) != nullptr; }
bool is_filter_name(std::string_view name) { return find_filter(name) != nullptr; }

Result<Query> parse_query(Cursor& c) {
  Query q;
  q.pos = c.pos();
  q.name = word(c);
  const QuerySpec* spec = find_query(q.name);
  if (!spec) return c.error("unknown query '" + q.name + "'", q.pos, "queries: status, header, jsonpath, body, ...");
  if (!spec->supported) {
    return c.error("the '" + q.name + "' query is not supported by sonde yet", q.pos,
                   "sonde refuses a file it cannot run in full rather than skip part of it");
  }
  if (spec->takes_arg) {
    c.skip_spaces();
    if (q.name == "regex" && c.peek() == '/') {
      auto re = literal(c);
      if (!re) return std::unexpected(re.error());
      q.arg = std::move(re->text);
      q.regex_literal = true;
    } else {
      if (c.peek() != '"') return c.error("the '" + q.name + "' query needs a \"quoted\" argument", c.pos());
      auto arg = quoted_string(c);
      if (!arg) return std::unexpected(arg.error());
      q.arg = std::move(*arg);
    }
  }
  // Filters follow, separated by spaces, until something that is not a filter name.
  while (true) {
    Cursor before = c;
    c.skip_spaces();
    if (at_end(c)) {
      c = before;
      break;
    }
    const Pos at = c.pos();
    Cursor probe = c;
    std::string name = word(probe);
    const FilterSpec* filter = name.empty() ? nullptr : find_filter(name);
    if (!filter) {
      c = before;  // not a filter: a predicate or `redact` follows
      break;
    }
    c = probe;
    auto f = parse_filter(c, *filter, at);
    if (!f) return std::unexpected(f.error());
    q.filters.push_back(std::move(*f));
  }
  return q;
}

Result<Assert> parse_assert(Cursor& c) {
  Assert a;
  a.pos = c.pos();
  auto q = parse_query(c);
  if (!q) return std::unexpected(q.error());
  a.query = std::move(*q);
  c.skip_spaces();
  a.predicate.pos = c.pos();
  if (c.starts_with("not ")) {
    a.predicate.negated = true;
    c.advance(4);
    c.skip_spaces();
  }
  const Pos name_at = c.pos();
  std::string name = canonical_predicate(predicate_name(c));
  if (name.empty()) return c.error("expected a predicate (==, !=, >, contains, exists, ...)", name_at);
  const std::string_view named = name;
  const bool unary = std::find(k_unary.begin(), k_unary.end(), named) != k_unary.end();
  const bool binary = std::find(k_binary.begin(), k_binary.end(), named) != k_binary.end();
  if (!unary && !binary) return c.error("unknown predicate '" + name + "'", name_at);
  a.predicate.name = std::move(name);
  if (binary) {
    c.skip_spaces();
    if (at_end(c)) return c.error("the '" + a.predicate.name + "' predicate needs a value", c.pos());
    auto value = literal(c);
    if (!value) return std::unexpected(value.error());
    a.predicate.value = std::move(*value);
  }
  if (!c.end_of_line()) return c.error("unexpected text after the predicate", c.pos());
  return a;
}

}  // namespace sonde::hurl
