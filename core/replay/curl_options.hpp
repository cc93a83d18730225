#pragma once
/// What each curl option does to a CurlState, through one table (as curl's tool_getparam.c maps
/// its options): options that shape the request, options accepted because they only change
/// curl's output, timing or retries (listed in `ignored`), and the rest refused by name.
#include <string>
#include <string_view>

#include "core/replay/curl_option_names.hpp"
#include "core/replay/curl_state.hpp"

namespace sonde::replay {

struct CurlArg {
  const std::string& value;  ///< "" for an option without a value
  bool negated;              ///< written as --no-NAME
  std::string_view shown;    ///< the option as written ("-d", "--data"), for messages
  const std::string& where;
};

/// Applies `option` to `s`; an option sonde cannot honour is an error naming it.
Result<void> apply_curl_option(CurlState& s, const CurlOptionName& option, const CurlArg& arg);

}  // namespace sonde::replay
