#include "core/check/request_check.hpp"

#include <algorithm>
#include <strings.h>

#include <nlohmann/json.hpp>

#include "core/check/body_json.hpp"
#include "core/check/multipart.hpp"
#include "core/check/security_check.hpp"
#include "core/check/spec_schemas.hpp"
#include "core/check/validator.hpp"
#include "core/util/text.hpp"

namespace sonde::check {

namespace {


std::vector<std::string> raw_values(const openapi::Parameter& p, const SentRequest& request,
                                    const std::vector<std::pair<std::string, std::string>>& query,
                                    const std::map<std::string, std::string>& path_params) {
  std::vector<std::string> raw;
  if (p.in == "path") {
    if (auto found = path_params.find(p.name); found != path_params.end()) raw.push_back(found->second);
  } else if (p.in == "query") {
    for (const auto& [key, value] : query) {
      if (key == p.name) raw.push_back(value);
    }
  } else if (p.in == "header") {
    if (auto value = header_of(request.headers, p.name)) raw.push_back(*value);
  } else if (p.in == "cookie") {
    for (const auto& [name, value] : cookie_pairs(request.headers)) {
      if (name == p.name) raw.push_back(value);
    }
  }
  return raw;
}

bool present(const openapi::Parameter& p, const SentRequest& request,
             const std::vector<std::pair<std::string, std::string>>& query,
             const std::map<std::string, std::string>& path_params) {
  if (p.in == "cookie") {
    auto names = cookie_names(request.headers);
    return std::find(names.begin(), names.end(), p.name) != names.end();
  }
  return !raw_values(p, request, query, path_params).empty();
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

bool media_matches(const std::string& documented, const std::string& sent) {
  std::string bare = sent.substr(0, sent.find(';'));
  while (!bare.empty() && bare.back() == ' ') bare.pop_back();
  if (::strcasecmp(documented.c_str(), bare.c_str()) == 0 || documented == "*/*") return true;
  return documented.ends_with("/*") && starts_with_nocase(bare, documented.substr(0, documented.size() - 1));
}

namespace {

// A body sent with a Content-Encoding (gzip) is not what its schema describes until decoded,
// which no check here does: its content is left unread, as a compressed answer's is.
bool encoded(const SentRequest& request) {
  auto encoding = header_of(request.headers, "Content-Encoding");
  if (!encoding) return false;
  const std::string_view value = trim(*encoding);
  return !value.empty() && ::strcasecmp(std::string(value).c_str(), "identity") != 0;
}

}  // namespace

RequestChecker::RequestChecker(const openapi::Document& doc)
    : doc_(doc), compiler_(dialect_of(doc), document_ref_resolver(doc)) {}

const Node* RequestChecker::compiled(const openapi::Node& schema) {
  std::lock_guard lock(compile_mutex_);
  auto node = compiler_.compile(doc_.json(*schema.value), schema_pointer(doc_, schema));
  return node ? *node : nullptr;
}

std::vector<RequestViolation> RequestChecker::check(const openapi::Operation& op, const SentRequest& request,
                                                    const std::map<std::string, std::string>& path_params) {
  std::vector<RequestViolation> out;
  if (auto missing = missing_credentials(doc_, op, request.target, request.headers)) {
    out.push_back({request_kind::security, missing->where, "no credentials for its security requirements: " + missing->schemes,
                   "", ""});
  }
  auto query = query_parameters(request.target);
  for (const auto& p : op.parameters) {
    if (!p.required || p.in == "formData") continue;  // Swagger 2.0 formData: part of the body
    if (!present(p, request, query, path_params)) {
      out.push_back({request_kind::missing, "/" + p.in + "/" + p.name, "required " + p.in + " parameter is missing",
                     "", ""});
    }
  }
  if (op.body) {
    auto content_type = header_of(request.headers, "Content-Type");
    if (request.body.empty() && !request.body_unread) {
      if (op.body->required) out.push_back({request_kind::missing, "/body", "a request body is required", "", ""});
    } else if (!op.body->content.empty()) {
      bool documented = content_type && std::any_of(op.body->content.begin(), op.body->content.end(),
                                                     [&](const auto& m) { return media_matches(m.name, *content_type); });
      if (!documented) {
        std::string list;
        for (const auto& m : op.body->content) list += (list.empty() ? "" : ", ") + m.name;
        // The body cannot be read by a schema: the media type is the one violation, after a
        // missing credential (which comes first in every answer).
        std::vector<RequestViolation> only;
        if (!out.empty() && out.front().kind == request_kind::security) only.push_back(std::move(out.front()));
        only.push_back({request_kind::media_type, "/header/Content-Type",
                        "Content-Type " + (content_type ? *content_type : std::string("(none)")) + " is not one of: " + list,
                        "", ""});
        return only;
      }
    }
  }
  check_values(op, request, path_params, out);
  return out;
}

void RequestChecker::check_values(const openapi::Operation& op, const SentRequest& request,
                                  const std::map<std::string, std::string>& path_params,
                                  std::vector<RequestViolation>& out) {
  ValidationOptions options;
  options.direction = Direction::request;
  options.max_violations = 20;
  auto query = query_parameters(request.target);
  for (const auto& p : op.parameters) {
    if (!p.schema) continue;
    std::string type = type_of(doc_, p.schema);
    auto text = parameter_json(raw_values(p, request, query, path_params), type,
                               type == "array" ? item_type_of(doc_, p.schema) : "", p.style, p.explode);
    const Node* node = text ? compiled(p.schema) : nullptr;
    if (!node) continue;
    auto result = validate_body(*node, *text, options);
    if (!result) continue;
    for (const auto& v : result->violations) {
      out.push_back({request_kind::parameter, "/" + p.in + "/" + p.name + v.pointer, v.message(), v.schema,
                     schema_source(doc_, v.schema)});
    }
  }
  if (!op.body || request.body.empty() || request.body_unread || encoded(request)) return;
  auto content_type = header_of(request.headers, "Content-Type").value_or("");
  if (is_form_media(content_type)) {
    for (const auto& media : op.body->content) {
      if (!media.schema || !media_matches(media.name, content_type)) continue;
      const Node* node = compiled(media.schema);
      if (!node) return;
      std::string body = form_json(doc_, media.schema, request.body);
      auto result = validate_body(*node, body, options);
      if (!result) return;
      for (const auto& v : result->violations) {
        out.push_back({request_kind::body, "/body" + v.pointer, v.message(), v.schema, schema_source(doc_, v.schema)});
      }
      return;
    }
    return;
  }
  if (is_multipart_form_media(content_type)) {
    for (const auto& media : op.body->content) {
      if (!media_matches(media.name, content_type)) continue;
      auto parts = parse_multipart(content_type, request.body);
      if (!parts) {
        out.push_back({request_kind::malformed, "/body", parts.error().message, "", ""});
        return;
      }
      auto reading = multipart_json(doc_, media, *parts);
      for (auto& v : reading.violations) out.push_back(std::move(v));
      const Node* node = media.schema ? compiled(media.schema) : nullptr;
      if (!node) return;
      auto result = validate_body(*node, reading.json, options);
      if (!result) return;
      for (const auto& v : result->violations) {
        out.push_back({request_kind::body, "/body" + v.pointer, v.message(), v.schema, schema_source(doc_, v.schema)});
      }
      return;
    }
    return;
  }
  if (!is_json_media(content_type)) return;  // JSON, form and multipart bodies are read by schemas
  for (const auto& media : op.body->content) {
    if (!is_json_media(media.name) || !media_matches(media.name, content_type)) continue;
    if (!media.schema) {
      if (!nlohmann::json::accept(request.body)) {
        out.push_back({request_kind::malformed, "/body", "the body is not valid JSON", "", ""});
      }
      return;
    }
    const Node* node = compiled(media.schema);
    if (!node) return;
    std::string body = request.body;  // the validator unescapes in place
    auto result = validate_body(*node, body, options);
    if (!result) {
      out.push_back({request_kind::malformed, "/body", "the body is not valid JSON: " + result.error().message, "", ""});
    } else {
      for (const auto& v : result->violations) {
        out.push_back({request_kind::body, "/body" + v.pointer, v.message(), v.schema, schema_source(doc_, v.schema)});
      }
    }
    return;
  }
}

RequestContract::RequestContract(const openapi::Document& doc, const OperationIndex& index, openapi::View view)
    : index_(index), view_(std::move(view)), checker_(doc) {
  for (const auto& op : view_.operations) by_name_.emplace(op.name(), &op);
}

Result<std::unique_ptr<RequestContract>> RequestContract::create(const openapi::Document& doc,
                                                                 const OperationIndex& index) {
  auto view = openapi::build_view(doc);
  if (!view) return std::unexpected(view.error());
  return std::unique_ptr<RequestContract>(new RequestContract(doc, index, std::move(*view)));
}

std::vector<RequestViolation> RequestContract::check(const SentRequest& request) {
  auto match = index_.match(request.method, request.target);
  if (!match || !match->operation) return {};
  auto found = by_name_.find(match->operation->name());
  if (found == by_name_.end()) return {};
  return checker_.check(*found->second, request, match->path_params);
}

}  // namespace sonde::check
