#pragma once
/// Base64 (RFC 4648): section 4's standard alphabet with padding, or section 5's URL-safe one
/// without. One codec for every reader and filter: Basic credentials (.http, Hurl [BasicAuth]),
/// HAR bodies, Hurl `base64,` literals and the base64Encode/base64Decode filters.
#include <optional>
#include <string>
#include <string_view>

namespace sonde {

/// Encodes `bytes`; standard with '=' padding, or URL-safe ('-', '_') without padding.
std::string base64_encode(std::string_view bytes, bool url_safe = false);

/// Decodes `text`, skipping ASCII whitespace, padding optional; nullopt when a character is not of
/// the alphabet or follows the padding.
std::optional<std::string> base64_decode(std::string_view text, bool url_safe = false);

}  // namespace sonde
