// `pattern` and `patternProperties` through the validator: hostile patterns end quickly with a
// verdict, and ECMA-262 patterns mean what they mean in JavaScript.
#include <catch2/catch.hpp>

#include <chrono>

#include "check_test_support.hpp"

using namespace sonde::check;
using namespace sonde::check::testing;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string schema_with_pattern(const std::string& pattern) {
  return nlohmann::json{{"properties", {{"code", {{"type", "string"}, {"pattern", pattern}}}}}}.dump();
}

std::string body_with_code(const std::string& code) { return nlohmann::json{{"code", code}}.dump(); }

bool matches(const std::string& pattern, const std::string& text) {
  return valid(schema_with_pattern(pattern), body_with_code(text));
}

}  // namespace

// What these bounds guard is catastrophic backtracking (2^40 steps: hours), so they leave room
// for a loaded 2-core CI machine running an instrumented Debug build (3 s seen there).
constexpr double k_hang = 30.0;

TEST_CASE("a catastrophic pattern is decided in linear time", "[check][pattern]") {
  // (a+)+$ against a^40 + "!" takes 2^40 steps in a backtracking engine (over 20 s with std::regex).
  auto started = std::chrono::steady_clock::now();
  auto c = compile_text(schema_with_pattern("(a+)+$"), Dialect::oas31);
  auto r = run(c, body_with_code(std::string(40, 'a') + "!"));
  CHECK(seconds_since(started) < k_hang);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].keyword == "pattern");
  CHECK(r.violations[0].pointer == "/code");
  CHECK(r.violations[0].message().find("too costly") == std::string::npos);
  CHECK(matches("(a+)+$", std::string(40, 'a')));
}

TEST_CASE("a catastrophic pattern with a backreference hits the budget and says so", "[check][pattern]") {
  auto started = std::chrono::steady_clock::now();
  auto c = compile_text(schema_with_pattern("^(a+)+\\1$"), Dialect::oas31);
  auto r = run(c, body_with_code(std::string(40, 'a') + "!"));
  CHECK(seconds_since(started) < k_hang);
  REQUIRE(r.violations.size() == 1);
  const auto& v = r.violations[0];
  CHECK(v.keyword == "pattern");
  CHECK(v.pointer == "/code");
  CHECK(v.schema == "#/properties/code/pattern");
  CHECK(v.expected == "a string matching /^(a+)+\\1$/");
  CHECK(v.actual.find("pattern too costly to evaluate") != std::string::npos);
  // A catastrophic lookahead is bounded the same way.
  started = std::chrono::steady_clock::now();
  auto look = run(compile_text(schema_with_pattern("^(?=(a+)+$)"), Dialect::oas31),
                  body_with_code(std::string(40, 'a') + "!"));
  CHECK(seconds_since(started) < k_hang);
  REQUIRE(look.violations.size() == 1);
  CHECK(look.violations[0].actual.find("too costly") != std::string::npos);
}

TEST_CASE("a catastrophic patternProperties key is decided quickly", "[check][pattern]") {
  auto started = std::chrono::steady_clock::now();
  std::string schema = R"({"patternProperties":{"(a+)+$":{"type":"integer"}},"additionalProperties":false})";
  std::string name = std::string(40, 'a') + "!";
  auto r = run(compile_text(schema, Dialect::oas31), nlohmann::json{{name, 1}}.dump());
  CHECK(seconds_since(started) < k_hang);
  REQUIRE(r.violations.size() == 1);
  CHECK(r.violations[0].keyword == "additionalProperties");
  auto costly = run(compile_text(R"({"patternProperties":{"^(a+)+\\1$":{"type":"integer"}}})", Dialect::oas31),
                    nlohmann::json{{name, 1}}.dump());
  REQUIRE(costly.violations.size() == 1);
  CHECK(costly.violations[0].keyword == "patternProperties");
  CHECK(costly.violations[0].pointer == "/" + name);
  CHECK(costly.violations[0].actual.find("too costly") != std::string::npos);
}

TEST_CASE("ECMA-262 patterns keep their JavaScript meaning", "[check][pattern]") {
  // Lookahead, lookbehind and backreferences run on the fallback matcher.
  CHECK(matches("^(?=.*[A-Z])(?=.*\\d).{8,}$", "Passw0rdX"));
  CHECK_FALSE(matches("^(?=.*[A-Z])(?=.*\\d).{8,}$", "password1"));
  CHECK(matches("^(\\w+) \\1$", "bye bye"));
  CHECK_FALSE(matches("^(\\w+) \\1$", "bye now"));
  CHECK(matches("^(?<word>[a-z]+)-\\k<word>$", "ab-ab"));
  CHECK_FALSE(matches("^(?<word>[a-z]+)-\\k<word>$", "ab-ba"));
  CHECK(matches("(?<=\\$)\\d+", "cost: $42"));
  CHECK_FALSE(matches("(?<=\\$)\\d+", "cost: 42"));
  CHECK(matches("(?<!\\$)\\b\\d+", "cost: 42"));
  CHECK(matches("(?<=ab|c+)z", "cccz"));
  CHECK(matches("(?<=ab|c+)z", "abz"));
  CHECK_FALSE(matches("(?<=ab|c+)z", "bz"));
  // Lookbehind runs right to left: \1 must stand left of its group to see it.
  CHECK(matches("^(?:\\d+)(?<=\\1(\\d))x$", "1233x"));
  CHECK_FALSE(matches("^(?:\\d+)(?<=\\1(\\d))x$", "1234x"));
  CHECK(matches("^(?:\\d+)(?<=(\\d)\\1)x$", "1234x"));  // as in JavaScript: \1 is still empty
  CHECK_FALSE(matches("^(?!000)\\d{3}$", "000"));
  CHECK(matches("^(a)|\\1b$", "b"));  // a group that took no part matches empty
  CHECK_FALSE(matches("\\B", "7\u2028a"));  // no position inside a character (RE2 would find one)
  CHECK(matches("\\B", "ab"));
  // ECMA classes and escapes that RE2 reads differently.
  CHECK(matches("^\\s$", "\u00a0"));        // \s includes NBSP
  CHECK(matches("^\\s$", "\u2003"));        // and Unicode spaces
  CHECK_FALSE(matches("^\\w$", "\u00e9"));  // \w is ASCII
  CHECK_FALSE(matches("^\\d$", "\u0663"));  // \d is ASCII
  CHECK_FALSE(matches("^.$", "\r"));        // `.` stops at every line terminator
  CHECK_FALSE(matches("^.$", "\u2028"));
  CHECK(matches("^.$", "\u00e9"));          // one code point, not one byte
  CHECK(matches("^[^]$", "\n"));
  CHECK_FALSE(matches("[]", "anything"));
  CHECK_FALSE(matches("^a$", "a\n"));       // $ is the end of the input, not of a line
  CHECK(matches("^\\/api\\/v\\d$", "/api/v2"));
  CHECK(matches("^\\cJ$", "\n"));
  CHECK(matches("^\\u00e9\\x41\\u{1F600}$", "\u00e9A\U0001F600"));
  CHECK(matches("^\\uD83D\\uDE00$", "\U0001F600"));  // a surrogate pair is one code point
  CHECK(matches("^\\p{Lu}\\p{Ll}+$", "\u00c9cole"));
  CHECK(matches("^\\p{Script=Greek}+$", "\u03b1\u03b2"));
  CHECK(matches("^[\\w.-]+@[\\w-]+\\.[a-z]{2,}$", "a.b-c@d.io"));
  CHECK(matches("^a{2,3}?$", "aaa"));
  CHECK(matches("^x{1,}y{0}$", "xx"));
  CHECK(matches("^{}$", "{}"));  // Annex B: a brace that starts no quantifier is a literal
  CHECK(matches("^\\d{1200}$", std::string(1200, '7')));  // past RE2's counts: the fallback
  CHECK_FALSE(matches("^\\d{1200}$", std::string(1199, '7')));
}

TEST_CASE("invalid patterns are schema errors that say what is wrong", "[check][pattern]") {
  auto error_of = [](const std::string& pattern) {
    try {
      compile_text(schema_with_pattern(pattern), Dialect::oas31);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("compiled");
  };
  CHECK(error_of("(unclosed").find("missing ')'") != std::string::npos);
  CHECK(error_of("a)").find("unmatched ')'") != std::string::npos);
  CHECK(error_of("[z-a]").find("range out of order") != std::string::npos);
  CHECK(error_of("*a").find("nothing to repeat") != std::string::npos);
  CHECK(error_of("(a)\\2").find("backreference") != std::string::npos);
  CHECK(error_of("\\q").find("unknown escape") != std::string::npos);
  CHECK(error_of("a{3,1}").find("out of order") != std::string::npos);
  CHECK(error_of("\\p{Nope}").find("Nope") != std::string::npos);
  CHECK(error_of(std::string(300, '(') + std::string(300, ')')).find("nested") != std::string::npos);
}
