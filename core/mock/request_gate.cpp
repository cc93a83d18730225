#include "core/mock/request_gate.hpp"

#include <algorithm>
#include <strings.h>

#include <nlohmann/json.hpp>

#include "core/mock/problem.hpp"
#include "core/util/json_fields.hpp"

namespace sonde::mock {

namespace {

using openapi::Document;
using openapi::Node;

bool starts_with_nocase(const std::string& text, std::string_view prefix) {
  return text.size() >= prefix.size() && ::strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

Node scheme_node(const Document& doc, const std::string& name) {
  Node root = doc.root_node();
  Node scheme = Document::child(Document::child(Document::child(root, "components"), "securitySchemes"), name);
  if (!scheme) scheme = Document::child(Document::child(root, "securityDefinitions"), name);  // Swagger 2.0
  auto resolved = doc.resolve(scheme);
  return resolved ? *resolved : Node{};
}

// Presence only: the mock cannot know which credentials are valid, only whether they were sent.
bool scheme_satisfied(const Document& doc, const std::string& name, const MockRequest& request) {
  Node scheme = scheme_node(doc, name);
  if (!scheme || !scheme->is_object()) return false;
  std::string type = string_member(*scheme, "type");
  auto authorization = header_value(request.headers, "Authorization");
  if (type == "apiKey") {
    std::string in = string_member(*scheme, "in", "header"), key = string_member(*scheme, "name");
    if (in == "header") return header_value(request.headers, key).has_value();
    if (in == "query") {
      auto query = query_parameters(request.target);
      return std::any_of(query.begin(), query.end(), [&](const auto& p) { return p.first == key; });
    }
    if (in == "cookie") {
      auto names = cookie_names(request.headers);
      return std::find(names.begin(), names.end(), key) != names.end();
    }
    return false;
  }
  if (!authorization) return false;
  if (type == "http") {
    std::string http_scheme = string_member(*scheme, "scheme", "bearer");
    return starts_with_nocase(*authorization, http_scheme + " ");
  }
  if (type == "basic") return starts_with_nocase(*authorization, "basic ");
  return starts_with_nocase(*authorization, "bearer ");  // oauth2, openIdConnect
}

std::string challenge(const Document& doc, const openapi::Operation& op) {
  for (const auto& alternative : op.security) {
    for (const auto& [name, scopes] : alternative) {
      Node scheme = scheme_node(doc, name);
      if (!scheme || !scheme->is_object()) continue;
      std::string type = string_member(*scheme, "type");
      if (type == "http") {
        std::string s = string_member(*scheme, "scheme", "bearer");
        if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
        return s + " realm=\"sonde mock\"";
      }
      if (type == "basic") return "Basic realm=\"sonde mock\"";
      if (type == "oauth2" || type == "openIdConnect") return "Bearer realm=\"sonde mock\"";
    }
  }
  return {};
}

}  // namespace

std::optional<MockResponse> check_security(const Document& doc, const openapi::Operation& op,
                                           const MockRequest& request) {
  if (op.security.empty()) return std::nullopt;
  for (const auto& alternative : op.security) {
    bool all = std::all_of(alternative.begin(), alternative.end(),
                           [&](const auto& requirement) { return scheme_satisfied(doc, requirement.first, request); });
    if (all) return std::nullopt;  // an empty alternative ({}) allows anonymous access
  }
  std::string names;
  for (const auto& alternative : op.security) {
    for (const auto& [name, scopes] : alternative) names += (names.empty() ? "" : ", ") + name;
  }
  MockResponse response = problem_response(401, "Unauthorized", op.name() + " requires credentials: " + names);
  if (std::string c = challenge(doc, op); !c.empty()) response.headers.emplace_back("WWW-Authenticate", c);
  return response;
}

}  // namespace sonde::mock
