// Strings drawn from a pattern's parse tree must match it (checked by the validator's own
// matcher), and what cannot be inverted is said, not guessed.
#include <catch2/catch.hpp>

#include "core/check/generate/pattern_strings.hpp"
#include "core/check/regex_search.hpp"

using namespace sonde::check;
using namespace sonde::check::generate;

TEST_CASE("drawn strings match their pattern, for many seeds", "[check][generate]") {
  const char* patterns[] = {
      "^[A-Z]{3}$", "^\\d{4}-\\d{2}-\\d{2}$", "^(foo|bar)+-[a-f0-9]{8}$", "^[^,;\\s]{1,5}$",
      "^\\w+@\\w+\\.com$", "^(?:v\\d+\\.){2}\\d+$", "^[\\u00e9\\u00e8]x?$", "abc", "^a*b+c?$", "^[\\p{L}a]$",
  };
  for (const char* pattern : patterns) {
    auto compiled = EcmaPattern::compile(pattern);
    REQUIRE(compiled.has_value());
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
      Rng rng(seed);
      auto drawn = string_matching(pattern, rng);
      INFO(pattern << " seed " << seed << " why " << drawn.why);
      REQUIRE(drawn.text.has_value());
      CHECK(compiled->search(*drawn.text) == PatternMatch::match);
    }
  }
}

TEST_CASE("the same seed draws the same string", "[check][generate]") {
  Rng a(7), b(7);
  CHECK(string_matching("^[a-z]{5,10}\\d$", a).text == string_matching("^[a-z]{5,10}\\d$", b).text);
}

TEST_CASE("lookarounds, backreferences and properties are reported, not guessed", "[check][generate]") {
  Rng rng(1);
  auto look = string_matching("^(?=a)[a-z]+$", rng);
  CHECK_FALSE(look.text.has_value());
  CHECK(look.why == "lookarounds are not inverted");
  CHECK(string_matching("^(a)\\1$", rng).why == "backreferences are not inverted");
  CHECK(string_matching("^\\p{Lu}$", rng).why == "Unicode properties (\\p{...}) are not inverted");
  CHECK(string_matching("^(a$", rng).why.starts_with("invalid pattern: "));
}

TEST_CASE("SplitMix64 gives the published sequence, so seeds mean the same everywhere", "[check][generate]") {
  // Reference values of SplitMix64 from state 0 (Vigna's splitmix64.c).
  Rng rng(0);
  CHECK(rng.next() == 0xE220A8397B1DCDAFULL);
  CHECK(rng.next() == 0x6E789E6AA1B965F4ULL);
  CHECK(rng.next() == 0x06C45D188009454FULL);
}
