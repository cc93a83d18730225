#include "core/replay/shell_script.hpp"

#include <algorithm>

namespace sonde::replay {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool all_digits(const std::string& word) {
  return std::ranges::all_of(word, [](char c) { return c >= '0' && c <= '9'; });
}

// The body of a here-document that starts on the line after `from`: lines up to one equal to
// `word` (leading tabs stripped with <<-). Returns the body and moves `from` past the end line.
std::string here_document(std::string_view text, std::size_t& from, const std::string& word, bool strip_tabs) {
  std::size_t line_start = text.find('\n', from);
  std::string body;
  if (line_start == std::string_view::npos) {
    from = text.size();
    return body;
  }
  ++line_start;
  while (line_start < text.size()) {
    std::size_t end = text.find('\n', line_start);
    std::string_view line = text.substr(line_start, end == std::string_view::npos ? text.npos : end - line_start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (strip_tabs) line.remove_prefix(std::min(line.find_first_not_of('\t'), line.size()));
    line_start = end == std::string_view::npos ? text.size() : end + 1;
    if (line == word) break;
    body += std::string(line) + "\n";
  }
  from = line_start;
  return body;
}

}  // namespace

Result<std::vector<ShellCommand>> split_shell_commands(std::string_view text, const std::string& where,
                                                       ShellExpansion* expansion) {
  std::vector<ShellCommand> commands;
  ShellCommand current;
  std::size_t pending_heredoc = std::string_view::npos;  // the command whose here-doc body follows this line
  std::string heredoc_word;
  bool heredoc_tabs = false;
  std::string word;
  bool in_word = false;
  enum class Next { argument, input_file, here_string, here_word, output } next = Next::argument;
  std::string ambiguous;

  auto end_word = [&]() {
    if (!in_word) return;
    switch (next) {
      case Next::argument: current.words.push_back(std::move(word)); break;
      case Next::input_file:
        // bash refuses `< $UNSET` ("ambiguous redirect") and runs nothing.
        if (word.empty() && ambiguous.empty()) ambiguous = "ambiguous redirect: '<' names no file";
        current.input = ShellCommand::Input::file;
        current.input_value = std::move(word);
        break;
      case Next::here_string:
        current.input = ShellCommand::Input::text;
        current.input_value = std::move(word) + "\n";
        break;
      case Next::here_word:
        heredoc_word = std::move(word);
        pending_heredoc = commands.size();
        break;
      case Next::output: break;
    }
    next = Next::argument;
    word.clear();
    in_word = false;
  };
  // "2>" and "0<" name a file descriptor; any other word before a redirection is a word.
  auto drop_fd_or_end_word = [&]() {
    if (in_word && next == Next::argument && all_digits(word)) {
      word.clear();
      in_word = false;
    }
    end_word();
  };
  auto end_command = [&](bool piped_next) {
    end_word();
    if (!current.words.empty()) commands.push_back(std::move(current));
    current = ShellCommand{};
    current.piped = piped_next;
  };

  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (is_space(c)) {
      end_word();
      ++i;
    } else if (c == '\n') {
      end_command(false);
      std::size_t heredoc_for = pending_heredoc;
      if (pending_heredoc != std::string_view::npos) {
        std::size_t at = i;
        std::string body = here_document(text, at, heredoc_word, heredoc_tabs);
        if (heredoc_for < commands.size()) {
          commands[heredoc_for].input = ShellCommand::Input::text;
          commands[heredoc_for].input_value = std::move(body);
        }
        pending_heredoc = std::string_view::npos;
        i = at;
      } else {
        ++i;
      }
    } else if (c == '#' && !in_word) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == ';' || c == '&' || c == '|') {
      bool pipe = c == '|' && !(i + 1 < text.size() && text[i + 1] == '|');
      end_command(pipe);
      i += (i + 1 < text.size() && text[i + 1] == c) ? 2 : 1;
    } else if (c == '<') {
      drop_fd_or_end_word();
      if (text.substr(i).starts_with("<<<")) {
        next = Next::here_string;
        i += 3;
      } else if (text.substr(i).starts_with("<<")) {
        i += 2;
        heredoc_tabs = i < text.size() && text[i] == '-';
        if (heredoc_tabs) ++i;
        // The here-doc body belongs to the command being read; remember it by position.
        end_word();
        next = Next::here_word;
        pending_heredoc = commands.size();
      } else {
        next = Next::input_file;
        ++i;
      }
    } else if (c == '>') {
      // > f, >> f, 2> f, >&2, 2>&1: curl's output goes nowhere sonde cares about.
      drop_fd_or_end_word();
      next = Next::output;
      ++i;
      if (i < text.size() && text[i] == '>') ++i;
      if (i < text.size() && text[i] == '&') ++i;
    } else {
      // One shell word (quotes, escapes, $'...'): reuse the word splitter on its extent.
      std::size_t start = i;
      while (i < text.size()) {
        char d = text[i];
        if (is_space(d) || d == '\n' || d == ';' || d == '&' || d == '|' || d == '<' || d == '>') break;
        if (d == '\\') {
          i += 2;
        } else if (d == '\'') {
          auto close = text.find('\'', i + 1);
          if (close == std::string_view::npos) return fail(ErrorKind::invalid_input, "unterminated ' quote", where);
          i = close + 1;
        } else if (d == '"') {
          std::size_t j = i + 1;
          while (j < text.size() && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
          if (j >= text.size()) return fail(ErrorKind::invalid_input, "unterminated \" quote", where);
          i = j + 1;
        } else if (d == '$' && i + 1 < text.size() && text[i + 1] == '\'') {
          std::size_t j = i + 2;
          while (j < text.size() && text[j] != '\'') j += text[j] == '\\' ? 2 : 1;
          if (j >= text.size()) return fail(ErrorKind::invalid_input, "unterminated $' quote", where);
          i = j + 1;
        } else {
          ++i;
        }
      }
      i = std::min(i, text.size());
      auto pieces = split_shell_words(text.substr(start, i - start), where, expansion);
      if (!pieces) return std::unexpected(pieces.error());
      // A backslash-newline inside the extent splits nothing: join what came back.
      for (auto& p : *pieces) word += p;
      // A redirection's target is a word even when it expands to nothing (`<<< $UNSET` is "\n").
      in_word = in_word || !pieces->empty() || (next != Next::argument && i > start);
    }
  }
  end_command(false);
  if (!ambiguous.empty()) return fail(ErrorKind::invalid_input, ambiguous, where);
  return commands;
}

}  // namespace sonde::replay
