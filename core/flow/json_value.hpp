#pragma once
/// JSON text read into a tree as nlohmann's `parse(text, nullptr, false)` reads it — the same
/// values and number types, `discarded` for what is not JSON — through the fast parser of
/// descriptions first (core/openapi/json_fast_parse.hpp), which gives up on anything unusual and
/// leaves it to nlohmann. A flow parses every JSON response its asserts query.
#include <string_view>

#include <nlohmann/json.hpp>

namespace sonde::flow {

nlohmann::json parse_json_value(std::string_view text);

}  // namespace sonde::flow
