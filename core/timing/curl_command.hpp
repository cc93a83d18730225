#pragma once
/// The equivalent curl command line of a `sonde time` request (--print-curl), with a -w format
/// that prints curl's own cumulative timings for comparison.
#include <string>

#include "core/timing/options.hpp"

namespace sonde::timing {

/// Quotes one argument for a POSIX shell (single quotes unless it is plainly safe).
std::string shell_quote(const std::string& arg);

/// `curl ...` reproducing `options`; `data_arg` is -d's argument as the user wrote it (@file kept).
std::string to_curl_command(const RequestOptions& options, const std::string& data_arg);

}  // namespace sonde::timing
