// I-Regexp (RFC 9485) as match() and search() use it: the translation to ECMAScript, what is
// rejected, code point semantics, and long texts.
#include <catch2/catch.hpp>

#include <string>

#include "core/flow/iregexp.hpp"

using sonde::flow::IRegexp;
using sonde::flow::iregexp_to_ecmascript;

namespace {

bool full(const std::string& pattern, const std::string& text) {
  auto re = IRegexp::compile(pattern);
  REQUIRE(re.has_value());
  return re->full_match(text);
}

bool partial(const std::string& pattern, const std::string& text) {
  auto re = IRegexp::compile(pattern);
  REQUIRE(re.has_value());
  return re->partial_match(text);
}

}  // namespace

TEST_CASE("I-Regexp: translation to ECMAScript", "[flow][iregexp]") {
  CHECK(iregexp_to_ecmascript(L"a.b") == L"a[^\\n\\r]b");
  CHECK(iregexp_to_ecmascript(L"(ab|c)*d{2,3}e{1,}f{4}") == L"(?:ab|c)*d{2,3}e{1,}f{4}");
  CHECK(iregexp_to_ecmascript(L"[.a-c\\]^-]") == L"[.a-c\\]\\^\\-]");
  CHECK(iregexp_to_ecmascript(L"[-x]") == L"[\\-x]");
  CHECK(iregexp_to_ecmascript(L"\\.\\n\\\\") == L"\\.\\n\\\\");
  CHECK(iregexp_to_ecmascript(L"\\p{Lu}[\\p{Ll}0-9]\\P{L}") == L"[[:upper:]][[:lower:]0-9][^[:alpha:]]");
  CHECK(iregexp_to_ecmascript(L"") == L"");
}

TEST_CASE("I-Regexp: what is not an I-Regexp, or not supported, is rejected", "[flow][iregexp]") {
  for (const wchar_t* bad : {L"\\d", L"\\w", L"a**", L"a*?", L"a{2,1}", L"a{,2}", L"[]", L"[^]", L"(a", L"a)",
                             L"[a-b-c]", L"[b-a]", L"\\p{Xx}", L"\\p{Lu", L"{2}", L"a{1001}", L"(?:a)", L"\\b",
                             L"\\p{Nd}", L"[\\P{Lu}]", L"]", L"}"}) {
    INFO(std::wstring(bad).size());
    CHECK_FALSE(iregexp_to_ecmascript(bad).has_value());
  }
  CHECK_FALSE(IRegexp::compile("\\d").has_value());
}

TEST_CASE("I-Regexp: match is anchored, search is not", "[flow][iregexp]") {
  CHECK(full("a.*", "abc"));
  CHECK_FALSE(full("a.*", "xabc"));
  CHECK(partial("a.*", "xabc"));
  CHECK_FALSE(partial("z", "xabc"));
  CHECK(full("", ""));
  CHECK(partial("", "abc"));
  CHECK(full("^ab$", "ab"));  // anchors pass through, as the compliance suite expects
  CHECK(full("a|b|", ""));
}

TEST_CASE("I-Regexp: characters are code points, and dot excludes only CR and LF", "[flow][iregexp]") {
  CHECK(full("a.b", "a\xC3\xA9" "b"));                      // U+00E9 is one character
  CHECK(full("a.b", "a\xF0\x9F\x98\x80" "b"));              // so is U+1F600
  CHECK(full(".", "\xE2\x80\xA8"));                          // U+2028 is not a line end here
  CHECK_FALSE(full(".", "\n"));
  CHECK_FALSE(full(".", "\r"));
  CHECK(full("[\xC3\xA0-\xC3\xBF]+", "\xC3\xA9\xC3\xA8"));  // a range of non-ASCII code points
  CHECK(full("\\p{Lu}\\p{Ll}", "\xD0\x96\xD0\xB6"));         // Cyrillic Zhe, upper then lower
  CHECK_FALSE(full("\\P{L}", "\xD0\x96"));
}

TEST_CASE("I-Regexp: long texts match on a larger stack, up to the cap", "[flow][iregexp]") {
  // libstdc++ recurses per character; 60,000 characters would overflow an 8 MiB stack.
  const std::string long_text = std::string(60000, 'a') + "b";
  CHECK(full("a*b", long_text));
  CHECK(partial("(a|c)*b", long_text));
  const std::string too_long(sonde::flow::k_max_regex_input + 1, 'a');
  CHECK_FALSE(full("a*", too_long));
}
