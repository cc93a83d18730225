#pragma once
/// The equivalent curl command line of a `sonde time` request (--print-curl), with a -w format
/// that prints curl's own cumulative timings for comparison.
#include <string>

#include "core/timing/options.hpp"
#include "core/util/redaction.hpp"

namespace sonde::timing {

/// `curl ...` reproducing `options`; `data_arg` is -d's argument as the user wrote it (@file kept).
/// Credentials are shown as `redactor` allows (masked unless --show-secrets).
std::string to_curl_command(const RequestOptions& options, const std::string& data_arg, const Redactor& redactor);

}  // namespace sonde::timing
