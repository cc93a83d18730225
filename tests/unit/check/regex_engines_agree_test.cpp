// The two matchers behind EcmaPattern must agree wherever both can run: random patterns without
// backreferences or lookaround are searched by RE2 (through the translation) and by the
// backtracking fallback, over random texts.
#include <catch2/catch.hpp>

#include <re2/re2.h>

#include <random>

#include "core/check/regex_backtrack.hpp"
#include "core/check/regex_re2.hpp"
#include "core/check/regex_syntax.hpp"

using namespace sonde::check::regex;

namespace {

std::string random_pattern(std::mt19937& rng, int depth = 0) {
  static const char* atoms[] = {"a", "b", ".", "\\d", "\\w", "\\s", "\\S", "[ab]", "[^a]", "[a-c\\d]", "\\b", "\\B",
                                "^", "$", "\\u00e9", "\\x20", "[^]", "[]", "\\n", "7"};
  static const char* quantifiers[] = {"", "", "", "*", "+", "?", "{2}", "{1,3}", "{0,}", "*?", "+?", "{2,}?"};
  std::string out;
  int terms = 1 + static_cast<int>(rng() % 4);
  for (int t = 0; t < terms; ++t) {
    std::string atom;
    if (depth < 3 && rng() % 5 == 0) {
      atom = (rng() % 2 ? "(" : "(?:") + random_pattern(rng, depth + 1) + ")";
    } else {
      atom = atoms[rng() % std::size(atoms)];
    }
    bool assertion = atom == "^" || atom == "$" || atom == "\\b" || atom == "\\B";
    out += atom + (assertion ? "" : quantifiers[rng() % std::size(quantifiers)]);
  }
  if (depth < 3 && rng() % 4 == 0) out += "|" + random_pattern(rng, depth + 1);
  return out;
}

std::string random_text(std::mt19937& rng) {
  static const char* pieces[] = {"a", "b", "c", "7", " ", "\n", "\r", "\xc3\xa9", "_", "-", "\xe2\x80\xa8"};
  std::string out;
  int n = static_cast<int>(rng() % 8);
  for (int i = 0; i < n; ++i) out += pieces[rng() % std::size(pieces)];
  return out;
}

}  // namespace

TEST_CASE("RE2 and the backtracking matcher agree on random patterns", "[check][pattern]") {
  std::mt19937 rng(20);
  RE2::Options options;
  options.set_log_errors(false);
  options.set_never_capture(true);
  int compared = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string pattern = random_pattern(rng);
    auto tree = parse(pattern);
    REQUIRE(tree);  // the generator writes only valid patterns
    if (tree->needs_backtracking) continue;  // \B: RE2 would test it inside characters too
    RE2 re(to_re2_syntax(tree->root), options);
    INFO(pattern << " as RE2: " << to_re2_syntax(tree->root));
    REQUIRE(re.ok());
    auto program = BacktrackProgram::compile(*tree);
    REQUIRE(program);
    for (int k = 0; k < 5; ++k) {
      std::string text = random_text(rng);
      std::vector<char32_t> points;
      decode_utf8(text, points, true);
      auto backtracked = program->search(points, 1'000'000);
      if (backtracked == BacktrackProgram::Outcome::too_costly) continue;
      INFO("text: " << text);
      CHECK(RE2::PartialMatch(text, re) == (backtracked == BacktrackProgram::Outcome::match));
      ++compared;
    }
  }
  CHECK(compared > 8000);
}
