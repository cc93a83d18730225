#pragma once
/// Splits a command line the way bash would before running it: 'single', "double" (with \" \\ \$
/// \` escapes), $'ANSI-C' quoting, backslash escapes and backslash-newline continuations. No
/// expansion: `$VAR` stays literal text.
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::replay {

/// The words of `line`; an unterminated quote is an error naming `where`.
Result<std::vector<std::string>> split_shell_words(std::string_view line, const std::string& where);

}  // namespace sonde::replay
