#include "core/replay/shell_words.hpp"

#include <algorithm>

#include "core/util/text_codec.hpp"

namespace sonde::replay {

namespace {

// Reads up to `max` digits of base `base` starting at text[i]; advances i past them.
unsigned long read_number(std::string_view text, std::size_t& i, int base, std::size_t max) {
  unsigned long value = 0;
  for (std::size_t n = 0; n < max && i < text.size(); ++n, ++i) {
    int d = base == 8 ? (text[i] >= '0' && text[i] <= '7' ? text[i] - '0' : -1) : hex_digit(text[i]);
    if (d < 0) break;
    value = value * static_cast<unsigned long>(base) + static_cast<unsigned long>(d);
  }
  return value;
}

// bash's $'...' escapes (see bash(1), QUOTING); `i` points after the opening quote.
bool ansi_c_quoted(std::string_view text, std::size_t& i, std::string& out) {
  while (i < text.size()) {
    char c = text[i++];
    if (c == '\'') return true;
    if (c != '\\' || i >= text.size()) {
      out += c;
      continue;
    }
    char e = text[i++];
    switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'e':
      case 'E': out += '\x1b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'x': out += static_cast<char>(read_number(text, i, 16, 2)); break;
      case 'u': append_utf8(out, static_cast<std::uint32_t>(read_number(text, i, 16, 4))); break;
      case 'U': append_utf8(out, static_cast<std::uint32_t>(read_number(text, i, 16, 8))); break;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        --i;
        out += static_cast<char>(read_number(text, i, 8, 3));
        break;
      default: out += e; break;  // \\ \' \" \? and unknown escapes keep the character
    }
  }
  return false;
}

bool name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// `$NAME` or `${NAME}` at text[i] (the '$'): appends the value and moves past it. False (nothing
// consumed) when there is no expansion or no name there.
bool expand_variable(std::string_view text, std::size_t& i, std::string& out, ShellExpansion* expansion) {
  if (!expansion || i + 1 >= text.size()) return false;
  std::size_t start = i + 1;
  bool braced = text[start] == '{';
  if (braced) ++start;
  if (start >= text.size() || !name_start(text[start])) return false;
  std::size_t end = start;
  while (end < text.size() && name_char(text[end])) ++end;
  if (braced && (end >= text.size() || text[end] != '}')) return false;
  std::string name(text.substr(start, end - start));
  if (auto value = expansion->lookup(name)) out += *value;
  else if (std::ranges::find(expansion->unset, name) == expansion->unset.end()) expansion->unset.push_back(name);
  i = braced ? end + 1 : end;
  return true;
}

bool double_quoted(std::string_view text, std::size_t& i, std::string& out, ShellExpansion* expansion) {
  while (i < text.size()) {
    if (text[i] == '$' && expand_variable(text, i, out, expansion)) continue;
    char c = text[i++];
    if (c == '"') return true;
    if (c == '\\' && i < text.size()) {
      char e = text[i];
      if (e == '\n') {
        ++i;
        continue;
      }
      if (e == '"' || e == '\\' || e == '$' || e == '`') {
        out += e;
        ++i;
        continue;
      }
    }
    out += c;
  }
  return false;
}

}  // namespace

Result<std::vector<std::string>> split_shell_words(std::string_view text, const std::string& where,
                                                   ShellExpansion* expansion) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  bool only_expansions = true;  // an unquoted expansion that comes out empty is no word at all (bash)
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word && !(word.empty() && only_expansions)) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      only_expansions = true;
      ++i;
      continue;
    }
    in_word = true;
    if (c == '$' && expand_variable(text, i, word, expansion)) continue;
    only_expansions = false;
    if (c == '\\') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        in_word = !word.empty();
      } else if (i + 1 < text.size() && text[i + 1] == '\r' && i + 2 < text.size() && text[i + 2] == '\n') {
        in_word = !word.empty();
        ++i;
      } else if (i + 1 < text.size()) {
        word += text[i + 1];
      }
      i += 2;
    } else if (c == '\'') {
      std::size_t close = text.find('\'', i + 1);
      if (close == std::string_view::npos) return fail(ErrorKind::invalid_input, "unterminated ' quote", where);
      word.append(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '$' && i + 1 < text.size() && text[i + 1] == '\'') {
      i += 2;
      if (!ansi_c_quoted(text, i, word)) return fail(ErrorKind::invalid_input, "unterminated $' quote", where);
    } else if (c == '"') {
      ++i;
      if (!double_quoted(text, i, word, expansion)) return fail(ErrorKind::invalid_input, "unterminated \" quote", where);
    } else {
      word += c;
      ++i;
    }
  }
  if (in_word && !(word.empty() && only_expansions)) words.push_back(std::move(word));
  return words;
}

}  // namespace sonde::replay

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
