#pragma once
/// ECMA-262 `pattern` matching through std::regex without the crash: libstdc++'s matcher recurses
/// once per input character (~200 bytes of stack each, measured: a 40,000-character string
/// overflows the default 8 MiB stack). Long inputs run on a thread with a stack sized to the
/// input; inputs beyond k_max_pattern_input are not matched at all.
#include <optional>
#include <regex>
#include <string_view>

namespace sonde::check {

/// Longest input matched (256 KiB); longer strings are reported as not checked.
inline constexpr std::size_t k_max_pattern_input = 256 * 1024;

/// regex_search over `text`; nullopt when the text is too long to match safely or the engine
/// gave up (std::regex_error on complexity).
std::optional<bool> bounded_regex_search(const std::regex& re, std::string_view text);

}  // namespace sonde::check
