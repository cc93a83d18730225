// RFC 9535 filter selectors: the examples of sections 2.3.5 (filters, comparisons) and 2.4
// (function extensions and their typing rules), written as test cases, plus numbers beyond
// int64 and the legacy forms Hurl files use.
#include "jsonpath_test_support.hpp"

using nlohmann::json;
using sonde::test::parse_error;
using sonde::test::select;

namespace {

const json k_filter_doc = json::parse(R"({
  "a": [3, 5, 1, 2, 4, 6, {"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}],
  "o": {"p": 1, "q": 2, "r": 3, "s": 5, "t": {"u": 6}},
  "e": "f"})");

// Whether `expr` holds, as a filter over a two-member object (it selects both members or none).
bool holds(const std::string& expr) {
  static const json doc = json::parse(R"({"obj": {"x": "y"}, "arr": [2, 3]})");
  const json out = select("$[?" + expr + "]", doc);
  REQUIRE((out.empty() || out.size() == 2));
  return out.size() == 2;
}

}  // namespace

TEST_CASE("JSONPath: the filter examples of RFC 9535 section 2.3.5.3", "[flow][jsonpath][filter]") {
  const json& d = k_filter_doc;
  const json kilo = json::parse(R"([{"b": "kilo"}])");
  CHECK(select("$.a[?@.b == 'kilo']", d) == kilo);
  CHECK(select("$.a[?(@.b == 'kilo')]", d) == kilo);  // the parenthesised form Hurl files often use
  CHECK(select("$.a[?@>3.5]", d) == json::array({5, 4, 6}));
  CHECK(select("$.a[?@.b]", d) == json::parse(R"([{"b": "j"}, {"b": "k"}, {"b": {}}, {"b": "kilo"}])"));
  CHECK(select("$[?@.*]", d) == json::array({d["a"], d["o"]}));
  CHECK(select("$[?@[?@.b]]", d) == json::array({d["a"]}));
  CHECK(select("$.o[?@<3, ?@<3]", d) == json::array({1, 2, 1, 2}));
  CHECK(select(R"($.a[?@<2 || @.b == "k"])", d) == json::parse(R"([1, {"b": "k"}])"));
  CHECK(select(R"($.a[?match(@.b, "[jk]")])", d) == json::parse(R"([{"b": "j"}, {"b": "k"}])"));
  CHECK(select(R"($.a[?search(@.b, "[jk]")])", d) == json::parse(R"([{"b": "j"}, {"b": "k"}, {"b": "kilo"}])"));
  CHECK(select("$.o[?@>1 && @<4]", d) == json::array({2, 3}));
  CHECK(select("$.o[?@.u || @.x]", d) == json::parse(R"([{"u": 6}])"));
  CHECK(select("$.a[?@.b == $.x]", d) == json::array({3, 5, 1, 2, 4, 6}));  // Nothing == Nothing
  CHECK(select("$.a[?@ == @]", d) == d["a"]);
}

TEST_CASE("JSONPath: the comparison table of RFC 9535 section 2.3.5.2.2", "[flow][jsonpath][filter]") {
  CHECK(holds("$.absent1 == $.absent2"));
  CHECK(holds("$.absent1 <= $.absent2"));
  CHECK_FALSE(holds("$.absent == 'g'"));
  CHECK_FALSE(holds("$.absent1 != $.absent2"));
  CHECK(holds("$.absent != 'g'"));
  CHECK(holds("1 <= 2"));
  CHECK_FALSE(holds("1 > 2"));
  CHECK_FALSE(holds("13 == '13'"));
  CHECK(holds("'a' <= 'b'"));
  CHECK_FALSE(holds("'a' > 'b'"));
  CHECK_FALSE(holds("$.obj == $.arr"));
  CHECK(holds("$.obj != $.arr"));
  CHECK(holds("$.obj == $.obj"));
  CHECK_FALSE(holds("$.obj != $.obj"));
  CHECK(holds("$.arr == $.arr"));
  CHECK_FALSE(holds("$.arr != $.arr"));
  CHECK_FALSE(holds("$.obj == 17"));
  CHECK(holds("$.obj != 17"));
  CHECK_FALSE(holds("$.obj <= $.arr"));
  CHECK_FALSE(holds("$.obj < $.arr"));
  CHECK(holds("$.obj <= $.obj"));
  CHECK(holds("$.arr <= $.arr"));
  CHECK_FALSE(holds("1 <= $.arr"));
  CHECK_FALSE(holds("1 >= $.arr"));
  CHECK_FALSE(holds("1 > $.arr"));
  CHECK_FALSE(holds("1 < $.arr"));
  CHECK(holds("true <= true"));
  CHECK_FALSE(holds("true > true"));
}

TEST_CASE("JSONPath: comparisons of numbers, strings and structures", "[flow][jsonpath][filter]") {
  CHECK(holds("1 == 1.0"));
  CHECK(holds("1 == 1e0"));
  CHECK(holds("100 == 1E2"));
  CHECK(holds("0.5 == 5e-1"));
  CHECK(holds("-0 == 0"));
  CHECK(holds("-1.5 < -1"));
  CHECK(holds("null == null"));
  CHECK_FALSE(holds("null == false"));
  CHECK(holds("'abc' < 'abd'"));
  CHECK(holds("'Z' < 'a'"));
  CHECK(holds("'\u00e9' < '\U0001F600'"));  // code point order
  CHECK(holds("$.arr == $.arr"));
  CHECK(holds("$.arr[0] == 2"));
  const json doc = json::parse(R"([{"v": [1, {"k": 2.0}]}, {"v": [1.0, {"k": 2}]}, {"v": [1, {"k": 3}]}])");
  CHECK(select("$[?@.v == $[0].v]", doc) == json::array({doc[0], doc[1]}));  // structural, numbers by value
  CHECK(select("$[?@.v != $[0].v]", doc) == json::array({doc[2]}));
}

TEST_CASE("JSONPath: integers beyond int64 and doubles compare exactly", "[flow][jsonpath][filter]") {
  // nlohmann::json keeps 2^64-1 as uint64 and 2^64 as a double; as doubles both would be 2^64.
  const json big = json::parse("[18446744073709551615, 18446744073709551614, 18446744073709551616, -1]");
  CHECK(select("$[?@ == 18446744073709551615]", big) == json::parse("[18446744073709551615]"));
  CHECK(select("$[?@ > 18446744073709551614]", big) == json::parse("[18446744073709551615, 18446744073709551616]"));
  CHECK(select("$[?@ < 0]", big) == json::array({-1}));
  CHECK(select("$[?@ > -9223372036854775808]", big).size() == 4);
  // 2^53 + 1 is an int64 that no double holds.
  const json edge = json::parse("[9007199254740993, 9007199254740992]");
  CHECK(select("$[?@ > 9007199254740992.0]", edge) == json::parse("[9007199254740993]"));
  CHECK(select("$[?@ == 9007199254740992.0]", edge) == json::parse("[9007199254740992]"));
}

TEST_CASE("JSONPath: logical operators, negation and parentheses", "[flow][jsonpath][filter]") {
  const json doc = json::parse(R"([{"a": 1, "b": 2}, {"a": 1}, {"b": 2}, {}])");
  CHECK(select("$[?@.a && @.b]", doc) == json::array({doc[0]}));
  CHECK(select("$[?@.a || @.b]", doc) == json::array({doc[0], doc[1], doc[2]}));
  CHECK(select("$[?!@.a]", doc) == json::array({doc[2], doc[3]}));
  CHECK(select("$[?!(@.a == 1)]", doc) == json::array({doc[2], doc[3]}));
  CHECK(select("$[?! @.a && ! @.b]", doc) == json::array({doc[3]}));
  // && binds tighter than ||.
  CHECK(select("$[?@.b || @.a && @.x]", doc) == json::array({doc[0], doc[2]}));
  CHECK(select("$[?(@.b || @.a) && @.a]", doc) == json::array({doc[0], doc[1]}));
  CHECK(select("$[?( ( @.a == 1 ) )]", doc) == json::array({doc[0], doc[1]}));
  // Existence counts even for null and false.
  CHECK(select("$[?@.x]", json::parse(R"([{"x": null}, {"x": false}, {}])")).size() == 2);
  // Filters apply to object member values too, and not to scalars.
  CHECK(select("$[?@ > 1]", json::parse(R"({"a": 1, "b": 2})")) == json::array({2}));
  CHECK(select("$[?@ > 1]", json(5)) == json::array());
}

TEST_CASE("JSONPath: length(), count() and value()", "[flow][jsonpath][filter]") {
  const json doc = json::parse(R"([
    "ab", "\u00e9t\u00e9", [1, 2, 3], {"k": 1, "l": 2}, 12, {"c": [1, 2], "d": "x"}])");
  CHECK(select("$[?length(@) == 3]", doc) == json::array({doc[1], doc[2]}));  // code points, not bytes
  CHECK(select("$[?length(@) == 2]", doc) == json::array({doc[0], doc[3], doc[5]}));
  CHECK(select("$[?length(@) == $.absent]", doc) == json::array({doc[4]}));  // Nothing for numbers
  CHECK(select("$[?count(@.*) == 2]", doc) == json::array({doc[3], doc[5]}));
  CHECK(select("$[?count(@..*) > 3]", doc) == json::array({doc[5]}));
  CHECK(select("$[?value(@.d) == 'x']", doc) == json::array({doc[5]}));
  CHECK(select("$[?value(@..*) == 'x']", doc) == json::array());  // more than one node: Nothing
  CHECK(select("$[?length(value(@.c)) == 2]", doc) == json::array({doc[5]}));
  CHECK(select("$[?count(@) == 1]", doc).size() == 6);
}

TEST_CASE("JSONPath: match() is a full match and search() a substring match", "[flow][jsonpath][filter]") {
  const json doc = json::parse(R"(["ab", "xab", "abx", "a\nb", "Europe/Paris", 7, "\u0416"])");
  CHECK(select("$[?match(@, 'a.*')]", doc) == json::parse(R"(["ab", "abx"])"));
  CHECK(select("$[?search(@, 'ab')]", doc) == json::parse(R"(["ab", "xab", "abx"])"));
  CHECK(select("$[?match(@, 'a.b')]", doc) == json::array());  // dot excludes \n
  CHECK(select("$[?match(@, 'Europe/.*')]", doc) == json::array({"Europe/Paris"}));
  CHECK(select("$[?!match(@, '[a-z]+')]", doc) == json::parse(R"(["a\nb", "Europe/Paris", 7, "\u0416"])"));
  CHECK(select("$[?match(@, '\\\\p{Lu}')]", doc) == json::array({doc[6]}));
  CHECK(select("$[?match(@, '\\\\d')]", doc) == json::array());  // \d is not I-Regexp: never matches
  CHECK(select("$[?match(7, '7')]", doc) == json::array());      // not a string
  // The pattern may come from the document.
  const json pats = json::parse(R"({"re": "b.", "v": ["ab", "bc", "b"]})");
  CHECK(select("$.v[?search(@, $.re)]", pats) == json::array({"bc"}));
  CHECK(select("$.v[?match(@, value($..re))]", pats) == json::array({"bc"}));
}

TEST_CASE("JSONPath: function calls must be well-typed (RFC 9535 section 2.4.3)", "[flow][jsonpath][filter]") {
  CHECK(parse_error("$[?length(@) < 3]").empty());
  CHECK(parse_error("$[?length(@.*) < 3]") == "JSONPath: argument 1 of length() must be a value: a literal, "
                                              "a singular query or a call returning a value at column 11");
  CHECK(parse_error("$[?count(@.*) == 1]").empty());
  CHECK(parse_error("$[?count(1) == 1]") == "JSONPath: argument 1 of count() must be a query at column 10");
  CHECK(parse_error("$[?match(@.timezone, 'Europe/.*')]").empty());
  CHECK(parse_error("$[?match(@.timezone, 'Europe/.*') == true]") ==
        "JSONPath: match() returns a test, which cannot be compared at column 4");
  CHECK(parse_error("$[?value(@..color) == \"red\"]").empty());
  CHECK(parse_error("$[?value(@..color)]") ==
        "JSONPath: value() returns a value, not a test (compare it with '==' or another operator) at column 4");
  CHECK(parse_error("$[?length(@)]") ==
        "JSONPath: length() returns a value, not a test (compare it with '==' or another operator) at column 4");
  CHECK(parse_error("$[?count(@.a, @.b) == 1]") == "JSONPath: too many arguments to count() at column 15");
  CHECK(parse_error("$[?match(@.a) == 1]") == "JSONPath: match() takes 2 arguments at column 4");
  CHECK(parse_error("$[?length() == 1]") == "JSONPath: length() takes 1 argument at column 4");
  CHECK(parse_error("$[?length((@.a)) == 1]").starts_with("JSONPath: argument 1 of length() must be a value"));
  CHECK(parse_error("$[?count(length(@)) == 1]") == "JSONPath: argument 1 of count() must be a query at column 10");
}

TEST_CASE("JSONPath: filter syntax errors name the column", "[flow][jsonpath][filter]") {
  CHECK(parse_error("$[?foo(@)]") == "JSONPath: unknown function 'foo' at column 4");
  CHECK(parse_error("$[?Length(@) == 1]") ==
        "JSONPath: expected a literal, a query or a function call, got 'L' at column 4");
  CHECK(parse_error("$[?length (@) == 1]") == "JSONPath: unexpected 'length' (a function call needs '(') at column 4");
  CHECK(parse_error("$[?@.a == 1 || ]") ==
        "JSONPath: expected a literal, a query or a function call, got ']' at column 16");
  CHECK(parse_error("$[?(@.a == 1]") == "JSONPath: expected ')', got ']' at column 13");
  CHECK(parse_error("$[?]") == "JSONPath: expected a literal, a query or a function call, got ']' at column 4");
  CHECK(parse_error("$[?1]") == "JSONPath: a literal is not a test (compare it with '==' or another operator) at column 4");
  CHECK(parse_error("$[?@.* == 1]") ==
        "JSONPath: only a singular query (names and indices only) can be compared at column 4");
  CHECK(parse_error("$[?@.a = 1]") == "JSONPath: '=' is not an operator (equality is '==') at column 8");
  CHECK(parse_error("$[?@.a == 1 == 2]") == "JSONPath: comparisons do not chain (combine them with '&&') at column 13");
  CHECK(parse_error("$[?!@.a == 1]") ==
        "JSONPath: '!' negates a test, not a comparison operand (write '!(a == b)') at column 9");
  CHECK(parse_error("$[?@.a == 01]") == "JSONPath: a number cannot have leading zeros at column 11");
  CHECK(parse_error("$[?@.a == 1.]") == "JSONPath: expected a digit after '.', got ']' at column 13");
  CHECK(parse_error("$[?@.a == 1e]") == "JSONPath: expected a digit in the exponent, got ']' at column 13");
  CHECK(parse_error("$[?@.a == 1e999]") == "JSONPath: number out of range at column 11");
  CHECK(parse_error("$[?@.a == True]") ==
        "JSONPath: expected a literal, a query or a function call, got 'T' at column 11");
  CHECK(parse_error("$[?@.a & @.b]") == "JSONPath: expected ',' or ']', got '&' at column 8");
  std::string deep = "$[?";
  for (int i = 0; i < 100; ++i) deep += "(";
  CHECK(parse_error(deep + "@" + std::string(100, ')') + "]") == "JSONPath: expression nested too deeply at column 68");
}
