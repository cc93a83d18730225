#include "core/mock/request_gate.hpp"

#include "core/check/security_check.hpp"
#include "core/mock/problem.hpp"

namespace sonde::mock {

std::optional<MockResponse> check_security(const openapi::Document& doc, const openapi::Operation& op,
                                           const MockRequest& request) {
  auto missing = check::missing_credentials(doc, op, request.target, request.headers);
  if (!missing) return std::nullopt;
  MockResponse response = problem_response(401, "Unauthorized", op.name() + " requires credentials: " + missing->schemes);
  if (!missing->challenge.empty()) response.headers.emplace_back("WWW-Authenticate", missing->challenge);
  return response;
}

}  // namespace sonde::mock
