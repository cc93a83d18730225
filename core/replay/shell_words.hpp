#pragma once
/// Splits a command line the way bash would before running it: 'single', "double" (with \" \\ \$
/// \` escapes), $'ANSI-C' quoting, backslash escapes and backslash-newline continuations.
/// `$NAME` and `${NAME}` outside single quotes are expanded only when a ShellExpansion is given
/// (an unset variable becomes nothing, as in bash, and is reported); otherwise they stay literal.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::replay {

/// Where `$NAME` is looked up, and the names found unset.
struct ShellExpansion {
  std::function<std::optional<std::string>(const std::string&)> lookup;
  std::vector<std::string> unset;
};

/// The words of `line`; an unterminated quote is an error naming `where`.
Result<std::vector<std::string>> split_shell_words(std::string_view line, const std::string& where,
                                                   ShellExpansion* expansion = nullptr);

}  // namespace sonde::replay
