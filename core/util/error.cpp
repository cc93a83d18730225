#include "core/util/error.hpp"

namespace sonde {

std::string shorten_where(std::string_view where) {
  constexpr std::size_t head = 120, tail = 60;
  if (where.size() <= head + tail + 3) return std::string(where);
  // Cut at UTF-8 sequence starts, so the line stays valid text.
  auto starts_sequence = [&](std::size_t i) { return (static_cast<unsigned char>(where[i]) & 0xC0) != 0x80; };
  std::size_t end = head;
  while (end > 0 && !starts_sequence(end)) --end;
  std::size_t begin = where.size() - tail;
  while (begin < where.size() && !starts_sequence(begin)) ++begin;
  return std::string(where.substr(0, end)) + "\xE2\x80\xA6" + std::string(where.substr(begin));  // "…"
}

std::string describe(const Error& error) {
  if (error.where.empty()) return error.message;
  return error.message + ": " + shorten_where(error.where);
}

}  // namespace sonde
