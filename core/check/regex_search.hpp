#pragma once
/// ECMA-262 `pattern`s (JSON Schema `pattern` and `patternProperties`) compiled once and searched
/// in bounded time, since both the pattern (a spec) and the text (a body) may be hostile. RE2 runs
/// every pattern it can express, in time linear in the text (times the pattern's size at worst);
/// the few it cannot (backreferences,
/// lookahead, lookbehind, \B, counts past 1000) run on a backtracking matcher that gives up after a
/// step budget, which the caller reports as "pattern too costly to evaluate".
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace sonde::check {

/// Longest input matched (256 KiB); longer strings are reported as not checked.
inline constexpr std::size_t k_max_pattern_input = 256 * 1024;

/// The fallback's budget for one search: this many steps plus k_pattern_steps_per_char per
/// character of the text (a step is one instruction of the matcher: a few nanoseconds).
inline constexpr std::uint64_t k_pattern_step_budget = 1'000'000;
inline constexpr std::uint64_t k_pattern_steps_per_char = 32;
/// What one validation's fallback searches may take together beyond k_pattern_steps_per_char
/// per character of their texts (tens of milliseconds).
inline constexpr std::uint64_t k_pattern_shared_steps = 20 * k_pattern_step_budget;

enum class PatternMatch {
  match,
  no_match,
  too_long,    ///< longer than k_max_pattern_input: not checked
  too_costly,  ///< fallback only: the step budget ran out
};

class EcmaPattern {
 public:
  enum class Engine { re2, backtracking };

  /// Parses and compiles. An error's message says what is wrong ("missing ')' at character 9");
  /// the caller adds where.
  static Result<EcmaPattern> compile(std::string_view source);

  /// Unanchored search, as JSON Schema's `pattern` asks. `shared_steps`, when given, is what one
  /// validation has left for the fallback's searches beyond their per-character allowance: each
  /// search draws from it, so a body of 10,000 strings against a costly pattern costs one budget,
  /// not 10,000.
  PatternMatch search(std::string_view text, std::uint64_t* shared_steps = nullptr) const;

  const std::string& source() const;
  Engine engine() const;

 private:
  struct Impl;
  explicit EcmaPattern(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;  ///< immutable after compile: shared by copies and threads
};

/// The words of a too_costly verdict, for violations: "pattern too costly to evaluate: ...".
std::string too_costly_words();

}  // namespace sonde::check
