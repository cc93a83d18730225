#pragma once
/// Internal to core/check: validating while parsing, so that memory stays near the body size.
/// Arrays, and objects near the top (envelopes such as {"data": [...], "has_more": true}), are
/// read member by member when their schema only uses keywords that look at one member at a time;
/// everything else (every array element included) is parsed into a small tape and validated whole.
#include "core/check/json_tape.hpp"
#include "core/check/schema.hpp"
#include "core/check/walker.hpp"

namespace sonde::check::detail {

/// Validates the value at the parser's position against `schema`; errors are malformed JSON.
Result<void> stream_value(const Node& schema, TapeParser& parser, Walker& w, int depth);

}  // namespace sonde::check::detail
