#pragma once
/// Turns a parsed .http request (http_file_parser.hpp) into the bytes sonde sends: variables
/// substituted, the URL completed (origin-form with Host, no scheme = http://) and percent-encoded,
/// the authorization helpers applied, and the body joined as its Content-Type needs (CRLF for
/// multipart, form lines concatenated, a final newline for NDJSON, `< file` and `<@ file` included).
#include <string>

#include "core/replay/http_file_parser.hpp"
#include "core/replay/request.hpp"
#include "core/replay/variables.hpp"

namespace sonde::replay {

/// The request `raw` of the file at `path` (includes are relative to its folder). Adds no header the
/// file did not write. Errors name `path:line:col`.
Result<Request> build_http_request(const RawHttpRequest& raw, const std::string& path, VariableScope& scope);

}  // namespace sonde::replay
