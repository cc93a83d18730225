// EcmaPattern: which engine runs a pattern, the budget, and long inputs.
#include <catch2/catch.hpp>

#include <chrono>

#include "core/check/regex_search.hpp"

using sonde::check::EcmaPattern;
using sonde::check::k_max_pattern_input;
using sonde::check::PatternMatch;

namespace {

EcmaPattern compiled(const std::string& source) {
  auto p = EcmaPattern::compile(source);
  if (!p) FAIL(p.error().message);
  return *p;
}

}  // namespace

TEST_CASE("RE2 runs every pattern it can express; the fallback the rest", "[check][pattern]") {
  CHECK(compiled("^[a-z]+(-[a-z]+)*$").engine() == EcmaPattern::Engine::re2);
  CHECK(compiled("^\\p{L}+$").engine() == EcmaPattern::Engine::re2);
  CHECK(compiled("(a)\\1").engine() == EcmaPattern::Engine::backtracking);
  CHECK(compiled("a(?=b)").engine() == EcmaPattern::Engine::backtracking);
  CHECK(compiled("(?<!x)a").engine() == EcmaPattern::Engine::backtracking);
  CHECK(compiled("a{2000}").engine() == EcmaPattern::Engine::backtracking);
  CHECK_FALSE(EcmaPattern::compile("(a)\\1\\p{L}"));  // \p{...} needs RE2, backreferences the fallback
}

TEST_CASE("the fallback gives up on a catastrophic pattern within its budget", "[check][pattern]") {
  auto p = compiled("(a|aa)+\\1$");
  auto started = std::chrono::steady_clock::now();
  CHECK(p.search(std::string(60, 'a') + "b") == PatternMatch::too_costly);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  CHECK(p.search("aab") == PatternMatch::no_match);
  CHECK(p.search("aaaa") == PatternMatch::match);
  // A program too large to run is too costly rather than an invalid schema.
  CHECK(compiled("(a?){100000}\\1").search("a") == PatternMatch::too_costly);
}

TEST_CASE("long inputs: up to 256 KiB in either engine, within the fallback's budget", "[check][pattern]") {
  std::string just_fits(k_max_pattern_input - 1, 'a');
  CHECK(compiled("^a*$").search(just_fits) == PatternMatch::match);
  CHECK(compiled("^a*$").search(just_fits + "bc") == PatternMatch::too_long);
  CHECK(compiled("^(?=a)a*$").search(just_fits + "bc") == PatternMatch::too_long);
  // A lookahead over a whole 256 KiB string stays within the budget (it grows with the length).
  CHECK(compiled("^(?=.*a$).*$").search(just_fits) == PatternMatch::match);
  CHECK(compiled("^(?=.*\\d).*$").search(just_fits) == PatternMatch::no_match);
}

TEST_CASE("copies share one compiled pattern", "[check][pattern]") {
  auto p = compiled("^(\\d+)-\\1$");
  EcmaPattern copy = p;
  CHECK(copy.source() == "^(\\d+)-\\1$");
  CHECK(copy.search("12-12") == PatternMatch::match);
  CHECK(p.search("12-13") == PatternMatch::no_match);
}
