#pragma once
/// Stage one for security: compares two operations' effective security requirement lists.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diff/delta.hpp"
#include "core/openapi/view.hpp"

namespace sonde::diff {

struct SecurityFact {
  Fact fact;
  std::string subject;
  std::string detail;
  std::string before;
  std::string after;
};

/// Facts between two definitions of one security scheme (Security Scheme Objects): its type,
/// apiKey location and name, HTTP scheme, OAuth flows added or removed, and the token,
/// authorization, refresh and OpenID Connect URLs. `subject` is left for the caller.
std::vector<SecurityFact> scheme_facts(const nlohmann::json& base, const nlohmann::json& rev);

/// Facts between the base and revision requirement lists (alternatives joined by "or").
std::vector<SecurityFact> security_facts(const std::vector<openapi::SecurityRequirement>& base,
                                         const std::vector<openapi::SecurityRequirement>& rev);

}  // namespace sonde::diff
