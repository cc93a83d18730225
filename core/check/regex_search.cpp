#include "core/check/regex_search.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <optional>

#include "core/check/regex_backtrack.hpp"
#include "core/check/regex_re2.hpp"
#include "core/check/regex_syntax.hpp"

namespace sonde::check {

struct EcmaPattern::Impl {
  std::string source;
  std::unique_ptr<re2::RE2> re2;                      ///< set when RE2 runs the pattern
  std::optional<regex::BacktrackProgram> backtrack;  ///< else the fallback, when it fits
};

namespace {

// RE2 refuses these for size, not syntax: the fallback may still run the pattern.
bool too_big_for_re2(re2::RE2::ErrorCode code) {
  return code == re2::RE2::ErrorRepeatSize || code == re2::RE2::ErrorPatternTooLarge;
}

}  // namespace

Result<EcmaPattern> EcmaPattern::compile(std::string_view source) {
  auto tree = regex::parse(source);
  if (!tree) return std::unexpected(tree.error());
  auto impl = std::make_shared<Impl>();
  impl->source = std::string(source);
  if (!tree->needs_backtracking) {
    re2::RE2::Options options;
    options.set_encoding(re2::RE2::Options::EncodingUTF8);
    options.set_log_errors(false);
    options.set_never_capture(true);
    auto re = std::make_unique<re2::RE2>(regex::to_re2_syntax(tree->root), options);
    if (re->ok()) {
      impl->re2 = std::move(re);
      return EcmaPattern(std::move(impl));
    }
    if (!too_big_for_re2(re->error_code())) return fail(ErrorKind::invalid_input, re->error());
  }
  if (tree->uses_properties) {
    return fail(ErrorKind::invalid_input, "\\p{...} cannot be combined with backreferences, lookaround or counts above 1000");
  }
  // nullopt (a program too large to run) makes every search too costly.
  impl->backtrack = regex::BacktrackProgram::compile(*tree);
  return EcmaPattern(std::move(impl));
}

PatternMatch EcmaPattern::search(std::string_view text, std::uint64_t* shared_steps) const {
  // RE2 is linear in the text but also in the pattern's size once its DFA gives up on a pattern
  // like a[ab]{500}c (a second per 256 KiB): the cap bounds that product too.
  if (text.size() > k_max_pattern_input) return PatternMatch::too_long;
  if (impl_->re2) {
    return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *impl_->re2) ? PatternMatch::match
                                                                                            : PatternMatch::no_match;
  }
  if (!impl_->backtrack) return PatternMatch::too_costly;
  std::vector<char32_t> points;
  regex::decode_utf8(text, points, false);
  std::uint64_t allowance = k_pattern_steps_per_char * points.size();
  std::uint64_t extra = shared_steps ? std::min(k_pattern_step_budget, *shared_steps) : k_pattern_step_budget;
  std::uint64_t taken = 0;
  auto outcome = impl_->backtrack->search(points, allowance + extra, &taken);
  if (shared_steps && taken > allowance) *shared_steps -= std::min(*shared_steps, taken - allowance);
  switch (outcome) {
    case regex::BacktrackProgram::Outcome::match: return PatternMatch::match;
    case regex::BacktrackProgram::Outcome::no_match: return PatternMatch::no_match;
    case regex::BacktrackProgram::Outcome::too_costly: break;
  }
  return PatternMatch::too_costly;
}

const std::string& EcmaPattern::source() const { return impl_->source; }

EcmaPattern::Engine EcmaPattern::engine() const { return impl_->re2 ? Engine::re2 : Engine::backtracking; }

std::string too_costly_words() {
  return "pattern too costly to evaluate: the backtracking matcher gave up after " +
         std::to_string(k_pattern_step_budget) + " steps + " + std::to_string(k_pattern_steps_per_char) +
         " per character";
}

}  // namespace sonde::check
