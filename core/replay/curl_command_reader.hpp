#pragma once
/// Reads a curl command line (a browser's "Copy as cURL") into a request. The options curl uses
/// to shape a request are mapped through one table; output-only options (-s, -v, -L, ...) are
/// accepted and ignored; anything else is an error naming the word.
#include <string>
#include <string_view>

#include "core/replay/read_result.hpp"
#include "core/util/error.hpp"

namespace sonde::replay {

/// Parses `command` (starting with "curl"); `where` names it in messages (e.g. "--curl").
Result<ReadResult> parse_curl_command(std::string_view command, const std::string& where);

/// RFC 4648 base64 (for -u user:password).
std::string base64(std::string_view data);

}  // namespace sonde::replay
