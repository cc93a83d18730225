#pragma once
/// UTF-8 decoding for JSONPath: query text is checked character by character (RFC 9535 forbids
/// surrogates and control characters in places), length() counts code points, and match() and
/// search() run on code points.
#include <cstddef>
#include <string>
#include <string_view>

namespace sonde::flow {

/// One decoded character: its code point and how many bytes it took (size 0: malformed).
struct Utf8Char {
  char32_t code_point = 0;
  std::size_t size = 0;
};

/// Decodes the character starting at text[pos] (pos < text.size()). Overlong forms, surrogates,
/// values above U+10FFFF and truncated sequences are malformed (RFC 3629).
Utf8Char decode_utf8(std::string_view text, std::size_t pos);

/// `text` as code points in a wide string (wchar_t is 32 bits on the platforms sonde supports);
/// each malformed byte becomes U+FFFD.
std::wstring utf8_to_wide(std::string_view text);

/// The number of characters in `text` (bytes that do not continue a sequence).
std::size_t count_code_points(std::string_view text);

}  // namespace sonde::flow
