#include "core/mock/request_validator.hpp"

#include <nlohmann/json.hpp>

#include "core/check/spec_schemas.hpp"
#include "core/check/validator.hpp"
#include "core/mock/problem.hpp"

namespace sonde::mock {

namespace {

std::string scalar_json(const std::string& raw, const std::string& type) {
  if (type == "integer" || type == "number" || type == "boolean") {
    // A value that is not a JSON number or boolean stays a string, so the validator reports the
    // type mismatch instead of the mock guessing.
    if (!raw.empty() && nlohmann::json::accept(raw)) {
      auto parsed = nlohmann::json::parse(raw);
      if (parsed.is_number() || parsed.is_boolean()) return raw;
    }
  }
  return nlohmann::json(raw).dump();
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    auto at = text.find(separator, start);
    parts.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) return parts;
    start = at + 1;
  }
}

std::string type_of(const openapi::Document& doc, const openapi::Node& schema) {
  auto resolved = doc.resolve(schema);
  if (!resolved || !*resolved || !(*resolved)->is_object()) return {};
  const auto& type = (*resolved)->value("type", nlohmann::json());
  if (type.is_string()) return type.get<std::string>();
  if (type.is_array()) {
    for (const auto& t : type) {
      if (t.is_string() && t != "null") return t.get<std::string>();
    }
  }
  if ((*resolved)->contains("items")) return "array";
  if ((*resolved)->contains("properties")) return "object";
  return {};
}

std::string item_type_of(const openapi::Document& doc, const openapi::Node& schema) {
  auto resolved = doc.resolve(schema);
  if (!resolved || !*resolved) return {};
  return type_of(doc, openapi::Document::child(*resolved, "items"));
}

}  // namespace

std::optional<std::string> parameter_json(const std::vector<std::string>& raw, const std::string& type,
                                          const std::string& item_type, const std::string& style, bool explode) {
  if (raw.empty() || type == "object") return std::nullopt;
  if (type != "array") return scalar_json(raw.front(), type);
  std::vector<std::string> items;
  if (explode && raw.size() > 1) {
    items = raw;  // ids=1&ids=2
  } else {
    char separator = style == "spaceDelimited" ? ' ' : style == "pipeDelimited" ? '|' : ',';
    for (const auto& value : raw) {
      for (auto& part : split(value, separator)) items.push_back(std::move(part));
    }
  }
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + scalar_json(items[i], item_type);
  return out + "]";
}

RequestValidator::RequestValidator(const openapi::Document& doc)
    : doc_(doc), compiler_(check::dialect_of(doc), check::document_ref_resolver(doc)) {}

const check::Node* RequestValidator::compiled(const openapi::Node& schema) {
  std::lock_guard lock(compile_mutex_);
  auto node = compiler_.compile(*schema.value, check::schema_pointer(doc_, schema));
  return node ? *node : nullptr;
}

std::optional<MockResponse> RequestValidator::validate(const openapi::Operation& op, const MockRequest& request,
                                                       const std::map<std::string, std::string>& path_params) {
  std::vector<ProblemItem> parameter_problems, body_problems;
  check::ValidationOptions options;
  options.direction = check::Direction::request;
  options.max_violations = 20;
  auto query = query_parameters(request.target);
  for (const auto& p : op.parameters) {
    if (!p.schema) continue;
    std::vector<std::string> raw;
    if (p.in == "path") {
      if (auto found = path_params.find(p.name); found != path_params.end()) raw.push_back(found->second);
    } else if (p.in == "query") {
      for (const auto& [key, value] : query) {
        if (key == p.name) raw.push_back(value);
      }
    } else if (p.in == "header") {
      if (auto value = header_value(request.headers, p.name)) raw.push_back(*value);
    }
    std::string type = type_of(doc_, p.schema);
    auto text = parameter_json(raw, type, type == "array" ? item_type_of(doc_, p.schema) : "", p.style, p.explode);
    const check::Node* node = text ? compiled(p.schema) : nullptr;
    if (!node) continue;
    auto result = check::validate_body(*node, *text, options);
    if (!result) continue;
    for (const auto& v : result->violations) {
      parameter_problems.push_back({"/" + p.in + "/" + p.name + v.pointer, v.message()});
    }
  }
  if (op.body && !request.body.empty()) {
    auto content_type = header_value(request.headers, "Content-Type").value_or("");
    for (const auto& media : op.body->content) {
      bool json = media.name.find("json") != std::string::npos;
      if (!json || !media.schema || content_type.find("json") == std::string::npos) continue;
      const check::Node* node = compiled(media.schema);
      if (!node) break;
      std::string body = request.body;  // the validator unescapes in place
      auto result = check::validate_body(*node, body, options);
      if (!result) {
        parameter_problems.push_back({"/body", "the body is not valid JSON: " + result.error().message});
      } else {
        for (const auto& v : result->violations) body_problems.push_back({"/body" + v.pointer, v.message()});
      }
      break;
    }
  }
  if (!parameter_problems.empty()) {
    parameter_problems.insert(parameter_problems.end(), body_problems.begin(), body_problems.end());
    return problem_response(400, "Bad Request", "the request does not match " + op.name(), parameter_problems);
  }
  if (!body_problems.empty()) {
    return problem_response(422, "Unprocessable Content", "the request body does not match " + op.name(),
                            body_problems);
  }
  return std::nullopt;
}

}  // namespace sonde::mock
