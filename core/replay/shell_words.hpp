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

/// One simple command of a shell script, with where its standard input comes from.
struct ShellCommand {
  std::vector<std::string> words;
  enum class Input { inherited, file, text } input = Input::inherited;
  std::string input_value;  ///< the file of `< file`, or the text of a here-document/here-string
  bool piped = false;       ///< its input is the previous command's output (`a | b`)
};

/// The commands of `script`, split at newlines, ';', '&&', '||', '|' and '&', with `#` comments
/// dropped, `< file`, `<<WORD` here-documents and `<<< word` here-strings recorded, and output
/// redirections (`> f`, `2>&1`) dropped. Operators inside quotes are text.
Result<std::vector<ShellCommand>> split_shell_commands(std::string_view script, const std::string& where,
                                                       ShellExpansion* expansion = nullptr);

}  // namespace sonde::replay
