#pragma once
/// I-Regexp (RFC 9485) for JSONPath's match() and search(), run on std::wregex (ECMAScript
/// grammar) over UTF-32, so that `.` and character classes see code points rather than UTF-8
/// bytes. The pattern is parsed against RFC 9485's grammar and rewritten as RFC 9485 section 5.3
/// describes (`.` becomes `[^\n\r]`; `^` and `$` pass through as ECMAScript anchors, as the
/// JSONPath compliance suite expects).
///
/// Limitations (a pattern using them never matches, as if it were not an I-Regexp):
/// - Unicode categories: only \p{L}, \p{Lu}, \p{Ll} and, outside brackets, their \P{..}
///   complements, approximated by the C.UTF-8 locale's alpha/upper/lower classes (glibc counts
///   non-ASCII digits as alpha). Other categories need Unicode tables sonde does not carry.
/// - Counted repetition above {1000}: libstdc++ copies the automaton once per repetition.
/// - Texts longer than k_max_regex_input code points are not matched (match()/search() yield
///   false): libstdc++'s backtracking matcher recurses once per character, so long texts run on
///   a helper thread whose stack is sized to the text, up to this cap. Backtracking time is not
///   bounded; patterns come from the test author, not from the server.
#include <cstddef>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace sonde::flow {

/// Longest text, in code points, that match() and search() look at (64 Ki).
inline constexpr std::size_t k_max_regex_input = 64 * 1024;

/// A compiled I-Regexp. Cheap to copy.
class IRegexp {
 public:
  /// Compiles `pattern` (UTF-8); nullopt when it is not an I-Regexp or uses an unsupported part.
  static std::optional<IRegexp> compile(std::string_view pattern);

  /// Whether all of `text` (UTF-8) matches: the match() function.
  bool full_match(std::string_view text) const;
  /// Whether some substring of `text` matches: the search() function.
  bool partial_match(std::string_view text) const;

 private:
  explicit IRegexp(std::shared_ptr<const std::wregex> re) : re_(std::move(re)) {}
  bool run(std::string_view text, bool whole) const;

  std::shared_ptr<const std::wregex> re_;
};

/// The ECMAScript (std::wregex) form of an I-Regexp, or nullopt; exposed for tests.
std::optional<std::wstring> iregexp_to_ecmascript(std::wstring_view pattern);

}  // namespace sonde::flow
