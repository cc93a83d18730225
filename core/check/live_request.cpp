#include "core/check/live_request.hpp"

#include <map>

#include "core/check/generate/pattern_strings.hpp"
#include "core/openapi/instance_generator.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/shell_quote.hpp"
#include "core/util/text_codec.hpp"

namespace sonde::check {

namespace {

std::string dump(const nlohmann::json& v) { return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }
std::string dump(const openapi::DocValue& v) { return v.dump(); }

// Parameters of the path item, overridden by the operation's own of the same name and location.
Result<std::vector<openapi::Node>> parameters(const openapi::Document& doc, const Operation& op) {
  std::map<std::pair<std::string, std::string>, openapi::Node> merged;
  std::vector<std::pair<std::string, std::string>> order;
  for (const auto* holder : {&op.path_item, &op.node}) {
    auto list = openapi::Document::child(*holder, "parameters");
    if (!list || !list->is_array()) continue;
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto p = doc.resolve_child(list, std::to_string(i));
      if (!p) return std::unexpected(p.error());
      if (!p->value->is_object() || !p->value->contains("name") || !p->value->contains("in")) continue;
      std::pair<std::string, std::string> key{dump((*p->value)["name"]), dump((*p->value)["in"])};
      if (!merged.count(key)) order.push_back(key);
      merged[key] = *p;
    }
  }
  std::vector<openapi::Node> out;
  for (const auto& key : order) out.push_back(merged[key]);
  return out;
}

// Live requests carry the smallest valid values: required properties only, as a client sends.
nlohmann::json generated(const openapi::Document& doc, const openapi::Node& schema) {
  return openapi::InstanceGenerator(doc, {.include_optional = false, .for_response = false, .pattern_string = generate::fixed_string_matching}).generate(schema);
}

nlohmann::json parameter_value(const openapi::Document& doc, const openapi::Node& param) {
  if (auto e = openapi::example_of(doc, param)) return *e;
  auto schema = openapi::Document::child(param, "schema");
  // Swagger 2.0 puts type/format/enum on the parameter itself.
  return generated(doc, schema ? schema : param);
}

std::string as_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : dump(v); }

}  // namespace

std::string to_curl(const LiveRequest& request, const Redactor& redactor) {
  std::string out = "curl";
  if (request.method != "GET") out += " -X " + request.method;
  for (const auto& h : request.headers) out += " -H " + shell_quote(redactor.shown_line(h));
  if (!request.body.empty()) out += " --data-raw " + shell_quote(request.body);
  out += " --max-time " + std::to_string(static_cast<long>(request.max_time_s));
  return out + " " + shell_quote(redactor.shown_url(request.url));
}

Result<LiveRequest> build_live_request(const openapi::Document& doc, const Operation& op, const std::string& base_url) {
  LiveRequest req;
  req.method = op.method;
  std::string path = op.path;
  std::string query;
  auto params = parameters(doc, op);
  if (!params) return std::unexpected(params.error());
  for (const auto& p : *params) {
    std::string in = string_member(*p.value, "in");
    std::string name = string_member(*p.value, "name");
    bool required = p->contains("required") && (*p.value)["required"].is_boolean() && (*p.value)["required"].get<bool>();
    if (in == "path") {
      std::string key = "{" + name + "}";
      std::string value = percent_encode(as_text(parameter_value(doc, p)));
      for (auto pos = path.find(key); pos != std::string::npos; pos = path.find(key, pos + value.size())) {
        path.replace(pos, key.size(), value);
      }
    } else if (in == "query" && required) {
      query.push_back(query.empty() ? '?' : '&');
      query.append(percent_encode(name)).append("=").append(percent_encode(as_text(parameter_value(doc, p))));
    } else if (in == "header" && required) {
      req.headers.push_back(name + ": " + as_text(parameter_value(doc, p)));
    } else if (in == "body" && (op.method != "GET" && op.method != "HEAD")) {
      req.body = dump(parameter_value(doc, p));
      req.headers.push_back("Content-Type: application/json");
    }
  }
  // Template parameters the description forgot to declare still need a value.
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{', open)) {
    auto close = path.find('}', open);
    if (close == std::string::npos) break;
    path.replace(open, close - open + 1, 1, '1');
  }
  if (auto body = doc.resolve_child(op.node, "requestBody"); body && body->value) {
    auto content = openapi::Document::child(*body, "content");
    if (content && content->is_object() && !content->empty()) {
      std::string type(content->begin().key());
      for (const auto& [k, v] : content->items()) {
        if (k == "application/json" || k.ends_with("+json")) type = std::string(k);
      }
      auto media = openapi::Document::child(content, type);
      auto value = openapi::example_of(doc, media);
      req.body = dump(value ? *value : generated(doc, openapi::Document::child(media, "schema")));
      req.headers.push_back("Content-Type: " + type);
    }
  }
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  req.url = base + path + query;
  return req;
}

}  // namespace sonde::check
