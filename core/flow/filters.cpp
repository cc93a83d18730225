// The filters of a Hurl query, one small function each behind a name table.
#include <cmath>
#include <functional>
#include <map>
#include <regex>

#include "core/flow/date_text.hpp"
#include "core/flow/evaluate.hpp"
#include "core/flow/html_text.hpp"
#include "core/flow/xpath.hpp"
#include "core/util/base64.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::flow {

Result<Value> json_path_value(const std::string& text, const std::string& expression, const std::string& where);
Result<Value> regex_value(const std::string& text, const std::string& pattern, const std::string& where);

namespace {

struct FilterInput {
  const hurl::Filter& filter;
  const Value& in;
  const QueryContext& ctx;
  std::string where;
};

std::unexpected<Error> wrong_type(const FilterInput& c, const std::string& wanted) {
  return fail(ErrorKind::invalid_input,
              "filter '" + c.filter.name + "' needs " + wanted + ", got " + c.in.describe() + " (" + c.in.type_name() + ")",
              c.where);
}

Result<std::string> text_arg(const FilterInput& c, std::size_t i) {
  if (i >= c.filter.args.size()) return fail(ErrorKind::invalid_input, "filter '" + c.filter.name + "' needs an argument", c.where);
  return c.ctx.variables.render(c.filter.args[i].text, c.ctx.file);
}

bool textual(const Value& v) { return v.kind == Value::Kind::string; }

Result<Value> count(const FilterInput& c) {
  if (c.in.kind == Value::Kind::list) return Value::of_int(static_cast<std::int64_t>(c.in.list.size()));
  if (c.in.kind == Value::Kind::bytes) return Value::of_int(static_cast<std::int64_t>(c.in.text.size()));
  if (c.in.kind == Value::Kind::object) return Value::of_int(static_cast<std::int64_t>(c.in.object.size()));
  if (c.in.kind == Value::Kind::nodeset) return Value::of_int(c.in.integer);
  return wrong_type(c, "a list");
}

Result<Value> nth(const FilterInput& c) {
  if (c.in.kind != Value::Kind::list) return wrong_type(c, "a list");
  const auto& arg = c.filter.args.at(0);
  if (arg.kind != hurl::Literal::Kind::integer) return fail(ErrorKind::invalid_input, "nth needs an integer", c.where);
  auto n = static_cast<std::int64_t>(c.in.list.size());
  std::int64_t i = arg.integer < 0 ? n + arg.integer : arg.integer;
  if (i < 0 || i >= n) {
    return fail(ErrorKind::invalid_input, "nth " + std::to_string(arg.integer) + ": the list has " + std::to_string(n) + " items",
                c.where);
  }
  return c.in.list[static_cast<std::size_t>(i)];
}

Result<Value> regex(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "a string");
  auto pattern = text_arg(c, 0);
  if (!pattern) return std::unexpected(pattern.error());
  return regex_value(c.in.text, *pattern, c.where);
}

// replaceRegex: the pattern is a regex whether written /.../ or "...".
Result<Value> replace_regex(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "a string");
  auto pattern = text_arg(c, 0);
  auto new_text = text_arg(c, 1);
  if (!pattern) return std::unexpected(pattern.error());
  if (!new_text) return std::unexpected(new_text.error());
  try {
    return Value::of_string(std::regex_replace(c.in.text, std::regex(*pattern, std::regex::ECMAScript), *new_text));
  } catch (const std::regex_error& e) {
    return fail(ErrorKind::invalid_input, std::string("invalid regex: ") + e.what(), c.where);
  }
}

// replace: a string is replaced as it is; a /regex/ (older Hurl's form) as replaceRegex does.
Result<Value> replace(const FilterInput& c) {
  if (!c.filter.args.empty() && c.filter.args[0].kind == hurl::Literal::Kind::regex) return replace_regex(c);
  if (!textual(c.in)) return wrong_type(c, "a string");
  auto old_text = text_arg(c, 0);
  auto new_text = text_arg(c, 1);
  if (!old_text) return std::unexpected(old_text.error());
  if (!new_text) return std::unexpected(new_text.error());
  std::string out = c.in.text;
  if (old_text->empty()) return Value::of_string(out);
  for (auto pos = out.find(*old_text); pos != std::string::npos; pos = out.find(*old_text, pos + new_text->size())) {
    out.replace(pos, old_text->size(), *new_text);
  }
  return Value::of_string(out);
}

Result<Value> split(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "a string");
  auto sep = text_arg(c, 0);
  if (!sep) return std::unexpected(sep.error());
  std::vector<Value> parts;
  if (sep->empty()) return Value::of_list({c.in});
  std::size_t start = 0;
  for (auto pos = c.in.text.find(*sep); pos != std::string::npos; pos = c.in.text.find(*sep, start)) {
    parts.push_back(Value::of_string(c.in.text.substr(start, pos - start)));
    start = pos + sep->size();
  }
  parts.push_back(Value::of_string(c.in.text.substr(start)));
  return Value::of_list(std::move(parts));
}

Result<Value> to_int(const FilterInput& c) {
  if (c.in.kind == Value::Kind::integer) return c.in;
  if (c.in.kind == Value::Kind::floating) return Value::of_int(static_cast<std::int64_t>(std::trunc(c.in.floating)));
  if (textual(c.in)) {
    auto v = typed_variable(c.in.text);
    if (v.kind == Value::Kind::integer) return v;
    return fail(ErrorKind::invalid_input, "toInt: " + c.in.describe() + " is not an integer", c.where);
  }
  return wrong_type(c, "a string or a number");
}

Result<Value> to_float(const FilterInput& c) {
  if (c.in.is_number()) return Value::of_float(c.in.number());
  if (textual(c.in)) {
    auto v = typed_variable(c.in.text);
    if (v.is_number()) return Value::of_float(v.number());
    return fail(ErrorKind::invalid_input, "toFloat: " + c.in.describe() + " is not a number", c.where);
  }
  return wrong_type(c, "a string or a number");
}

Result<Value> url_decode(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "a string");
  std::string plus_as_space = c.in.text;
  return Value::of_string(percent_decode(plus_as_space));
}

Result<Value> url_encode(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "a string");
  return Value::of_string(percent_encode(c.in.text));
}

Result<Value> b64_decode(const FilterInput& c, bool url_safe) {
  if (!textual(c.in)) return wrong_type(c, "a string");
  auto bytes = base64_decode(c.in.text, url_safe);
  if (!bytes) return fail(ErrorKind::invalid_input, "base64Decode: " + c.in.describe() + " is not base64", c.where);
  return Value::of_bytes(*bytes);
}

Result<Value> b64_encode(const FilterInput& c, bool url_safe) {
  if (c.in.kind != Value::Kind::bytes && !textual(c.in)) return wrong_type(c, "bytes or a string");
  return Value::of_string(base64_encode(c.in.text, url_safe));
}

Result<Value> jsonpath(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "a string holding JSON");
  auto expression = text_arg(c, 0);
  if (!expression) return std::unexpected(expression.error());
  return json_path_value(c.in.text, *expression, c.where);
}

Result<Value> format(const FilterInput& c) {
  if (c.in.kind != Value::Kind::date) return wrong_type(c, "a date");
  auto fmt = text_arg(c, 0);
  if (!fmt) return std::unexpected(fmt.error());
  return Value::of_string(format_date(c.in.date, *fmt));
}

Result<Value> to_date(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "a string");
  auto fmt = text_arg(c, 0);
  if (!fmt) return std::unexpected(fmt.error());
  auto date = parse_date(c.in.text, *fmt);
  if (!date) return fail(ErrorKind::invalid_input, "toDate: " + c.in.describe() + " does not match '" + *fmt + "'", c.where);
  return Value::of_date(*date);
}

Result<Value> days(const FilterInput& c, bool after) {
  if (c.in.kind != Value::Kind::date) return wrong_type(c, "a date");
  auto now = std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
  auto diff = after ? c.in.date - now : now - c.in.date;
  return Value::of_int(std::chrono::floor<std::chrono::days>(diff).count());
}

Result<Value> decode(const FilterInput& c) {
  if (c.in.kind != Value::Kind::bytes) return wrong_type(c, "bytes");
  auto encoding = text_arg(c, 0);
  if (!encoding) return std::unexpected(encoding.error());
  std::string e = *encoding;
  for (char& ch : e) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (e == "utf-8" || e == "utf8" || e == "ascii" || e == "us-ascii") return Value::of_string(c.in.text);
  if (e == "iso-8859-1" || e == "latin1" || e == "latin-1") {
    std::string out;
    for (unsigned char ch : c.in.text) append_utf8(out, ch);
    return Value::of_string(out);
  }
  return fail(ErrorKind::invalid_input, "decode: encoding '" + *encoding + "' is not supported (utf-8, iso-8859-1)", c.where);
}

Result<Value> utf8_decode(const FilterInput& c) {
  if (c.in.kind != Value::Kind::bytes) return wrong_type(c, "bytes");
  if (const auto at = invalid_utf8_at(c.in.text); at != std::string::npos) {
    return fail(ErrorKind::invalid_input, "utf8Decode: the bytes are not UTF-8 (at byte " + std::to_string(at) + ")", c.where);
  }
  return Value::of_string(c.in.text);
}

Result<Value> utf8_encode(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "a string");
  return Value::of_bytes(c.in.text);
}

Result<Value> to_string(const FilterInput& c) { return Value::of_string(c.in.as_template_text()); }

Result<Value> to_hex(const FilterInput& c) {
  if (c.in.kind != Value::Kind::bytes && !textual(c.in)) return wrong_type(c, "bytes");
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char ch : c.in.text) {
    out += hex[ch >> 4];
    out += hex[ch & 15];
  }
  return Value::of_string(out);
}

Result<Value> url_query_param(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "a URL string");
  auto name = text_arg(c, 0);
  if (!name) return std::unexpected(name.error());
  auto q = c.in.text.find('?');
  if (q == std::string::npos) return Value::none();
  std::string query = c.in.text.substr(q + 1, c.in.text.find('#') == std::string::npos ? std::string::npos : c.in.text.find('#') - q - 1);
  std::size_t start = 0;
  while (start <= query.size()) {
    auto amp = query.find('&', start);
    std::string pair = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) == *name) return Value::of_string(eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1)));
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return Value::none();
}

Result<Value> html_filter(const FilterInput& c, bool escape) {
  if (!textual(c.in)) return wrong_type(c, "a string");
  return Value::of_string(escape ? html_escape(c.in.text) : html_unescape(c.in.text));
}

// Hurl reads the string with its HTML parser, which takes XML too.
Result<Value> xpath(const FilterInput& c) {
  if (!textual(c.in)) return wrong_type(c, "an XML or HTML string");
  auto expression = text_arg(c, 0);
  if (!expression) return std::unexpected(expression.error());
  return xpath_in(c.in.text, MarkupKind::html, *expression, c.where);
}

Result<Value> first_or_last(const FilterInput& c, bool first) {
  if (c.in.kind != Value::Kind::list) return wrong_type(c, "a list");
  if (c.in.list.empty()) return fail(ErrorKind::invalid_input, "the list is empty", c.where);
  return first ? c.in.list.front() : c.in.list.back();
}

// The URL a redirection led to: the items of the `redirects` query are objects with a location.
Result<Value> location(const FilterInput& c) {
  if (c.in.kind != Value::Kind::object || !c.in.object.contains("location") || !c.in.object["location"].is_string())
    return wrong_type(c, "a redirection (an item of the redirects query)");
  return Value::of_string(c.in.object["location"].get<std::string>());
}

using FilterFn = std::function<Result<Value>(const FilterInput&)>;

const std::map<std::string, FilterFn>& table() {
  static const std::map<std::string, FilterFn> filters{
      {"count", count},
      {"nth", nth},
      {"first", [](const FilterInput& c) { return first_or_last(c, true); }},
      {"last", [](const FilterInput& c) { return first_or_last(c, false); }},
      {"regex", regex},
      {"replace", replace},
      {"replaceRegex", replace_regex},
      {"split", split},
      {"toInt", to_int},
      {"toFloat", to_float},
      {"urlDecode", url_decode},
      {"urlEncode", url_encode},
      {"base64Decode", [](const FilterInput& c) { return b64_decode(c, false); }},
      {"base64Encode", [](const FilterInput& c) { return b64_encode(c, false); }},
      {"base64UrlSafeDecode", [](const FilterInput& c) { return b64_decode(c, true); }},
      {"base64UrlSafeEncode", [](const FilterInput& c) { return b64_encode(c, true); }},
      {"jsonpath", jsonpath},
      {"xpath", xpath},
      {"htmlEscape", [](const FilterInput& c) { return html_filter(c, true); }},
      {"htmlUnescape", [](const FilterInput& c) { return html_filter(c, false); }},
      {"format", format},
      {"dateFormat", format},  // format's name since Hurl 6
      {"toDate", to_date},
      {"daysAfterNow", [](const FilterInput& c) { return days(c, true); }},
      {"daysBeforeNow", [](const FilterInput& c) { return days(c, false); }},
      {"decode", decode},
      {"utf8Decode", utf8_decode},
      {"utf8Encode", utf8_encode},
      {"toString", to_string},
      {"toHex", to_hex},
      {"urlQueryParam", url_query_param},
      {"location", location},
  };
  return filters;
}

}  // namespace

Result<Value> apply_filter(const hurl::Filter& filter, const Value& input, const QueryContext& context) {
  const std::string where = context.file + ":" + std::to_string(filter.pos.line) + ":" + std::to_string(filter.pos.col);
  if (input.kind == Value::Kind::none) {
    return fail(ErrorKind::invalid_input, "filter '" + filter.name + "' has no value to work on (the query found nothing)", where);
  }
  auto it = table().find(filter.name);
  if (it == table().end()) return fail(ErrorKind::invalid_input, "filter '" + filter.name + "' is not supported", where);
  return it->second(FilterInput{filter, input, context, where});
}

}  // namespace sonde::flow
