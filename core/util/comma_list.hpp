#pragma once
/// The items of a comma-separated option value ("p99:total=1s, fail-rate=1%"), as every
/// list-valued flag reads them.
#include <string>
#include <string_view>
#include <vector>

namespace sonde {

/// Splits at commas and trims spaces and tabs around each item. Empty items are kept, so the
/// caller decides whether "a,,b" is an error; "" gives one empty item.
std::vector<std::string> comma_items(std::string_view text);

/// comma_items() without the empty ones.
std::vector<std::string> nonempty_comma_items(std::string_view text);

}  // namespace sonde
