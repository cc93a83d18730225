#include "core/check/exchange.hpp"

#include <algorithm>
#include <cctype>

#include "core/check/media_type.hpp"
#include "core/check/spec_schemas.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::check {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

// Response keys in the order OpenAPI prescribes: the exact code, its range (2XX), then default.
std::optional<std::string> pick_response(const openapi::DocValue& responses, int status) {
  std::string exact = std::to_string(status);
  if (responses.contains(exact)) return exact;
  for (std::string range : {std::to_string(status / 100) + "XX", std::to_string(status / 100) + "xx"}) {
    if (responses.contains(range)) return range;
  }
  if (responses.contains("default")) return std::string("default");
  return std::nullopt;
}

std::string json_quote(std::string_view s) {
  return nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// nlohmann's value() throws on a type mismatch (`required: "yes"`); descriptions are input.
bool bool_field(const openapi::DocValue& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

const std::string* find_header(const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return &v;
  }
  return nullptr;
}

ContractChecker::ContractChecker(const openapi::Document& doc, OperationIndex index, CheckOptions options)
    : doc_(doc), index_(std::move(index)), options_(options), compiler_(dialect_of(doc), document_ref_resolver(doc)) {}

Result<std::unique_ptr<ContractChecker>> ContractChecker::create(const openapi::Document& doc, CheckOptions options) {
  auto index = OperationIndex::build(doc);
  if (!index) return std::unexpected(index.error());
  return std::unique_ptr<ContractChecker>(new ContractChecker(doc, std::move(*index), options));
}

Result<const Node*> ContractChecker::compiled(const openapi::Node& schema) {
  {
    std::shared_lock read(compile_mutex_);
    if (auto hit = compiled_by_value_.find(schema.value); hit != compiled_by_value_.end()) return hit->second;
  }
  std::unique_lock write(compile_mutex_);
  auto node = compiler_.compile(doc_.json(*schema.value), schema_pointer(doc_, schema));
  if (node) compiled_by_value_.emplace(schema.value, *node);
  if (!node && node.error().where.find('#') != std::string::npos) {
    // Invalid schemas are reported where the author can fix them: file:line:col, not a pointer.
    Error e = node.error();
    e.message += " (" + e.where + ")";
    e.where = schema_source(doc_, e.where);
    return std::unexpected(e);
  }
  return node;
}

Result<ExchangeResult> ContractChecker::check(HttpExchange& exchange) {
  if (exchange.status == 0) {
    // Browsers record blocked or aborted requests with status 0: there is no response to check.
    ExchangeResult r;
    r.method = exchange.method;
    r.url = exchange.url;
    r.note = "no response was recorded (status 0)";
    return r;
  }
  auto match = index_.match(exchange.method, exchange.url);
  if (!match) {
    ExchangeResult r;
    r.method = exchange.method;
    r.url = exchange.url;
    r.status = exchange.status;
    r.time_ms = exchange.time_ms;
    r.note = index_.path_known(exchange.url) ? "the path is documented but not for " + exchange.method
                                             : "no operation matches " + exchange.method + " " + url_path(exchange.url);
    return r;
  }
  return check(exchange, *match->operation);
}

Result<ExchangeResult> ContractChecker::check(HttpExchange& exchange, const Operation& op) {
  ExchangeResult r;
  r.operation = op.name();
  r.method = exchange.method;
  r.url = exchange.url;
  r.status = exchange.status;
  r.time_ms = exchange.time_ms;
  auto op_pointer = [&] { return schema_pointer(doc_, op.node); };  // for violations only
  if (exchange.status >= 500) {
    r.violations.push_back({kind::server_error, "", op_pointer(), doc_.where(op.node), "",
                            "server error: status " + std::to_string(exchange.status), "a status below 500",
                            std::to_string(exchange.status)});
  }
  if (options_.max_time_ms > 0 && exchange.time_ms > options_.max_time_ms) {
    auto ms = [](double v) { return std::to_string(static_cast<long long>(v + 0.5)) + " ms"; };
    r.violations.push_back({kind::time, "", op_pointer(), doc_.where(op.node), "",
                            "the exchange took " + ms(exchange.time_ms) + ", more than " + options_.max_time_option + " " + ms(options_.max_time_ms),
                            "at most " + ms(options_.max_time_ms), ms(exchange.time_ms)});
  }
  auto responses = doc_.resolve_child(op.node, "responses");
  if (!responses) return std::unexpected(responses.error());
  std::optional<std::string> key;
  if (responses->value && responses->value->is_object()) key = pick_response(*responses->value, exchange.status);
  if (!key) {
    std::vector<std::string> documented;
    if (responses->value && responses->value->is_object()) {
      for (const auto& [k, v] : responses->value->items()) documented.emplace_back(k);
    }
    auto where = responses->value ? *responses : op.node;
    r.violations.push_back({kind::status, "", schema_pointer(doc_, where), doc_.where(where), "",
                            "status " + std::to_string(exchange.status) + " is not documented (documented: " +
                                join(documented) + ")",
                            "one of " + join(documented), std::to_string(exchange.status)});
    return r;
  }
  r.response_key = *key;
  auto response = doc_.resolve_child(*responses, *key);
  if (!response) return std::unexpected(response.error());
  if (auto h = check_headers(*response, exchange, r); !h) return std::unexpected(h.error());
  if (auto c = check_content(*response, op, exchange, r); !c) return std::unexpected(c.error());
  return r;
}

Result<void> ContractChecker::check_headers(const openapi::Node& response, const HttpExchange& exchange,
                                            ExchangeResult& out) {
  auto headers = openapi::Document::child(response, "headers");
  if (!headers || !headers->is_object()) return {};
  for (const auto& entry : headers->items()) {
    const std::string name(entry.key());
    if (iequals(name, "content-type")) continue;  // OpenAPI: described by `content`, ignored here
    auto header = doc_.resolve_child(headers, name);
    if (!header) return std::unexpected(header.error());
    const std::string* value = find_header(exchange.headers, name);
    bool required = header->value->is_object() && bool_field(*header->value, "required");
    if (!value) {
      if (required) {
        out.violations.push_back({kind::header, "", schema_pointer(doc_, *header), doc_.where(*header), "required",
                                  "required header " + name + " is missing", "header " + name, ""});
      }
      continue;
    }
    // 3.x puts the schema under `schema`; 2.0 writes type/format on the header itself.
    auto schema = openapi::Document::child(*header, "schema");
    if (!schema) schema = header->value->contains("type") ? *header : openapi::Node{};
    if (!schema) continue;
    auto node = compiled(schema);
    if (!node) return std::unexpected(node.error());
    auto resolved = doc_.resolve(schema);
    std::string type = resolved && resolved->value->is_object() ? string_member(*resolved->value, "type") : "";
    std::string text = type == "integer" || type == "number" || type == "boolean" ? *value : json_quote(*value);
    auto result = validate_body(**node, text, options_.validation);
    if (!result) {
      // Not a JSON scalar (e.g. "abc" for an integer header): validate it as the string it is.
      text = json_quote(*value);
      result = validate_body(**node, text, options_.validation);
      if (!result) continue;
    }
    for (const auto& v : result->violations) {
      out.violations.push_back({kind::header, "", v.schema, schema_source(doc_, v.schema), v.keyword,
                                "header " + name + ": " + v.message(), v.expected, v.actual});
    }
  }
  return {};
}

Result<void> ContractChecker::check_content(const openapi::Node& response, const Operation& op, HttpExchange& exchange,
                                            ExchangeResult& out) {
  std::vector<std::string> documented;
  auto content = openapi::Document::child(response, "content");
  bool swagger2 = doc_.dialect() == openapi::Dialect::swagger2;
  if (content && content->is_object()) {
    for (const auto& [k, v] : content->items()) documented.emplace_back(k);
  } else if (swagger2 && response->contains("schema")) {
    const openapi::DocValue* produces = op.node->contains("produces") ? &(*op.node)["produces"]
                                        : doc_.root().contains("produces") ? &doc_.root()["produces"] : nullptr;
    if (produces && produces->is_array()) {
      for (const auto& p : *produces) {
        if (p.is_string()) documented.push_back(p.get<std::string>());
      }
    }
    if (documented.empty()) documented.push_back("application/json");
  }
  // Where the response is documented, for violations only: locating a YAML node took a third
  // of the check of a passing exchange.
  const openapi::Node& documented_at = content ? content : response;
  auto where_ptr = [&] { return schema_pointer(doc_, documented_at); };
  auto where = [&] { return doc_.where(documented_at); };
  if (documented.empty()) {
    if (!exchange.body.empty() && exchange.body_recorded) {
      out.violations.push_back({kind::content_type, "", where_ptr(), where(), "",
                                "a body was sent but the response documents no content", "no body",
                                std::to_string(exchange.body.size()) + " bytes"});
    }
    return {};
  }
  if (!exchange.body_recorded) {
    out.note = "the body was not recorded; only the status and headers were checked";
    return {};
  }
  if (exchange.body.empty()) {
    if (exchange.method != "HEAD" && exchange.status != 204 && exchange.status != 304) {
      out.violations.push_back({kind::body, "", where_ptr(), where(), "", "empty body; documented: " + join(documented),
                                "a body of " + join(documented), ""});
    }
    return {};
  }
  const std::string* content_type = find_header(exchange.headers, "content-type");
  std::string assumed;
  if (!content_type && !exchange.content_type_known) {
    // --response without --content-type: the documented JSON media type, else the first one.
    auto json = std::find_if(documented.begin(), documented.end(), [](const auto& d) { return is_json(essence(d)); });
    assumed = json != documented.end() ? *json : documented.front();
    if (assumed.find('*') != std::string::npos) assumed = "application/json";  // a wildcard is not a type
    content_type = &assumed;
  }
  if (!content_type) {
    out.violations.push_back({kind::content_type, "", where_ptr(), where(), "",
                              "no Content-Type header; documented: " + join(documented), "one of " + join(documented),
                              ""});
    return {};
  }
  auto key = match_media_type(*content_type, documented);
  if (!key) {
    out.violations.push_back({kind::content_type, "", where_ptr(), where(), "",
                              "Content-Type " + *content_type + " is not documented (documented: " + join(documented) + ")",
                              "one of " + join(documented), *content_type});
    return {};
  }
  auto schema = swagger2 && !content ? openapi::Document::child(response, "schema")
                                     : openapi::Document::child(openapi::Document::child(content, *key), "schema");
  if (!schema || !is_json_content_type(*content_type)) return {};  // only JSON bodies are validated
  return check_body(schema, exchange.body, out);
}

Result<void> ContractChecker::check_body(const openapi::Node& schema, BodyBuffer& body, ExchangeResult& out) {
  auto node = compiled(schema);
  if (!node) return std::unexpected(node.error());
  auto result = validate_body(**node, body.data(), body.size(), options_.validation);
  if (!result) {
    out.violations.push_back({kind::body, "", schema_pointer(doc_, schema), doc_.where(schema), "",
                              "the body is not JSON: " + describe(result.error()), "JSON", describe(result.error())});
    return {};
  }
  for (const auto& v : result->violations) {
    out.violations.push_back(
        {kind::body, v.pointer, v.schema, schema_source(doc_, v.schema), v.keyword, v.message(), v.expected, v.actual});
  }
  out.omitted += result->omitted;
  if (result->unchecked_patterns) {
    out.note = std::to_string(result->unchecked_patterns) +
               " pattern check(s) skipped: strings longer than 256 KiB are not matched";
  }
  return {};
}

}  // namespace sonde::check
