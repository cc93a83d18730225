#pragma once
/// A quick way through well-formed JSON for large descriptions. nlohmann's parser reads a byte at
/// a time through its input adapter and grows every string a character at a time; this one copies
/// runs of plain characters at once and sizes each string exactly. It is only the fast path of
/// parse_json_text: on anything it does not take (a syntax error, a duplicate key, a lone
/// surrogate, a number out of range, a byte-order mark) it gives up, and nlohmann's parser reads
/// the text again to accept it or word the error. So what it builds must be what nlohmann would
/// have built; tests/unit/openapi/json_fast_parse_test.cpp and the openapi_load fuzz target
/// compare the two.
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sonde::openapi {

/// The tree of `text`, or nullopt when the fast path does not take it. std::bad_alloc passes
/// through, the partial tree released first.
std::optional<nlohmann::json> parse_json_fast(std::string_view text);

}  // namespace sonde::openapi
