#pragma once
/// Reads the requests of a HAR 1.2 archive (log.entries[].request), optionally only those whose
/// URL matches a regular expression. HTTP/2 pseudo-headers (":authority", ...) are dropped, and so
/// are headers libcurl computes itself (Content-Length, Host); HTTP/2's split cookie fields are
/// joined with "; " (RFC 9113 §8.2.3). `queryString` entries the URL lacks are appended,
/// `request.cookies` no Cookie header carries are added to it, `postData.params` are sent
/// URL-encoded or as multipart/form-data (multipart.hpp, with a boundary= that matches the bytes),
/// and `postData.text` with `"encoding": "base64"` is decoded.
#include <string>

#include "core/replay/read_result.hpp"
#include "core/util/error.hpp"

namespace sonde::replay {

/// Reads `path`; `filter` (ECMAScript regex, searched in the URL) may be empty.
Result<ReadResult> read_har_file(const std::string& path, const std::string& filter);

/// Same from text (tests); `path` names it in messages.
Result<ReadResult> parse_har_text(const std::string& text, const std::string& path, const std::string& filter);

}  // namespace sonde::replay
