#pragma once
/// ECMA-262 regular expressions as JSON Schema and OpenAPI `pattern`s use them, parsed into one
/// small tree that both matchers compile from: RE2 (regex_re2.hpp) and the budgeted backtracking
/// fallback (regex_backtrack.hpp). Patterns are read with the `u` flag's meaning, as JSON Schema
/// asks (code points, \u{...}, \p{...}), plus the Annex B leniencies that real specs rely on: a `{`,
/// `}` or `]` that opens nothing is a literal, and `\` before a non-alphanumeric character stands
/// for that character.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::check::regex {

struct Range {
  char32_t lo, hi;
};

/// A set of code points: sorted, disjoint ranges, plus Unicode properties (\p{...}) that only RE2
/// can test, in RE2's spelling ("Lu", "Greek", "^Lu" for \P{Lu}).
struct CharSet {
  std::vector<Range> ranges;
  std::vector<std::string> properties;
  bool negated = false;
  /// Membership by the ranges and `negated` (properties are not consulted).
  bool contains(char32_t c) const;
};

enum class Kind {
  empty,
  set,          ///< one code point from `set`
  sequence,     ///< children in order
  alternation,  ///< one of the children, first preferred
  group,        ///< children[0], captured as `group` when group > 0
  repeat,       ///< children[0], min..max times
  line_start,   ///< ^ (no multiline flag: start of input)
  line_end,     ///< $ (end of input)
  word_boundary,
  not_word_boundary,
  look,          ///< (?=) (?!) (?<=) (?<!) around children[0]
  backreference  ///< \1, \k<name>: the text `group` captured
};

inline constexpr std::uint32_t k_unbounded = UINT32_MAX;

struct Node {
  Kind kind = Kind::empty;
  CharSet set;
  std::vector<Node> children;
  int group = 0;
  std::uint32_t min = 0, max = 0;  ///< repeat; max may be k_unbounded
  bool greedy = true;
  bool behind = false, negative = false;  ///< look
  int first_group = 0, end_group = 0;     ///< repeat: capture groups [first, end) inside children[0]
};

struct Tree {
  Node root;
  int captures = 0;                 ///< capturing groups
  bool needs_backtracking = false;  ///< backreferences, lookaround or \B, which RE2 lacks or reads otherwise
  bool uses_properties = false;     ///< \p{...}, which only RE2 has
};

/// Parses an ECMA-262 pattern; errors say what is wrong and at which character ("missing ')' at
/// character 9").
Result<Tree> parse(std::string_view pattern);

/// Decodes UTF-8 into code points. Strict: false on an invalid sequence. Lenient: an invalid byte
/// becomes U+FFFD and decoding goes on.
bool decode_utf8(std::string_view text, std::vector<char32_t>& out, bool strict);

}  // namespace sonde::check::regex
