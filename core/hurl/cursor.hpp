#pragma once
/// A position-tracking reader over a Hurl file's text: the parser's only way to move, so every
/// node and every error knows its `line:col` (1-based, columns count bytes).
#include <string>
#include <string_view>

#include "core/hurl/ast.hpp"
#include "core/util/error.hpp"

namespace sonde::hurl {

class Cursor {
 public:
  /// `path` names the file in errors; it must outlive the cursor. (Held by pointer: the parser
  /// copies cursors to look ahead, and a copied path string was a heap allocation each time.)
  Cursor(std::string_view text, const std::string& path) : text_(text), path_(&path) {}

  bool eof() const { return offset_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return offset_ + ahead < text_.size() ? text_[offset_ + ahead] : '\0'; }
  bool starts_with(std::string_view s) const { return text_.substr(offset_).starts_with(s); }
  /// The character at the cursor, moving past it ('\0' at the end). Inline: the parser calls it
  /// for most bytes of a file.
  char next() {
    if (eof()) return '\0';
    const char c = text_[offset_++];
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    return c;
  }
  void advance(std::size_t n);
  Pos pos() const { return {line_, col_}; }
  std::size_t offset() const { return offset_; }
  std::string_view rest_of_line() const;
  std::string_view slice(std::size_t from, std::size_t to) const { return text_.substr(from, to - from); }
  /// The text from the cursor to the end.
  std::string_view rest() const { return text_.substr(offset_); }
  /// Moves `n` bytes along the current line: the caller has seen that they hold no line end.
  void skip_in_line(std::size_t n) {
    offset_ += n;
    col_ += static_cast<int>(n);
  }

  /// Skips spaces and tabs.
  void skip_spaces() {
    while (offset_ < text_.size() && (text_[offset_] == ' ' || text_[offset_] == '\t')) {
      ++offset_;
      ++col_;
    }
  }
  /// Skips spaces, a `#` comment and the end of line; false when something else is there.
  bool end_of_line();
  /// Skips blank lines and comment lines (leading spaces included up to the next content).
  void skip_blank_lines();

  /// An invalid_input error at the cursor (or `at`), as "file:line:col".
  std::unexpected<Error> error(const std::string& message, std::optional<Pos> at = std::nullopt,
                               const std::string& hint = {}) const;
  const std::string& path() const { return *path_; }

 private:
  std::string_view text_;
  const std::string* path_;
  std::size_t offset_ = 0;
  int line_ = 1, col_ = 1;
};

}  // namespace sonde::hurl
