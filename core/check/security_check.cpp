#include "core/check/security_check.hpp"

#include <algorithm>
#include <cctype>
#include <strings.h>

#include <nlohmann/json.hpp>

#include "core/util/json_fields.hpp"
#include "core/util/text.hpp"

namespace sonde::check {

namespace {

using openapi::Document;
using SpecNode = openapi::Node;  // not "Node": check::Node is the compiled schema node


SpecNode scheme_node(const Document& doc, const std::string& name) {
  SpecNode root = doc.root_node();
  SpecNode scheme = Document::child(Document::child(Document::child(root, "components"), "securitySchemes"), name);
  if (!scheme) scheme = Document::child(Document::child(root, "securityDefinitions"), name);  // Swagger 2.0
  auto resolved = doc.resolve(scheme);
  return resolved ? *resolved : SpecNode{};
}

bool scheme_satisfied(const Document& doc, const std::string& name, const std::string& target,
                      const HeaderPairs& headers) {
  SpecNode scheme = scheme_node(doc, name);
  if (!scheme || !scheme->is_object()) return false;
  std::string type = string_member(*scheme, "type");
  if (type == "apiKey") {
    std::string in = string_member(*scheme, "in", "header"), key = string_member(*scheme, "name");
    if (in == "header") return header_of(headers, key).has_value();
    if (in == "query") {
      auto query = query_parameters(target);
      return std::any_of(query.begin(), query.end(), [&](const auto& p) { return p.first == key; });
    }
    if (in == "cookie") {
      auto names = cookie_names(headers);
      return std::find(names.begin(), names.end(), key) != names.end();
    }
    return false;
  }
  auto authorization = header_of(headers, "Authorization");
  if (!authorization) return false;
  if (type == "http") return starts_with_nocase(*authorization, string_member(*scheme, "scheme", "bearer") + " ");
  if (type == "basic") return starts_with_nocase(*authorization, "basic ");
  return starts_with_nocase(*authorization, "bearer ");  // oauth2, openIdConnect
}

// Where a scheme's credential goes, as a request pointer.
std::string credential_place(const Document& doc, const std::string& name) {
  SpecNode scheme = scheme_node(doc, name);
  if (!scheme || !scheme->is_object()) return "/header/Authorization";
  if (string_member(*scheme, "type") != "apiKey") return "/header/Authorization";
  return "/" + string_member(*scheme, "in", "header") + "/" + string_member(*scheme, "name");
}

std::string challenge(const Document& doc, const openapi::Operation& op) {
  for (const auto& alternative : op.security) {
    for (const auto& [name, scopes] : alternative) {
      SpecNode scheme = scheme_node(doc, name);
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

std::optional<SecurityShortfall> missing_credentials(const Document& doc, const openapi::Operation& op,
                                                     const std::string& target, const HeaderPairs& headers) {
  if (op.security.empty()) return std::nullopt;
  for (const auto& alternative : op.security) {
    bool all = std::all_of(alternative.begin(), alternative.end(), [&](const auto& requirement) {
      return scheme_satisfied(doc, requirement.first, target, headers);
    });
    if (all) return std::nullopt;
  }
  SecurityShortfall out;
  for (const auto& alternative : op.security) {
    for (const auto& [name, scopes] : alternative) {
      if (out.where.empty()) out.where = credential_place(doc, name);
      out.schemes += (out.schemes.empty() ? "" : ", ") + name;
    }
  }
  out.challenge = challenge(doc, op);
  return out;
}

}  // namespace sonde::check
