#pragma once
/// Hand-written checkers for the string formats of JSON Schema and OpenAPI (no regex engine on
/// the hot path): one function per format behind a name -> checker table.
#include <string_view>

#include "core/check/schema.hpp"

namespace sonde::check {

/// The checker for a string format, or nullptr when sonde does not know it (it then passes).
FormatCheck find_format(std::string_view name);

/// True for formats that constrain numbers rather than strings (int32, int64, float, double).
bool is_numeric_format(std::string_view name);

}  // namespace sonde::check
