#include "core/proxy/chunked_body.hpp"

#include <algorithm>

namespace sonde::proxy {

namespace {

constexpr std::size_t k_max_line = 4096;  // a size line with its extensions, or a trailer field
constexpr std::size_t k_max_digits = 15;  // 2^60 bytes: no overflow

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::size_t ChunkedBody::feed(std::string_view in, std::string& out) {
  std::size_t at = 0;
  auto bad = [&] {
    state_ = State::malformed;
    return at;
  };
  while (at < in.size() && state_ == State::more) {
    const char c = in[at];
    switch (step_) {
      case Step::size: {
        if (int v = hex_value(c); v >= 0) {
          if (++digits_ > k_max_digits) return bad();
          left_ = left_ * 16 + static_cast<std::uint64_t>(v);
          ++at;
          break;
        }
        if (digits_ == 0) return bad();
        if (c == ';' || c == ' ' || c == '\t') {
          step_ = Step::extension;
        } else if (c == '\r') {
          step_ = Step::size_lf;
        } else if (c == '\n') {
          step_ = Step::size_lf;
          continue;  // a bare LF ends the line too (RFC 9112 section 2.2)
        } else {
          return bad();
        }
        ++at;
        break;
      }
      case Step::extension:
        if (++line_bytes_ > k_max_line) return bad();
        if (c == '\r' || c == '\n') {
          step_ = Step::size_lf;
          if (c == '\n') continue;
        }
        ++at;
        break;
      case Step::size_lf:
        if (c != '\n') return bad();
        ++at;
        line_bytes_ = 0;
        digits_ = 0;
        if (left_ == 0) {
          step_ = Step::trailer;
          trailer_empty_ = true;
        } else {
          step_ = Step::data;
        }
        break;
      case Step::data: {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left_, in.size() - at));
        out.append(in.data() + at, n);
        at += n;
        left_ -= n;
        if (left_ == 0) step_ = Step::data_cr;
        break;
      }
      case Step::data_cr:
        if (c == '\r') {
          step_ = Step::data_lf;
          ++at;
        } else if (c == '\n') {
          step_ = Step::data_lf;
        } else {
          return bad();
        }
        break;
      case Step::data_lf:
        if (c != '\n') return bad();
        ++at;
        step_ = Step::size;
        break;
      case Step::trailer:
        if (c == '\r' || c == '\n') {
          step_ = Step::trailer_lf;
          if (c == '\n') continue;
          ++at;
          break;
        }
        if (++line_bytes_ > k_max_line) return bad();
        trailer_empty_ = false;
        ++at;
        break;
      case Step::trailer_lf:
        if (c != '\n') return bad();
        ++at;
        if (trailer_empty_) {
          state_ = State::done;
          return at;
        }
        step_ = Step::trailer;
        trailer_empty_ = true;
        line_bytes_ = 0;
        break;
    }
  }
  return at;
}

}  // namespace sonde::proxy
