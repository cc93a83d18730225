#pragma once
/// Internal to the pattern parser: ECMA-262's predefined classes (\d \s \w and their complements,
/// the line terminators `.` excludes), set arithmetic on code point ranges, and the Unicode
/// property names of \p{...} in RE2's spelling.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/check/regex_syntax.hpp"

namespace sonde::check::regex {

/// \d \D \s \S \w \W as plain ranges (the upper-case ones complemented).
CharSet class_escape(char32_t letter);
/// LF, CR, U+2028, U+2029: what `.` does not match without the `s` flag.
std::vector<Range> line_terminators();
/// Sorted, merged, disjoint.
std::vector<Range> normalize(std::vector<Range> ranges);
/// Everything in U+0000..U+10FFFF that `ranges` (normalized) leaves out.
std::vector<Range> complement(const std::vector<Range>& ranges);
/// The RE2 name for the inside of \p{...} ("Lu", "Greek", "Any"); "" for ASCII (a plain range);
/// nullopt for properties RE2 cannot test (binary properties, Script_Extensions).
std::optional<std::string> property_name(std::string_view text);

}  // namespace sonde::check::regex
