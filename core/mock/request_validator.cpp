#include "core/mock/request_validator.hpp"

#include <algorithm>

#include "core/mock/problem.hpp"

namespace sonde::mock {

std::optional<MockResponse> RequestValidator::validate(const openapi::Operation& op, const MockRequest& request,
                                                       const std::map<std::string, std::string>& path_params) {
  auto violations = checker_.check(op, {request.method, request.target, request.headers, request.body}, path_params);
  // Missing credentials are check_security's 401 (request_gate.hpp), answered before this: not a 400.
  std::erase_if(violations, [](const auto& v) { return v.kind == check::request_kind::security; });
  if (violations.empty()) return std::nullopt;
  std::vector<ProblemItem> items;
  for (const auto& v : violations) items.push_back({v.where, v.message});
  if (violations.front().kind == check::request_kind::media_type) {
    // The body's Content-Type alone, or a multipart part's (then with its pointer, /body/file).
    if (violations.front().where == "/header/Content-Type") {
      return problem_response(415, "Unsupported Media Type", violations.front().message);
    }
    return problem_response(415, "Unsupported Media Type", "the request body does not match " + op.name(), items);
  }
  bool only_body = std::all_of(violations.begin(), violations.end(),
                               [](const auto& v) { return v.kind == check::request_kind::body; });
  if (only_body) {
    return problem_response(422, "Unprocessable Content", "the request body does not match " + op.name(), items);
  }
  return problem_response(400, "Bad Request", "the request does not match " + op.name(), items);
}

}  // namespace sonde::mock
