#pragma once
/// Reads a curl command line (a browser's "Copy as cURL", a snippet from API docs) into the
/// requests curl would send: one per URL, per `--next` section and per curl command of a small
/// script (other commands of the script, such as `echo`, are skipped). curl's options are split
/// as curl splits them (curl_option_names.hpp) and applied through one table (curl_options.hpp).
#include <string>
#include <string_view>

#include "core/replay/curl_state.hpp"
#include "core/replay/read_result.hpp"
#include "core/util/error.hpp"

namespace sonde::replay {

/// Parses `command` (starting with "curl"); `where` names it in messages (e.g. "--curl").
/// `inputs` supplies standard input for `@-` and `-T -` (none: those are errors).
Result<ReadResult> parse_curl_command(std::string_view command, const std::string& where,
                                      CurlInputs* inputs = nullptr);


}  // namespace sonde::replay
