#include "core/proxy/response_head.hpp"

#include <charconv>
#include <strings.h>

#include "core/mock/problem.hpp"
#include "core/proxy/upstream.hpp"
#include "core/util/redaction.hpp"

namespace sonde::proxy {

bool response_has_body(const std::string& method, int status) {
  return method != "HEAD" && status >= 200 && status != 204 && status != 304;
}

namespace {

void append_number(std::string& out, std::uint64_t n, int base = 10) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n, base);
  out.append(digits, end);
}

}  // namespace

void append_response_head(std::string& out, int status, const mock::HeaderList& headers, ResponseFraming framing,
                          std::uint64_t length, ConnectionField connection) {
  out += "HTTP/1.1 ";
  append_number(out, static_cast<std::uint64_t>(status));
  out += ' ';
  out += mock::reason_phrase(status);
  out += "\r\n";
  const bool framed = framing == ResponseFraming::length || framing == ResponseFraming::chunked;
  for (const auto& [name, value] : headers) {
    // Framing is this hop's: the body's own length or chunks follow. A HEAD answer's
    // Content-Length (the GET body's) stays, as does a 304's.
    if (hop_by_hop(name)) continue;
    if (framed && iequals_ascii(name, "Content-Length")) continue;
    // A line break inside a field would start a header (or a body) of someone else's making.
    if (name.find_first_of("\r\n") != std::string::npos || value.find_first_of("\r\n") != std::string::npos) continue;
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (framing == ResponseFraming::length) {
    out += "Content-Length: ";
    append_number(out, length);
    out += "\r\n";
  } else if (framing == ResponseFraming::chunked) {
    out += "Transfer-Encoding: chunked\r\n";
  }
  if (connection == ConnectionField::close) out += "Connection: close\r\n";
  if (connection == ConnectionField::keep_alive) out += "Connection: keep-alive\r\n";
  out += "\r\n";
}

void append_chunk(std::string& out, std::string_view part) {
  if (part.empty()) return;
  append_number(out, part.size(), 16);
  out += "\r\n";
  out += part;
  out += "\r\n";
}

}  // namespace sonde::proxy
