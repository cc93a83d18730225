#pragma once
/// RFC 6901 JSON pointers: building them token by token and splitting them back.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.hpp"

namespace sonde::json_pointer {

/// Escapes one reference token: "~" -> "~0", "/" -> "~1".
std::string escape(std::string_view token);

/// Reverses escape(); fails on a "~" not followed by 0 or 1.
Result<std::string> unescape(std::string_view token);

/// Appends one (unescaped) token to a pointer: append("/paths", "/pets/{id}") == "/paths/~1pets~1{id}".
std::string append(std::string_view pointer, std::string_view token);

/// Splits a pointer ("" or "/a/b") into unescaped tokens; fails when it does not start with "/".
Result<std::vector<std::string>> split(std::string_view pointer);

/// The array index a token names: decimal digits only, below `size`; nullopt otherwise (indexes
/// too large for size_t included, never an exception).
std::optional<std::size_t> array_index(std::string_view token, std::size_t size);

/// One step down: the member `token` of an object, or the element at index `token` (decimal
/// digits only) of an array; nullptr when there is none. Indexes too large for size_t are absent,
/// never an exception.
const nlohmann::json* step(const nlohmann::json& node, std::string_view token);

}  // namespace sonde::json_pointer
