#pragma once
/// JSON documents as the CLI prints and writes them. Strings in reports come from the outside
/// (URLs, header values, certificate names, body text) and need not be valid UTF-8; nlohmann's
/// dump() throws on such bytes, which would abort a run after its work was done. Here they become
/// U+FFFD instead, in every JSON output.
#include <string>

#include <nlohmann/json.hpp>

namespace sonde::cli {

/// `value` as JSON text, indented by `indent` spaces (-1: one line), with no trailing newline.
template <class Json>
std::string json_text(const Json& value, int indent = 2) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace sonde::cli
