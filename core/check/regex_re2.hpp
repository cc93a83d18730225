#pragma once
/// Internal to regex_search: writes a parsed ECMA-262 pattern in RE2's syntax, so that what RE2
/// reads differently means the same: `.` excludes CR and U+2028/9, \s is ECMA's Unicode space set,
/// every non-alphanumeric code point is written as \x{...}, `^` and `$` are the input's ends (RE2's
/// default without the m flag). Only for trees without backreferences and lookaround.
#include <string>

#include "core/check/regex_syntax.hpp"

namespace sonde::check::regex {

std::string to_re2_syntax(const Node& node);

}  // namespace sonde::check::regex
