#pragma once
/// multipart/form-data bodies (RFC 7578) built as exact bytes, so every reader (curl -F, .http,
/// HAR postData.params, Hurl [Multipart]) sends the same thing and tests can compare bytes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/replay/request.hpp"

namespace sonde::replay {

struct MultipartPart {
  std::string name;                         ///< the form field name
  std::optional<std::string> filename;      ///< set for file parts (`filename="…"`)
  std::optional<std::string> content_type;  ///< the part's Content-Type, when given
  std::string data;                         ///< exact bytes
  Headers extra_headers;                    ///< further part headers (curl's `;headers=`)
};

/// A boundary that occurs in no part, derived from the parts' contents so that the same form
/// always gives the same bytes (reproducible runs, byte-exact tests). Shape follows curl's:
/// 24 dashes then 22 alphanumerics.
std::string multipart_boundary(const std::vector<MultipartPart>& parts);

/// The body, CRLF line endings, closing delimiter included.
std::string encode_multipart(const std::vector<MultipartPart>& parts, std::string_view boundary);

/// "multipart/form-data; boundary=<boundary>".
std::string multipart_content_type(std::string_view boundary);

}  // namespace sonde::replay
