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
