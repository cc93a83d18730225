#pragma once
/// Strings that match an ECMA-262 `pattern`, drawn at random from its parse tree
/// (core/check/regex_syntax.hpp). Lookarounds, backreferences, word boundaries and Unicode
/// properties are not inverted: the pattern is reported unsupported rather than guessed.
#include <optional>
#include <string>
#include <string_view>

#include "core/check/generate/rng.hpp"

namespace sonde::check::generate {

struct PatternString {
  std::optional<std::string> text;  ///< nullopt: the pattern is unsupported or invalid
  std::string why;                  ///< then: the reason, e.g. "lookahead is not inverted"
};

/// A string matching `pattern` (the match is the whole string; unanchored patterns match it too).
/// Repetitions take at most 4 more than their minimum; the string is at most 4096 bytes.
PatternString string_matching(std::string_view pattern, Rng& rng);

/// The same string for the same pattern every time (drawn with a seed taken from the pattern's
/// text), for the deterministic InstanceGenerator (GeneratorOptions::pattern_string).
std::optional<std::string> fixed_string_matching(const std::string& pattern);

}  // namespace sonde::check::generate
