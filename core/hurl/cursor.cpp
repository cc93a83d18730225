#include "core/hurl/cursor.hpp"

namespace sonde::hurl {

char Cursor::next() {
  char c = peek();
  if (eof()) return c;
  ++offset_;
  if (c == '\n') {
    ++line_;
    col_ = 1;
  } else {
    ++col_;
  }
  return c;
}

void Cursor::advance(std::size_t n) {
  for (std::size_t i = 0; i < n && !eof(); ++i) next();
}

std::string_view Cursor::rest_of_line() const {
  auto end = text_.find('\n', offset_);
  std::string_view line = text_.substr(offset_, end == std::string_view::npos ? std::string_view::npos : end - offset_);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

void Cursor::skip_spaces() {
  while (peek() == ' ' || peek() == '\t') next();
}

bool Cursor::end_of_line() {
  skip_spaces();
  if (peek() == '#') {
    while (!eof() && peek() != '\n') next();
  }
  if (peek() == '\r' && peek(1) == '\n') next();
  if (peek() == '\n') {
    next();
    return true;
  }
  return eof();
}

void Cursor::skip_blank_lines() {
  while (!eof()) {
    std::size_t i = offset_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    if (i < text_.size() && text_[i] != '\n' && text_[i] != '\r' && text_[i] != '#') {
      return;
    }
    if (!end_of_line()) return;
  }
}

std::unexpected<Error> Cursor::error(const std::string& message, std::optional<Pos> at, const std::string& hint) const {
  Pos p = at.value_or(pos());
  return fail(ErrorKind::invalid_input, message, *path_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.col), hint);
}

}  // namespace sonde::hurl
