// The queries of a Hurl assert or capture: what each one reads from the call.
#include <regex>
#include <unordered_map>

#include "core/flow/date_text.hpp"
#include "core/flow/evaluate.hpp"
#include "core/flow/json_value.hpp"
#include "core/flow/jsonpath.hpp"
#include "core/flow/xpath.hpp"
#include "core/util/digest.hpp"
#include "core/util/header_field.hpp"
#include "core/util/json_depth.hpp"
#include "core/util/redaction.hpp"

namespace sonde::flow {

namespace {

Result<std::string> argument(const hurl::Query& q, const QueryContext& ctx) {
  return ctx.variables.render(q.arg, ctx.file);
}

Value header_query(const std::string& name, const Call& call) {
  std::vector<Value> values;
  for (const auto& [n, v] : call.headers) {
    if (iequals_ascii(n, name)) values.push_back(Value::of_string(v));
  }
  if (values.empty()) return Value::none();
  if (values.size() == 1) return values.front();
  return Value::of_list(std::move(values));
}

// cookie "name" or cookie "name[Attribute]" from the response's Set-Cookie headers.
Value cookie_query(const std::string& spec, const Call& call) {
  std::string name = spec, attribute = "Value";
  if (auto open = spec.find('['); open != std::string::npos && spec.ends_with("]")) {
    name = spec.substr(0, open);
    attribute = spec.substr(open + 1, spec.size() - open - 2);
  }
  for (const auto& [n, v] : call.headers) {
    if (!iequals_ascii(n, "Set-Cookie")) continue;
    auto eq = v.find('=');
    if (eq == std::string::npos || v.substr(0, eq) != name) continue;
    auto semi = v.find(';');
    if (attribute == "Value") return Value::of_string(v.substr(eq + 1, semi == std::string::npos ? std::string::npos : semi - eq - 1));
    std::string_view rest = semi == std::string::npos ? std::string_view() : std::string_view(v).substr(semi + 1);
    while (!rest.empty()) {
      auto next = rest.find(';');
      std::string_view part = rest.substr(0, next);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      auto peq = part.find('=');
      std::string_view key = part.substr(0, peq);
      if (iequals_ascii(key, attribute)) {
        if (peq == std::string_view::npos) return Value::of_bool(true);  // Secure, HttpOnly
        std::string value(part.substr(peq + 1));
        if (iequals_ascii(attribute, "Max-Age")) {
          try {
            return Value::of_int(std::stoll(value));
          } catch (...) {
            return Value::of_string(value);
          }
        }
        if (iequals_ascii(attribute, "Expires")) {
          if (auto date = parse_http_date(value)) return Value::of_date(*date);
        }
        return Value::of_string(value);
      }
      if (next == std::string_view::npos) break;
      rest.remove_prefix(next + 1);
    }
    return Value::none();
  }
  return Value::none();
}

// Flows ask the same few expressions ("$.id") entry after entry: each is parsed once per thread
// (files run on threads of their own). The cache is emptied when it grows past a bound.
// The compiled expression, from a per-thread cache (an entry's asserts repeat the same few). The
// pointer is good until the next call: the cache may be emptied then.
Result<const JsonPath*> parsed_jsonpath(const std::string& expression) {
  thread_local std::unordered_map<std::string, JsonPath> cache;
  if (auto hit = cache.find(expression); hit != cache.end()) return &hit->second;
  auto path = JsonPath::parse(expression);
  if (!path) return std::unexpected(path.error());
  if (cache.size() >= 256) cache.clear();
  return &cache.emplace(expression, std::move(*path)).first->second;
}

Result<Value> jsonpath_in(const nlohmann::json& doc, const std::string& expression, const std::string& where) {
  auto path = parsed_jsonpath(expression);
  if (!path) return fail(ErrorKind::invalid_input, path.error().message, where);
  auto nodes = (*path)->select(doc);
  if ((*path)->singular()) return nodes.empty() ? Value::none() : Value::from_json(*nodes.front());
  std::vector<Value> values;
  for (const auto* node : nodes) values.push_back(Value::from_json(*node));
  return Value::of_list(std::move(values));
}

Result<Value> jsonpath_on(const std::string& text, const std::string& expression, const std::string& where,
                          const char* what) {
  if (json_nesting_exceeds(text)) {
    return fail(ErrorKind::invalid_input, std::string(what) + " nests deeper than " + std::to_string(k_max_json_depth) + " levels", where);
  }
  auto doc = parse_json_value(text);
  if (doc.is_discarded()) return fail(ErrorKind::invalid_input, std::string(what) + " is not valid JSON", where);
  return jsonpath_in(doc, expression, where);
}

Result<Value> regex_on(const std::string& text, const std::string& pattern, const std::string& where) {
  try {
    std::regex re(pattern, std::regex::ECMAScript);
    std::smatch m;
    if (!std::regex_search(text, m, re)) return Value::none();
    return Value::of_string(m.size() > 1 ? m[1].str() : m[0].str());
  } catch (const std::regex_error& e) {
    return fail(ErrorKind::invalid_input, std::string("invalid regex: ") + e.what(), where);
  }
}

Result<Value> certificate_query(const std::string& field, const Call& call, const std::string& where) {
  if (call.certificate.empty()) return fail(ErrorKind::invalid_input, "no TLS certificate (not an https response)", where);
  auto it = call.certificate.find(field);
  if (it == call.certificate.end()) {
    if (field != "Subject" && field != "Issuer" && field != "Start-Date" && field != "Expire-Date" && field != "Serial-Number") {
      return fail(ErrorKind::invalid_input, "unknown certificate field '" + field + "'", where,
                  "fields: Subject, Issuer, Start-Date, Expire-Date, Serial-Number");
    }
    return Value::none();
  }
  if (field == "Start-Date" || field == "Expire-Date") {
    if (auto date = parse_certificate_date(it->second)) return Value::of_date(*date);
  }
  return Value::of_string(it->second);
}

Result<Value> base_query(const hurl::Query& q, const QueryContext& ctx) {
  const Call& call = ctx.call;
  // "file:line:col", for errors only: built on demand (most queries succeed).
  auto where = [&] { return at(ctx, q.pos); };
  // A view compares its length first; std::string == "literal" measures the literal each time.
  const std::string_view name = q.name;
  if (name == "status") return Value::of_int(call.status);
  if (name == "version") return Value::of_string(call.version.starts_with("HTTP/") ? call.version.substr(5) : call.version);
  if (name == "url") return Value::of_string(call.url);
  if (name == "ip") return Value::of_string(call.ip);
  if (name == "redirects") {  // one redirection per hop followed, read with the `location` filter
    std::vector<Value> hops;
    for (const auto& url : call.redirects) {
      Value hop = Value::from_json(nlohmann::json{{"location", url}});
      hops.push_back(std::move(hop));
    }
    return Value::of_list(std::move(hops));
  }
  if (name == "body") return Value::of_string(call.body);
  if (name == "bytes") return Value::of_bytes(call.body);
  if (name == "sha256") return Value::of_bytes(sha256(call.body));
  if (name == "md5") return Value::of_bytes(md5(call.body));
  if (name == "duration") return Value::of_int(static_cast<std::int64_t>(ctx.duration_ms));
  auto arg = argument(q, ctx);
  if (!arg) return std::unexpected(arg.error());
  if (name == "header") return header_query(*arg, call);
  if (name == "cookie") return cookie_query(*arg, call);
  if (name == "jsonpath") {
    // Too deep a body stays unparsed: JSONPath and values recurse once per level.
    if (!ctx.parsed_body) {
      ctx.parsed_body = json_nesting_exceeds(call.body) ? nlohmann::json(nlohmann::json::value_t::discarded)
                                                        : parse_json_value(call.body);
    }
    if (ctx.parsed_body->is_discarded()) {
      return fail(ErrorKind::invalid_input,
                  json_nesting_exceeds(call.body)
                      ? "the response body nests deeper than " + std::to_string(k_max_json_depth) + " levels"
                      : std::string("the response body is not valid JSON"),
                  where());
    }
    auto found = jsonpath_in(*ctx.parsed_body, *arg, {});  // "file:line:col" only for an error
    if (!found) {
      Error e = found.error();
      e.where = where();
      return std::unexpected(std::move(e));
    }
    return found;
  }
  if (name == "xpath") {
    if (!ctx.parsed_markup) {
      auto parsed = MarkupDocument::parse(call.body, markup_kind_of(first_header(call.headers, "Content-Type")), where());
      if (!parsed) return std::unexpected(parsed.error());
      ctx.parsed_markup = std::move(*parsed);
    }
    return ctx.parsed_markup->evaluate(*arg, where());
  }
  if (name == "regex") return regex_on(call.body, *arg, where());
  if (name == "certificate") return certificate_query(*arg, call, where());
  if (name == "variable") {
    const Value* v = ctx.variables.find(*arg);
    return v ? *v : Value::none();
  }
  return fail(ErrorKind::invalid_input, "the '" + q.name + "' query is not supported", where());
}

}  // namespace

Result<Value> evaluate_query(const hurl::Query& query, const QueryContext& context) {
  auto value = base_query(query, context);
  if (!value) return value;
  for (const auto& filter : query.filters) {
    value = apply_filter(filter, *value, context);
    if (!value) return value;
  }
  return value;
}

Result<Value> json_path_value(const std::string& text, const std::string& expression, const std::string& where) {
  return jsonpath_on(text, expression, where, "the filtered value");
}

Result<Value> regex_value(const std::string& text, const std::string& pattern, const std::string& where) {
  return regex_on(text, pattern, where);
}

}  // namespace sonde::flow
