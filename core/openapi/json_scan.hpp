#pragma once
/// A minimal JSON text scanner used to find where a value starts without keeping a second tree, and
/// to refuse absurd nesting before the real parser sees it.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace sonde::openapi::json_scan {

constexpr std::size_t npos = std::string_view::npos;

/// Offset of the first non-space byte at or after `pos`.
std::size_t skip_space(std::string_view text, std::size_t pos);

/// Offset just past the value starting at `pos` (string, number, literal, object or array).
std::size_t skip_value(std::string_view text, std::size_t pos);

/// Calls `member(key_or_index, value_offset)` for each member of the object or array at `pos`.
void for_each_member(std::string_view text, std::size_t pos,
                     const std::function<void(const std::string&, std::size_t)>& member);

struct DuplicateKey {
  std::size_t offset = npos;  ///< of the second occurrence's opening quote
  std::string key;
};

/// The first member name that repeats within one object, or offset npos.
DuplicateKey find_duplicate_key(std::string_view text);

/// Offset of the first byte nested deeper than `max_depth`, or npos.
std::size_t too_deep(std::string_view text, int max_depth);

}  // namespace sonde::openapi::json_scan
