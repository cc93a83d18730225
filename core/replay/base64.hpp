#pragma once
/// Standard base64 (RFC 4648 §4) for request sources: Basic credentials in .http files and
/// `postData.text` with `encoding: base64` in HAR captures.
#include <optional>
#include <string>
#include <string_view>

namespace sonde::replay {

/// Encodes with padding.
std::string base64_encode(std::string_view bytes);

/// Decodes, ignoring ASCII whitespace; padding optional. nullopt when a character is not base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace sonde::replay
