#pragma once
/// A pasted snippet read as the small bash script it is: the simple commands it runs, where each
/// one's standard input comes from, and nothing executed.
#include <string>
#include <string_view>
#include <vector>

#include "core/replay/shell_words.hpp"

namespace sonde::replay {

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
