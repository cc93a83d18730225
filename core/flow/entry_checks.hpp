#pragma once
/// The checks of one entry's response: implicit asserts (version, status, headers, body), then
/// captures, then explicit asserts, in the order Hurl runs them.
#include <vector>

#include "core/flow/evaluate.hpp"
#include "core/flow/run_result.hpp"

namespace sonde::flow {

/// Which results check_response returns: every check's, or only those that did not pass (what
/// the text, JUnit, TAP and HTML reports show). A passing assert's texts are then never built and
/// nothing of it is kept: on a long run, kept results were most of the memory it touched.
enum class KeepAsserts { all, failed };

/// Runs the response spec against the call. Captures go into `variables` (also when an assert
/// fails, as in Hurl); `secret_names` marks captures declared `redact`.
std::vector<AssertResult> check_response(const hurl::Response& spec, const QueryContext& context, Variables& variables,
                                         KeepAsserts keep = KeepAsserts::all);

}  // namespace sonde::flow
