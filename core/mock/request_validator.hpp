#pragma once
/// The mock's answer to a request that breaks its operation's contract, from the shared request
/// checks (core/check/request_check.hpp): 415 for an undocumented media type, 400 for missing or
/// invalid parameters and malformed bodies, 422 for a well-formed body the schema refuses — each a
/// problem+json response listing every violation with its pointer.
#include <map>
#include <optional>
#include <string>

#include "core/check/request_check.hpp"
#include "core/mock/exchange.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::mock {

class RequestValidator {
 public:
  /// `doc` must outlive the validator.
  explicit RequestValidator(const openapi::Document& doc) : checker_(doc) {}

  /// nullopt when the request conforms.
  std::optional<MockResponse> validate(const openapi::Operation& op, const MockRequest& request,
                                       const std::map<std::string, std::string>& path_params);

 private:
  check::RequestChecker checker_;
};

using check::parameter_json;  // the mock's tests pin the parameter serializations here

}  // namespace sonde::mock
