#pragma once
/// Guards against header and request-line injection: a CR, LF or NUL inside a header name or
/// value (from a flag, a .http file, a curl line, a HAR, a variable after substitution) would
/// let one header smuggle another into the request (RFC 9110 section 5.5).
#include <string>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/redaction.hpp"

namespace sonde {

/// Fails (with `kind`, naming the header and `where`) when `name` is not an RFC 9110 token or
/// when `value` holds CR, LF or NUL.
Result<void> check_header_field(std::string_view name, std::string_view value, ErrorKind kind, std::string_view where);

/// The same for a "Name: value" line.
Result<void> check_header_line(std::string_view line, ErrorKind kind, std::string_view where);

/// Fails unless `method` is an RFC 9110 token (so it cannot break the request line).
Result<void> check_method(std::string_view method, ErrorKind kind, std::string_view where);

/// Fails when `url` holds a control character (CR, LF, NUL...), which could split the request line.
Result<void> check_url_chars(std::string_view url, ErrorKind kind, std::string_view where);

/// The value of the first header named `name` (ASCII case-insensitive) in a list of name/value
/// pairs, or "" when there is none.
template <class HeaderPairs>
std::string first_header(const HeaderPairs& headers, std::string_view name) {
  for (const auto& [n, value] : headers) {
    if (iequals_ascii(n, name)) return value;
  }
  return {};
}

}  // namespace sonde
