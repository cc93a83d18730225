// minLength/maxLength (in code points, not bytes), pattern (ECMA-262, unanchored, in bounded time:
// regex_search.hpp) and format.
#include "core/check/formats.hpp"
#include "core/check/keyword_family.hpp"
#include "core/check/regex_search.hpp"

namespace sonde::check::detail {

namespace {

std::uint64_t code_points(std::string_view s) {
  std::uint64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Result<void> compile_string(const Json& schema, Node& node, SchemaCompiler& compiler) {
  StringKeywords k;
  auto min = read_count(schema, "minLength", node);
  if (!min) return std::unexpected(min.error());
  auto max = read_count(schema, "maxLength", node);
  if (!max) return std::unexpected(max.error());
  k.min_length = *min;
  k.max_length = *max;
  if (auto p = schema.find("pattern"); p != schema.end()) {
    if (!p->is_string()) return schema_error(node, "pattern", "must be a string");
    auto compiled = EcmaPattern::compile(p->get<std::string>());
    if (!compiled) {
      return schema_error(node, "pattern", "is not a valid ECMA-262 regular expression: " + compiled.error().message);
    }
    k.pattern = std::move(*compiled);
  }
  if (auto f = schema.find("format"); f != schema.end() && f->is_string()) {
    k.format_name = f->get<std::string>();
    k.format = find_format(k.format_name);
    if (!k.format && !is_numeric_format(k.format_name)) compiler.note_unknown_format(k.format_name);
  }
  if (k.min_length || k.max_length || k.pattern || k.format) node.string = std::make_unique<StringKeywords>(std::move(k));
  return {};
}

bool validate_string(const Node& node, JsonValue value, Walker& w) {
  if (value.type() != JsonType::string) return true;
  const StringKeywords& k = *node.string;
  std::string_view s = value.text();
  bool ok = true;
  if (k.min_length || k.max_length) {
    std::uint64_t n = code_points(s);
    if (k.min_length && n < *k.min_length) {
      ok = w.fail(node, "minLength", "at least " + counted(*k.min_length, "character"),
                  counted(n, "character"));
      if (w.quick()) return false;
    }
    if (k.max_length && n > *k.max_length) {
      ok = w.fail(node, "maxLength", "at most " + counted(*k.max_length, "character"),
                  counted(n, "character"));
      if (w.quick()) return false;
    }
  }
  if (k.pattern) {
    PatternMatch found = k.pattern->search(s, &w.budget()->pattern_steps);
    if (found == PatternMatch::too_long) {
      w.note_unchecked_pattern();  // neither passed nor failed
    } else if (found != PatternMatch::match) {
      std::string actual = value.dump(60);
      if (found == PatternMatch::too_costly) actual += " (" + too_costly_words() + ")";
      ok = w.fail(node, "pattern", "a string matching /" + k.pattern->source() + "/", std::move(actual));
      if (w.quick()) return false;
    }
  }
  if (k.format && w.options().formats && !k.format(s)) {
    ok = w.fail(node, "format", "a valid " + k.format_name, value.dump(60));
  }
  return ok;
}

}  // namespace sonde::check::detail
