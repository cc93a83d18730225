#pragma once
/// Building the live request of one operation: path, required query and header parameters from
/// examples or generated values, and (for unsafe methods) a JSON request body.
#include <string>
#include <vector>

#include "core/check/live_http.hpp"
#include "core/check/operation_index.hpp"
#include "core/openapi/document.hpp"
#include "core/util/redaction.hpp"

namespace sonde::check {

/// The request for `op` against `base_url` (its path is kept as a prefix).
Result<LiveRequest> build_live_request(const openapi::Document& doc, const Operation& op, const std::string& base_url);

/// The request as an equivalent curl command line (shell-quoted, credentials masked as
/// `redactor` says), to reproduce it by hand.
std::string to_curl(const LiveRequest& request, const Redactor& redactor = Redactor{});

}  // namespace sonde::check
