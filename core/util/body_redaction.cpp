#include "core/util/body_redaction.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/util/text.hpp"
#include "core/util/text_codec.hpp"

namespace sonde {

namespace {

constexpr std::string_view k_mask = "***";

/// "application/json; charset=utf-8" → "application/json".
std::string media_essence(std::string_view content_type) { return ascii_lower(trim(content_type.substr(0, content_type.find(';')))); }

/// The value of a media-type parameter ("boundary"), unquoted; empty when absent.
std::string media_parameter(std::string_view header_value, std::string_view name) {
  std::size_t at = header_value.find(';');
  while (at != std::string_view::npos) {
    std::string_view rest = header_value.substr(at + 1);
    std::size_t next = rest.find(';');
    std::string_view item = trim(rest.substr(0, next));
    if (auto eq = item.find('='); eq != std::string_view::npos && ascii_lower(trim(item.substr(0, eq))) == name) {
      std::string_view value = trim(item.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
    at = next == std::string_view::npos ? next : at + 1 + next;
  }
  return {};
}

bool is_json(std::string_view type) { return type == "application/json" || type.ends_with("+json"); }

// ---- JSON: a scan of tokens, not a parse, so a cut excerpt is masked as far as it goes ----------

struct Frame {
  bool object = false;
  bool secret = false;     ///< the container is a credential's value: all its scalars are masked
  bool expect_key = true;  ///< objects: the next string is a member name
  bool member_secret = false;  ///< objects: the member being read is a credential
};

/// A member name as a reader decodes it: \" \\ \/ and \uXXXX for ASCII ("pass\u0077ord" is
/// password). Other \u escapes stay as written: no credential name needs them.
std::string member_name(std::string_view quoted) {
  std::string out;
  for (std::size_t i = 0; i < quoted.size(); ++i) {
    if (quoted[i] != '\\' || i + 1 >= quoted.size()) {
      out += quoted[i];
      continue;
    }
    if (quoted[i + 1] == 'u' && i + 5 < quoted.size()) {
      int code = 0;
      for (std::size_t k = 2; k < 6 && code >= 0; ++k) {
        const int d = hex_digit(quoted[i + k]);
        code = d < 0 ? -1 : code * 16 + d;
      }
      if (code >= 0 && code < 0x80) {
        out += static_cast<char>(code);
        i += 5;
        continue;
      }
    }
    out += quoted[++i];
  }
  return out;
}

/// A member that carries a credential (OAuth's token_type, a pagination token or a token count
/// does not: Redactor knows those names).
bool secret_member(const Redactor& redactor, const std::string& name) { return redactor.is_secret_query(name); }

/// Index past the string starting at the quote `open` (or text.size() when it is cut).
std::size_t string_end(std::string_view text, std::size_t open) {
  for (std::size_t i = open + 1; i < text.size(); ++i) {
    if (text[i] == '\\') ++i;
    else if (text[i] == '"') return i + 1;
  }
  return text.size();
}

bool is_delimiter(char c) {
  return c == ',' || c == ':' || c == '{' || c == '}' || c == '[' || c == ']' || c == '"' || c == ' ' || c == '\t' ||
         c == '\n' || c == '\r';
}

std::string masked_json(const Redactor& redactor, std::string_view text) {
  std::vector<Frame> stack;
  std::string out;
  std::size_t copied = 0;  // text[0, copied) is already in `out`
  auto replace = [&](std::size_t begin, std::size_t end) {
    out.append(text.substr(copied, begin - copied)).append("\"").append(k_mask).append("\"");
    copied = end;
  };
  auto value_secret = [&] {
    if (stack.empty()) return false;
    return stack.back().object ? stack.back().member_secret : stack.back().secret;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' || c == '[') {
      stack.push_back({.object = c == '{', .secret = value_secret()});
      ++i;
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
      ++i;
    } else if (c == ',') {
      if (!stack.empty() && stack.back().object) stack.back().expect_key = true;
      ++i;
    } else if (c == ':') {
      if (!stack.empty()) stack.back().expect_key = false;
      ++i;
    } else if (c == '"') {
      const std::size_t end = string_end(text, i);
      if (!stack.empty() && stack.back().object && stack.back().expect_key) {
        const std::size_t inner_end = end > i + 1 && text[end - 1] == '"' ? end - 1 : end;
        Frame& f = stack.back();
        f.member_secret = f.secret || secret_member(redactor, member_name(text.substr(i + 1, inner_end - i - 1)));
      } else if (value_secret()) {
        replace(i, end);
      }
      i = end;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else {  // a number or a literal: kept (counts such as prompt_tokens are not credentials)
      std::size_t end = i;
      while (end < text.size() && !is_delimiter(text[end])) ++end;
      i = std::max(end, i + 1);
    }
  }
  if (copied == 0) return std::string(text);
  return out.append(text.substr(copied));
}

// ---- multipart/form-data (RFC 7578): parts between "--boundary" lines ---------------------------

/// A part's header value by name, from the header block of one part.
std::string part_header(std::string_view headers, std::string_view name) {
  std::size_t at = 0;
  while (at < headers.size()) {
    std::size_t eol = headers.find('\n', at);
    std::string_view line = headers.substr(at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
    if (auto colon = line.find(':'); colon != std::string_view::npos && ascii_lower(trim(line.substr(0, colon))) == name) {
      return std::string(trim(line.substr(colon + 1)));
    }
    if (eol == std::string_view::npos) break;
    at = eol + 1;
  }
  return {};
}

std::string masked_body(const Redactor& redactor, std::string_view content_type, std::string_view body, int depth);

std::string masked_part(const Redactor& redactor, std::string_view part, int depth) {
  // The headers end at the first blank line, CRLF or bare LF, whichever comes first: a part
  // whose headers end in LF may hold CRLF CRLF in its content.
  const std::size_t crlf = part.find("\r\n\r\n"), lf = part.find("\n\n");
  if (crlf == std::string_view::npos && lf == std::string_view::npos) return std::string(part);
  const bool by_crlf = crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf);
  const std::size_t blank = by_crlf ? crlf : lf, skip = by_crlf ? 4 : 2;
  const std::string_view headers = part.substr(0, blank);
  const std::string_view content = part.substr(blank + skip);
  const std::string name = media_parameter("form-data; " + part_header(headers, "content-disposition"), "name");
  std::string head(part.substr(0, blank + skip));
  if (!name.empty() && redactor.is_secret_query(name)) return head.append(k_mask);
  return head + masked_body(redactor, part_header(headers, "content-type"), content, depth + 1);
}

std::string masked_multipart(const Redactor& redactor, std::string_view body, const std::string& boundary, int depth) {
  if (boundary.empty()) return std::string(body);
  const std::string delimiter = "--" + boundary;
  std::size_t at = body.find(delimiter);
  if (at == std::string_view::npos) return std::string(body);
  std::string out(body.substr(0, at));
  while (at != std::string_view::npos) {
    // The delimiter line, then the part up to the CRLF before the next delimiter.
    std::size_t line_end = body.find('\n', at);
    if (line_end == std::string_view::npos) return out.append(body.substr(at));
    out.append(body.substr(at, line_end + 1 - at));
    std::size_t next = body.find(delimiter, line_end + 1);
    std::size_t part_end = next == std::string_view::npos ? body.size() : next;
    std::size_t content_end = part_end;
    if (next != std::string_view::npos) {  // the line break before a delimiter belongs to it
      if (content_end >= line_end + 3 && body.substr(content_end - 2, 2) == "\r\n") content_end -= 2;
      else if (content_end >= line_end + 2 && body[content_end - 1] == '\n') content_end -= 1;
    }
    out += masked_part(redactor, body.substr(line_end + 1, content_end - line_end - 1), depth);
    out.append(body.substr(content_end, part_end - content_end));
    at = next;
  }
  return out;
}

// Multipart inside multipart (RFC 7578 deprecates it) is not read: each level would cost a
// frame and a copy, and a crafted body could nest a million of them. It is masked whole.
std::string masked_body(const Redactor& redactor, std::string_view content_type, std::string_view body, int depth) {
  if (body.empty()) return std::string(body);
  if (depth > 0 && media_essence(content_type).starts_with("multipart/")) return std::string(k_mask);
  switch (masked_media(content_type)) {
    case MaskedMedia::json: return masked_json(redactor, body);
    case MaskedMedia::form: return redactor.shown_query(body);
    case MaskedMedia::multipart:
      return masked_multipart(redactor, body, media_parameter(content_type, "boundary"), depth);
    case MaskedMedia::none: break;
  }
  return std::string(body);
}

}  // namespace

MaskedMedia masked_media(std::string_view content_type) {
  const std::string type = media_essence(content_type);
  if (is_json(type)) return MaskedMedia::json;
  if (type == "application/x-www-form-urlencoded") return MaskedMedia::form;
  if (type == "multipart/form-data") return MaskedMedia::multipart;
  return MaskedMedia::none;
}

std::string shown_body(const Redactor& redactor, std::string_view content_type, std::string_view body) {
  if (redactor.shows_all()) return std::string(body);
  return masked_body(redactor, content_type, body, 0);
}

}  // namespace sonde
