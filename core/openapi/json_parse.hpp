#pragma once
/// Parsing a JSON description into nlohmann::json, stricter than nlohmann::json::parse: a
/// duplicate member name is refused (RFC 8259 section 4 leaves its meaning open; nlohmann would
/// keep the last silently) and so is a number too large for a double (nlohmann throws
/// out_of_range, which is not a parse_error). Errors carry the byte offset they point at.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sonde::openapi {

struct JsonParseError {
  std::string message;  ///< "invalid JSON: …", "duplicate key \"x\"", "number too large: 1e999"
  std::size_t offset = 0;
};

/// Parses `text` (UTF-8, as nlohmann checks) into a tree. std::bad_alloc passes through, the
/// partial tree released first with release_tree.
std::expected<nlohmann::json, JsonParseError> parse_json_text(std::string_view text);

/// Empties `tree` leaves first, allocating nothing. nlohmann's destructor copies a container's
/// children into a fresh vector before freeing them; once memory has run out that allocation
/// throws inside a noexcept destructor and the process aborts instead of reporting the error.
/// Recursive: only for trees whose depth is bounded (ParseLimits::max_depth).
void release_tree(nlohmann::json& tree) noexcept;

}  // namespace sonde::openapi
