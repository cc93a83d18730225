#pragma once
/// What the mock checks in a request before answering it: declared credentials (401), required
/// parameters, a required body and its media type (400/415). The values themselves are validated
/// against their schemas by request_validator.hpp.
#include <map>
#include <optional>
#include <string>

#include "core/mock/exchange.hpp"
#include "core/openapi/document.hpp"
#include "core/openapi/view.hpp"

namespace sonde::mock {

/// A 401 response when none of the operation's security alternatives is satisfied.
std::optional<MockResponse> check_security(const openapi::Document& doc, const openapi::Operation& op,
                                           const MockRequest& request);

/// A 400 or 415 response listing every problem with the request's parameters and body.
std::optional<MockResponse> check_request(const openapi::Operation& op, const MockRequest& request,
                                          const std::map<std::string, std::string>& path_params);

}  // namespace sonde::mock
