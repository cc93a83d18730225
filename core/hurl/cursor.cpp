#include "core/hurl/cursor.hpp"

#include <algorithm>

namespace sonde::hurl {

void Cursor::advance(std::size_t n) {
  const std::size_t end = std::min(text_.size(), offset_ + n);
  const std::string_view span = text_.substr(offset_, end - offset_);
  if (span.find('\n') == std::string_view::npos) {  // the usual case: a keyword on this line
    col_ += static_cast<int>(span.size());
    offset_ = end;
    return;
  }
  while (offset_ < end) next();
}

std::string_view Cursor::rest_of_line() const {
  auto end = text_.find('\n', offset_);
  std::string_view line = text_.substr(offset_, end == std::string_view::npos ? std::string_view::npos : end - offset_);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
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
