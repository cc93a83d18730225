#pragma once
/// What the mock checks in a request before anything else: declared credentials (401). The
/// contract of parameters and body is request_validator.hpp's.
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

}  // namespace sonde::mock
