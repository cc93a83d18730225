#pragma once
/// Plain text helpers that several readers and renderers need: trimming, joining, the line of a
/// byte offset and a length-capped excerpt for error messages. One definition each, so that files
/// compiled together (the unity build) never meet two private copies.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sonde {

/// `text` without the leading and trailing bytes found in `chars` (by default ASCII blanks and
/// line ends).
std::string_view trim(std::string_view text, std::string_view chars = " \t\r\n");

/// The items separated by `separator`.
std::string join(const std::vector<std::string>& items, std::string_view separator);

/// Whether `text` starts with `prefix`, ASCII letters compared without case.
bool starts_with_nocase(std::string_view text, std::string_view prefix);

/// 1-based line number of byte offset `byte` in `text` (offsets past the end count to the end).
std::size_t line_of(std::string_view text, std::size_t byte);

/// At most `max_bytes` of `text`, cut at a UTF-8 boundary, with "…" appended when cut.
std::string shortened(std::string_view text, std::size_t max_bytes = 200);

}  // namespace sonde
