#pragma once
/// The checks of one entry's response: implicit asserts (version, status, headers, body), then
/// captures, then explicit asserts, in the order Hurl runs them.
#include <vector>

#include "core/flow/evaluate.hpp"
#include "core/flow/run_result.hpp"

namespace sonde::flow {

/// Runs the response spec against the call. Captures go into `variables` (also when an assert
/// fails, as in Hurl); `secret_names` marks captures declared `redact`.
std::vector<AssertResult> check_response(const hurl::Response& spec, const QueryContext& context, Variables& variables);

}  // namespace sonde::flow
