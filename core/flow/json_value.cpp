#include "core/flow/json_value.hpp"

#include "core/openapi/json_fast_parse.hpp"

namespace sonde::flow {

nlohmann::json parse_json_value(std::string_view text) {
  if (auto fast = openapi::parse_json_fast(text)) return std::move(*fast);
  return nlohmann::json::parse(text, nullptr, false);
}

}  // namespace sonde::flow
