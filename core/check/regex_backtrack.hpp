#pragma once
/// Internal to regex_search: the fallback for patterns RE2 cannot run (backreferences, lookahead,
/// lookbehind, \B, repetition counts past 1000). A backtracking matcher with ECMA-262's semantics
/// (greedy and lazy quantifiers, atomic lookaround, lookbehind matched right to left, captures reset
/// per iteration, empty iterations refused) that counts its steps and gives up past a budget, so a
/// catastrophic pattern costs a bounded time. Iterative: the stack of choices lives on the heap.
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/check/regex_syntax.hpp"

namespace sonde::check::regex {

class BacktrackProgram {
 public:
  enum class Outcome { match, no_match, too_costly };

  /// nullopt when the pattern compiles to more than k_max_instructions (a{100000}) or uses \p{...}.
  static std::optional<BacktrackProgram> compile(const Tree& tree);

  /// Unanchored search over decoded text, giving up after `budget` steps; `steps_taken`, when
  /// given, receives how many it took.
  Outcome search(const std::vector<char32_t>& text, std::uint64_t budget, std::uint64_t* steps_taken = nullptr) const;

  static constexpr std::size_t k_max_instructions = 100000;

  enum class Op : std::uint8_t {
    set,        ///< one code point in sets[x]; backward: the one before the position
    split,      ///< try x, then y
    jump,       ///< to x
    save,       ///< slot x = position
    clear,      ///< slots [x, y) = unset
    progress,   ///< fail when slot x == position (an empty iteration)
    line_start,
    line_end,
    word_boundary,
    not_word_boundary,
    look,       ///< run the body at x (ending in match) here; `negative`; atomic
    backref,    ///< the text of group x; backward: ending here
    match,
  };
  struct Inst {
    Op op;
    bool backward = false;
    bool negative = false;
    std::int32_t x = 0, y = 0;
  };

 private:
  friend class BacktrackCompiler;
  friend class BacktrackRun;
  std::vector<Inst> code_;
  std::vector<CharSet> sets_;
  int slots_ = 0;
  bool anchored_ = false;  ///< starts with ^: only position 0 can match
};

}  // namespace sonde::check::regex
