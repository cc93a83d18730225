#include "core/proxy/request_head.hpp"

#include <charconv>
#include <cstring>
#include <optional>

#include "core/util/redaction.hpp"
#include "core/util/text.hpp"

namespace sonde::proxy {

namespace {

// RFC 9110 section 5.6.2: tchar.
bool is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (!is_tchar(c)) return false;
  }
  return true;
}

// A field value may hold visible characters, obs-text, spaces and tabs; no other control byte.
bool is_field_value(std::string_view text) {
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

bool is_target(std::string_view text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

HeadParse refused(HeadStatus status, std::string problem) { return {status, 0, std::move(problem)}; }

// Whether the comma-separated `list` holds `token` (case-insensitive).
bool lists(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    if (iequals_ascii(trim(list.substr(0, comma), " \t"), token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

HeadParse read_request_line(std::string_view line, RequestHead& head) {
  const std::size_t first = line.find(' ');
  const std::size_t last = line.rfind(' ');
  if (first == std::string_view::npos || first == last) return refused(HeadStatus::malformed, "the request line is not METHOD TARGET HTTP/1.x");
  std::string_view method = line.substr(0, first);
  std::string_view target = line.substr(first + 1, last - first - 1);
  std::string_view version = line.substr(last + 1);
  if (!is_token(method)) return refused(HeadStatus::malformed, "the request method is not a token");
  if (!is_target(target)) return refused(HeadStatus::malformed, "the request target is empty or holds spaces or control characters");
  if (version.size() != 8 || !version.starts_with("HTTP/1.") || version[7] < '0' || version[7] > '9') {
    return refused(HeadStatus::malformed, "only HTTP/1.x requests are served here");
  }
  head.method.assign(method);
  head.target.assign(target);
  head.minor_version = version[7] - '0';
  return {};
}

// Content-Length values, possibly repeated or listed ("5, 5"): all the same number, or refused.
bool read_length(std::string_view value, std::optional<std::uint64_t>& length) {
  while (true) {
    std::size_t comma = value.find(',');
    std::string_view item = trim(value.substr(0, comma), " \t");
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), n);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size()) return false;
    if (length && *length != n) return false;
    length = n;
    if (comma == std::string_view::npos) return true;
    value.remove_prefix(comma + 1);
  }
}

// Framing and connection handling from the headers (RFC 9112 sections 6.1, 6.3 and 9.3).
HeadParse settle_framing(RequestHead& head) {
  std::optional<std::uint64_t> length;
  std::string codings;
  bool coded = false;
  bool close = false;
  bool keep = false;
  for (const auto& [name, value] : head.headers) {
    if (iequals_ascii(name, "Content-Length")) {
      if (!read_length(value, length)) return refused(HeadStatus::malformed, "Content-Length values are not one number (RFC 9112 section 6.3)");
    } else if (iequals_ascii(name, "Transfer-Encoding")) {
      codings += (coded ? "," : "") + value;
      coded = true;
    } else if (iequals_ascii(name, "Connection")) {
      close = close || lists(value, "close");
      keep = keep || lists(value, "keep-alive");
    } else if (iequals_ascii(name, "Expect")) {
      head.expects_continue = iequals_ascii(trim(value, " \t"), "100-continue");
    }
  }
  head.keep_alive = head.minor_version >= 1 ? !close : keep && !close;
  if (head.minor_version == 0) head.expects_continue = false;
  if (coded) {
    if (length) return refused(HeadStatus::malformed, "a request with both Transfer-Encoding and Content-Length is ambiguous (RFC 9112 section 6.3)");
    if (head.minor_version == 0) return refused(HeadStatus::malformed, "Transfer-Encoding in an HTTP/1.0 request (RFC 9112 section 6.1)");
    if (!iequals_ascii(trim(codings, " \t,"), "chunked")) {
      return refused(HeadStatus::unsupported_coding, "only the chunked transfer coding is served here");
    }
    head.framing = BodyFraming::chunked;
  } else if (length && *length > 0) {
    head.framing = BodyFraming::length;
    head.content_length = *length;
  }
  return {};
}

}  // namespace

HeadParse parse_request_head(std::string_view bytes, std::size_t max_head, RequestHead& head) {
  std::size_t at = 0;
  // Blank lines before a request line (a client's stray CRLF after a body) are ignored.
  while (at < bytes.size() && (bytes[at] == '\r' || bytes[at] == '\n')) {
    if (bytes[at] == '\r' && at + 1 < bytes.size() && bytes[at + 1] != '\n') {
      return refused(HeadStatus::malformed, "a bare CR in the request head");
    }
    ++at;
  }
  head = RequestHead{};
  bool first = true;
  for (;;) {
    const std::size_t end = bytes.find('\n', at);
    if (end == std::string_view::npos) {
      return bytes.size() > max_head ? refused(HeadStatus::too_large, "the request head exceeds 64 KiB") : HeadParse{};
    }
    if (end + 1 > max_head) return refused(HeadStatus::too_large, "the request head exceeds 64 KiB");
    std::string_view line = bytes.substr(at, end - at);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.find('\r') != std::string_view::npos) return refused(HeadStatus::malformed, "a bare CR in the request head");
    at = end + 1;
    if (first) {
      if (auto read = read_request_line(line, head); read.status != HeadStatus::incomplete) return read;
      first = false;
      continue;
    }
    if (line.empty()) break;
    if (line.front() == ' ' || line.front() == '\t') {
      return refused(HeadStatus::malformed, "obsolete line folding in a header (RFC 9112 section 5.2)");
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) {
      return refused(HeadStatus::malformed, "a header line is not NAME: VALUE");
    }
    std::string_view value = trim(line.substr(colon + 1), " \t");
    if (!is_field_value(value)) return refused(HeadStatus::malformed, "a header value holds a control character");
    head.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  if (auto settled = settle_framing(head); settled.status != HeadStatus::incomplete) return settled;
  return {HeadStatus::complete, at, {}};
}

}  // namespace sonde::proxy
