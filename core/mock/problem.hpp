#pragma once
/// RFC 7807 "problem details" bodies (application/problem+json) for the mock's own answers:
/// 400/422 request violations, 401, 404, 405, 409, 429 and injected failures.
#include <string>
#include <vector>

#include "core/mock/exchange.hpp"

namespace sonde::mock {

struct ProblemItem {
  std::string pointer;  ///< where in the request: "/body/amount", "/query/limit", "/header/X-Id"
  std::string message;
};

/// A complete response with a problem+json body; `items` become the "errors" member.
MockResponse problem_response(int status, const std::string& title, const std::string& detail,
                              const std::vector<ProblemItem>& items = {});

/// The standard reason phrase for a status code ("Not Found"), or "" for an unknown code.
const char* reason_phrase(int status);

}  // namespace sonde::mock
