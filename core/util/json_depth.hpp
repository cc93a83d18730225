#pragma once
/// A linear pre-check of how deeply a JSON text nests, before it meets code that recurses.
///
/// nlohmann::json parses iteratively, but copying, comparing, dumping and JSONPath's `..` recurse
/// once per level: a 100,000-deep body from a server overflowed the stack (issue 19).
#include <string_view>

namespace sonde {

/// The nesting that bodies from the network may have; the same bound as check's JSON tape.
inline constexpr int k_max_json_depth = 512;

/// True when `text` opens more than `limit` arrays/objects inside one another. Brackets inside
/// strings (escapes included) do not count; the text need not be valid JSON. No recursion.
bool json_nesting_exceeds(std::string_view text, int limit = k_max_json_depth);

}  // namespace sonde
