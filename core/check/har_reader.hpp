#pragma once
/// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) as exported by browser devtools and
/// proxies: the entries, in file order, as exchanges the contract checks can read.
#include <string>
#include <vector>

#include "core/check/exchange.hpp"
#include "core/util/error.hpp"

namespace sonde::check {

/// Parses HAR text; `path` names the file in errors. Bodies with "encoding": "base64" are
/// decoded. Errors (invalid_input) name the file and the entry.
Result<std::vector<HttpExchange>> parse_har(std::string text, const std::string& path);

/// Reads and parses a HAR file.
Result<std::vector<HttpExchange>> read_har(const std::string& path);

}  // namespace sonde::check
