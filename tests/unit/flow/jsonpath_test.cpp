// RFC 9535 queries: the examples of sections 1.5, 2.3 (selectors), 2.5 (segments) and 2.6
// (null), written as test cases, plus document order, big integers and parse errors.
#include "jsonpath_test_support.hpp"

using nlohmann::json;
using sonde::flow::JsonPath;
using sonde::test::parse_error;
using sonde::test::select;

namespace {

const json k_bookstore = json::parse(R"({"store": {
  "book": [
    {"category": "reference", "author": "Nigel Rees", "title": "Sayings of the Century", "price": 8.95},
    {"category": "fiction", "author": "Evelyn Waugh", "title": "Sword of Honour", "price": 12.99},
    {"category": "fiction", "author": "Herman Melville", "title": "Moby Dick", "isbn": "0-553-21311-3", "price": 8.99},
    {"category": "fiction", "author": "J. R. R. Tolkien", "title": "The Lord of the Rings", "isbn": "0-395-19395-8",
     "price": 22.99}],
  "bicycle": {"color": "red", "price": 399}}})");

const json k_letters = json::parse(R"(["a", "b", "c", "d", "e", "f", "g"])");

}  // namespace

TEST_CASE("JSONPath: the bookstore examples of RFC 9535 section 1.5", "[flow][jsonpath]") {
  const json authors = json::parse(R"(["Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"])");
  const json& books = k_bookstore["store"]["book"];
  CHECK(select("$.store.book[*].author", k_bookstore) == authors);
  CHECK(select("$..author", k_bookstore) == authors);
  CHECK(select("$.store.*", k_bookstore) == json::array({k_bookstore["store"]["bicycle"], books}));
  CHECK(select("$.store..price", k_bookstore) == json::parse("[399, 8.95, 12.99, 8.99, 22.99]"));
  CHECK(select("$..book[2]", k_bookstore) == json::array({books[2]}));
  CHECK(select("$..book[2].author", k_bookstore) == json::array({"Herman Melville"}));
  CHECK(select("$..book[2].publisher", k_bookstore) == json::array());
  CHECK(select("$..book[-1]", k_bookstore) == json::array({books[3]}));
  CHECK(select("$..book[0,1]", k_bookstore) == json::array({books[0], books[1]}));
  CHECK(select("$..book[:2]", k_bookstore) == json::array({books[0], books[1]}));
  CHECK(select("$..book[?@.isbn]", k_bookstore) == json::array({books[2], books[3]}));
  CHECK(select("$..book[?@.price<10]", k_bookstore) == json::array({books[0], books[2]}));
  CHECK(select("$..*", k_bookstore).size() == 27);
  CHECK(select("$", k_bookstore) == json::array({k_bookstore}));
}

TEST_CASE("JSONPath: name selectors, quoted and shorthand, with escapes", "[flow][jsonpath]") {
  const json doc = json::parse(R"({"o": {"j j": {"k.k": 3}}, "'": {"@": 2}})");
  CHECK(select("$.o['j j']", doc) == json::parse(R"([{"k.k": 3}])"));
  CHECK(select("$.o['j j']['k.k']", doc) == json::array({3}));
  CHECK(select(R"($.o["j j"]["k.k"])", doc) == json::array({3}));
  CHECK(select(R"($["'"]["@"])", doc) == json::array({2}));
  CHECK(select(R"($['\'']['@'])", doc) == json::array({2}));

  const json names = json::parse(R"({"a\nb": 1, "\u00e9": 2, "\ud83d\ude00": 3, "true": 4, "_x1": 5})");
  CHECK(select(R"($['a\nb'])", names) == json::array({1}));
  CHECK(select(R"($['\u00e9'])", names) == json::array({2}));
  CHECK(select("$.\xC3\xA9", names) == json::array({2}));               // shorthand, non-ASCII
  CHECK(select(R"($["\uD83D\uDE00"])", names) == json::array({3}));    // surrogate pair
  CHECK(select(R"($["\ud83d\ude00"])", names) == json::array({3}));    // lower-case hex
  CHECK(select("$.true", names) == json::array({4}));
  CHECK(select("$._x1", names) == json::array({5}));
  CHECK(select("$.a", json::array({1})) == json::array());              // names select in objects only
}

TEST_CASE("JSONPath: wildcard and index selectors", "[flow][jsonpath]") {
  const json doc = json::parse(R"({"o": {"j": 1, "k": 2}, "a": [5, 3]})");
  CHECK(select("$[*]", doc) == json::parse(R"([[5, 3], {"j": 1, "k": 2}])"));  // nlohmann orders members by name
  CHECK(select("$.o[*]", doc) == json::array({1, 2}));
  CHECK(select("$.o[*, *]", doc) == json::array({1, 2, 1, 2}));
  CHECK(select("$.a[*]", doc) == json::array({5, 3}));
  CHECK(select("$.a.*", doc) == json::array({5, 3}));
  CHECK(select("$.a[0].*", doc) == json::array());

  const json ab = json::array({"a", "b"});
  CHECK(select("$[1]", ab) == json::array({"b"}));
  CHECK(select("$[-2]", ab) == json::array({"a"}));
  CHECK(select("$[2]", ab) == json::array());
  CHECK(select("$[-3]", ab) == json::array());
  CHECK(select("$[0]", json::object({{"0", 1}})) == json::array());  // indices select in arrays only
}

TEST_CASE("JSONPath: slices normalize their bounds, negative steps included", "[flow][jsonpath]") {
  CHECK(select("$[1:3]", k_letters) == json::array({"b", "c"}));
  CHECK(select("$[5:]", k_letters) == json::array({"f", "g"}));
  CHECK(select("$[1:5:2]", k_letters) == json::array({"b", "d"}));
  CHECK(select("$[5:1:-2]", k_letters) == json::array({"f", "d"}));
  CHECK(select("$[::-1]", k_letters) == json::array({"g", "f", "e", "d", "c", "b", "a"}));
  CHECK(select("$[-2:]", k_letters) == json::array({"f", "g"}));
  CHECK(select("$[:-5]", k_letters) == json::array({"a", "b"}));
  CHECK(select("$[-100:100:3]", k_letters) == json::array({"a", "d", "g"}));
  CHECK(select("$[100:-100:-3]", k_letters) == json::array({"g", "d", "a"}));
  CHECK(select("$[0:7:0]", k_letters) == json::array());  // step 0 selects nothing
  CHECK(select("$[3:1]", k_letters) == json::array());
  CHECK(select("$[ 1 : 3 : 1 ]", k_letters) == json::array({"b", "c"}));
  CHECK(select("$[::]", json::array({1, 2})) == json::array({1, 2}));
  CHECK(select("$[1:2]", json::object({{"a", 1}})) == json::array());
  CHECK(select("$[-9007199254740991:9007199254740991:9007199254740991]", k_letters) == json::array({"a"}));
}

TEST_CASE("JSONPath: child segments keep selector order and duplicates", "[flow][jsonpath]") {
  CHECK(select("$[0, 3]", k_letters) == json::array({"a", "d"}));
  CHECK(select("$[0:2, 5]", k_letters) == json::array({"a", "b", "f"}));
  CHECK(select("$[0, 0]", k_letters) == json::array({"a", "a"}));
  CHECK(select("$[1, 'a', -1]", k_letters) == json::array({"b", "g"}));
}

TEST_CASE("JSONPath: descendant segments visit nodes before their descendants", "[flow][jsonpath]") {
  const json doc = json::parse(R"({"o": {"j": 1, "k": 2}, "a": [5, 3, [{"j": 4}, {"k": 6}]]})");
  // Members in name order ("a" before "o"), arrays in order, each node before what it contains.
  CHECK(select("$..j", doc) == json::array({4, 1}));
  CHECK(select("$..[0]", doc) == json::parse(R"([5, {"j": 4}])"));
  CHECK(select("$..o", doc) == json::parse(R"([{"j": 1, "k": 2}])"));
  CHECK(select("$.o..[*, *]", doc) == json::array({1, 2, 1, 2}));
  CHECK(select("$.a..[0, 1]", doc) == json::parse(R"([5, 3, {"j": 4}, {"k": 6}])"));
  CHECK(select("$..[*]", doc) == json::parse(R"([[5, 3, [{"j": 4}, {"k": 6}]], {"j": 1, "k": 2}, 5, 3,
                                                  [{"j": 4}, {"k": 6}], {"j": 4}, {"k": 6}, 4, 6, 1, 2])"));
  // Pre-order, not breadth-first: [1] and 1 come before 2.
  CHECK(select("$..*", json::parse("[[[1]], [2]]")) == json::parse("[[[1]], [2], [1], 1, 2]"));
  CHECK(select("$..*", json::parse(R"({"b": {"x": 1}, "a": [2]})")) == json::parse(R"([[2], {"x": 1}, 2, 1])"));
  CHECK(select("$..*", json(5)) == json::array());
}

TEST_CASE("JSONPath: descendant segments walk deep documents without recursion", "[flow][jsonpath]") {
  json doc = 1;
  for (int i = 0; i < 100000; ++i) {
    json outer = json::array();
    outer.push_back(std::move(doc));
    doc = std::move(outer);
  }
  CHECK(select("$..[?@ == 1]", doc) == json::array({1}));
}

TEST_CASE("JSONPath: null is a value, distinct from a missing member", "[flow][jsonpath]") {
  const json doc = json::parse(R"({"a": null, "b": [null], "c": [{}], "null": 1})");
  CHECK(select("$.a", doc) == json::array({nullptr}));
  CHECK(select("$.a[0]", doc) == json::array());
  CHECK(select("$.a.d", doc) == json::array());
  CHECK(select("$.b[0]", doc) == json::array({nullptr}));
  CHECK(select("$.b[*]", doc) == json::array({nullptr}));
  CHECK(select("$.b[?@]", doc) == json::array({nullptr}));
  CHECK(select("$.b[?@==null]", doc) == json::array({nullptr}));
  CHECK(select("$.c[?@.d==null]", doc) == json::array());
  CHECK(select("$.null", doc) == json::array({1}));
}

TEST_CASE("JSONPath: select returns pointers into the document", "[flow][jsonpath]") {
  const json doc = json::parse(R"({"a": [10, 20]})");
  auto path = JsonPath::parse("$.a[1]");
  REQUIRE(path);
  const auto nodes = path->select(doc);
  REQUIRE(nodes.size() == 1);
  CHECK(nodes[0] == &doc["a"][1]);
  CHECK(path->text() == "$.a[1]");
}

TEST_CASE("JSONPath: singular queries use names and indices only", "[flow][jsonpath]") {
  for (const char* q : {"$", "$.a", "$['a'][0]", "$.a[-1].b", "$ .a [0]"}) {
    INFO(q);
    auto path = JsonPath::parse(q);
    REQUIRE(path);
    CHECK(path->singular());
  }
  for (const char* q : {"$.*", "$[0,1]", "$[0:1]", "$..a", "$[?@]", "$.a[*]"}) {
    INFO(q);
    auto path = JsonPath::parse(q);
    REQUIRE(path);
    CHECK_FALSE(path->singular());
  }
}

TEST_CASE("JSONPath: blanks are allowed between segments and inside brackets only", "[flow][jsonpath]") {
  const json doc = json::parse(R"({"a": [1, 2]})");
  CHECK(select("$ .a", doc) == json::parse("[[1, 2]]"));
  CHECK(select("$\n[ 'a' ,\t'a' ]\r[0]", doc) == json::array({1, 1}));
  CHECK(parse_error("$. a") == "JSONPath: expected a member name or '*' after '.', got whitespace at column 3");
  CHECK(parse_error("$.. a") == "JSONPath: expected a member name, '*' or '[' after '..', got whitespace at column 4");
  CHECK(parse_error(" $") == "JSONPath: a query starts with '$' at column 1");
  CHECK(parse_error("$ ") == "JSONPath: unexpected whitespace at column 2");
}

TEST_CASE("JSONPath: the member `length` is an ordinary name, not Goessner's array length", "[flow][jsonpath]") {
  // `$..book.length` is syntactically valid RFC 9535: it selects members named "length".
  CHECK(select("$..book.length", k_bookstore) == json::array());
  CHECK(select("$.length", json::parse(R"({"length": 7})")) == json::array({7}));
  CHECK(select("$[?length(@) == 2]", json::parse(R"([[1, 2], "ab", "abc"])")) == json::parse(R"([[1, 2], "ab"])"));
}

TEST_CASE("JSONPath: parse errors name the column of the problem", "[flow][jsonpath]") {
  CHECK(parse_error("$.a[?@.b == 1") == "JSONPath: expected ']' at column 14");
  CHECK(parse_error("$[0") == "JSONPath: expected ']' at column 4");
  CHECK(parse_error("$[0 1]") == "JSONPath: expected ',' or ']', got '1' at column 5");
  CHECK(parse_error("$.a]") == "JSONPath: unexpected ']' at column 4");
  CHECK(parse_error("$[]") == "JSONPath: expected a selector (a name, index, slice, '*' or '?'), got ']' at column 3");
  CHECK(parse_error("$['a") == "JSONPath: unterminated string at column 3");
  CHECK(parse_error("$.1") == "JSONPath: expected a member name or '*' after '.', got '1' at column 3");
  CHECK(parse_error("a") == "JSONPath: a query starts with '$' at column 1");
  CHECK(parse_error("") == "JSONPath: a query starts with '$' at column 1");
  // Columns count characters, not bytes.
  CHECK(parse_error("$['\xC3\xA9\xC3\xA9'][") == "JSONPath: expected a selector (a name, index, slice, '*' or '?'), "
                                                  "got end of query at column 9");
}

TEST_CASE("JSONPath: integers and strings follow the RFC's strict lexical rules", "[flow][jsonpath]") {
  CHECK(parse_error("$[01]") == "JSONPath: an index cannot have leading zeros at column 3");
  CHECK(parse_error("$[-0]") == "JSONPath: -0 is not an index at column 3");
  CHECK(parse_error("$[9007199254740992]") == "JSONPath: integer out of range (at most 2^53-1 either way) at column 3");
  CHECK(parse_error("$[1:2:-9007199254740992]") ==
        "JSONPath: integer out of range (at most 2^53-1 either way) at column 7");
  CHECK(parse_error("$[+1]").starts_with("JSONPath: expected a selector"));
  CHECK(parse_error(R"($['\q'])") == "JSONPath: invalid escape '\\q' in a string at column 4");
  CHECK(parse_error(R"($["\'"])") == "JSONPath: invalid escape '\\'' in a string at column 4");
  CHECK(parse_error(R"($['\uDC00'])") == "JSONPath: \\u escape of a lone low surrogate at column 4");
  CHECK(parse_error(R"($['\uD800x'])") ==
        "JSONPath: \\u escape of a high surrogate not followed by a low one at column 4");
  CHECK(parse_error(R"($['\u12'])") == "JSONPath: \\u needs four hexadecimal digits at column 4");
  CHECK(parse_error("$['a\tb']") == "JSONPath: control character in a string (escape it) at column 5");
  CHECK(parse_error("$['\xFF']") == "JSONPath: invalid UTF-8 at column 4");
  CHECK(parse_error("$.\xED\xA0\x80") == "JSONPath: invalid UTF-8 at column 3");  // an encoded surrogate
}
