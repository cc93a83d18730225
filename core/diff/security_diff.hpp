#pragma once
/// Stage one for security: compares two operations' effective security requirement lists.
#include <string>
#include <vector>

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

/// Facts between the base and revision requirement lists (alternatives joined by "or").
std::vector<SecurityFact> security_facts(const std::vector<openapi::SecurityRequirement>& base,
                                         const std::vector<openapi::SecurityRequirement>& rev);

}  // namespace sonde::diff
