// Hurl's xpath query and filter, and its htmlEscape/htmlUnescape filters (libxml2 underneath).
#include <catch2/catch.hpp>

#include "core/flow/html_text.hpp"
#include "core/flow/xpath.hpp"

using namespace sonde::flow;

namespace {

Value xml(const std::string& doc, const std::string& expr) {
  auto v = xpath_in(doc, MarkupKind::xml, expr, "t.hurl:1:1");
  if (!v) FAIL(v.error().message);
  return *v;
}

Value html(const std::string& doc, const std::string& expr) {
  auto v = xpath_in(doc, MarkupKind::html, expr, "t.hurl:1:1");
  if (!v) FAIL(v.error().message);
  return *v;
}

}  // namespace

TEST_CASE("xpath: node-sets give their size, other results their XPath type", "[flow][xpath]") {
  const std::string food = R"(<?xml version="1.0"?><food><banana type="fruit" price="1.1"/><apple type="fruit"/><beef type="meat"/></food>)";
  auto nodes = xml(food, "//food/*");
  CHECK(nodes.kind == Value::Kind::nodeset);
  CHECK(nodes.integer == 3);
  CHECK(nodes.describe() == "a nodeset of 3 nodes");
  auto counted = xml(food, "count(//*[@type='fruit'])");
  CHECK(counted.kind == Value::Kind::floating);
  CHECK(equal(counted, Value::of_int(2)));  // xpath "count(//p)" == 2 holds, as in Hurl
  CHECK(equal(xml(food, "number(//banana/@price)"), Value::of_float(1.1)));
  CHECK(equal(xml(food, "string(//banana/@type)"), Value::of_string("fruit")));
  CHECK(equal(xml(food, "boolean(count(//pear))"), Value::of_bool(false)));
  CHECK(xml(food, "//pear").integer == 0);
  CHECK(equal(xml("<data>caf\xc3\xa9</data>", "normalize-space(//data)"), Value::of_string("caf\xc3\xa9")));
}

TEST_CASE("xpath: every declared namespace by prefix, the first default one as _", "[flow][xpath]") {
  const std::string books = R"(<a:books xmlns:a="foo:" xmlns:b="bar:"><b:book xmlns:c="baz:"><b:title>Dune</b:title><c:author>Frank Herbert</c:author></b:book></a:books>)";
  CHECK(equal(xml(books, "string(//a:books/b:book/b:title)"), Value::of_string("Dune")));
  CHECK(equal(xml(books, "string(//a:books/b:book/c:author)"), Value::of_string("Frank Herbert")));
  const std::string svg = R"(<svg xmlns="http://www.w3.org/2000/svg"><text>SVG</text><g xmlns="urn:other"><text>no</text></g></svg>)";
  CHECK(equal(xml(svg, "string(//_:svg/_:text)"), Value::of_string("SVG")));
  CHECK(xml(svg, "//_:text").integer == 1);  // the second default namespace is not `_`
  CHECK(equal(xml(svg, "string(//*[local-name()='svg']/*[local-name()='text'])"), Value::of_string("SVG")));
}

TEST_CASE("xpath: HTML is read leniently, as a browser would", "[flow][xpath]") {
  const std::string page = "<!doctype html><html><head><meta charset=\"UTF-8\"><title>Example Domain</title></head>"
                           "<body><h1>Example</h1><p>one<p>two<br></body></html>";
  CHECK(equal(html(page, "string(/html/head/title)"), Value::of_string("Example Domain")));
  CHECK(html(page, "//p").integer == 2);
  CHECK(equal(html(page, "normalize-space(/html/head/meta/@charset)"), Value::of_string("UTF-8")));
  CHECK(html(page, "//h2").integer == 0);
  CHECK(markup_kind_of("text/html; charset=utf-8") == MarkupKind::html);
  CHECK(markup_kind_of("application/xhtml+xml") == MarkupKind::html);
  CHECK(markup_kind_of("application/xml") == MarkupKind::xml);
  CHECK(markup_kind_of("") == MarkupKind::xml);
}

TEST_CASE("xpath: a body that is not XML and an expression libxml2 refuses are named errors", "[flow][xpath]") {
  auto not_xml = xpath_in("{\"json\": true}", MarkupKind::xml, "//a", "t.hurl:3:1");
  REQUIRE_FALSE(not_xml);
  CHECK(not_xml.error().message == "the body is not valid XML");
  CHECK(not_xml.error().where == "t.hurl:3:1");
  CHECK_FALSE(xpath_in("", MarkupKind::html, "//a", "t.hurl:3:1"));
  auto bad = xpath_in("<a/>", MarkupKind::xml, "^^^", "t.hurl:4:1");
  REQUIRE_FALSE(bad);
  CHECK_THAT(bad.error().message, Catch::StartsWith("invalid XPath expression '^^^'"));
  CHECK_FALSE(xpath_in("<a/>", MarkupKind::xml, "strong(//a)", "t.hurl:4:1"));  // unknown function
}

TEST_CASE("xpath: one parsed body answers every query of an entry, a refused one in between", "[flow][xpath]") {
  auto doc = MarkupDocument::parse("<a xmlns:p=\"urn:p\"><p:b>1</p:b><p:b>2</p:b></a>", MarkupKind::xml, "t.hurl:1:1");
  REQUIRE(doc.has_value());
  CHECK((*doc)->evaluate("count(//p:b)", "t.hurl:2:1").value().floating == 2);
  auto refused = (*doc)->evaluate("//[", "t.hurl:3:1");
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().where == "t.hurl:3:1");
  CHECK((*doc)->evaluate("string(//p:b[2])", "t.hurl:4:1").value().text == "2");
  // Later refusals say what a fresh parse says: nothing of an earlier refusal leaks into them.
  for (const char* expression : {"nosuch()", "count(//p:b", "1 +"}) {
    INFO(expression);
    auto shared = (*doc)->evaluate(expression, "t.hurl:5:1");
    auto fresh = xpath_in("<a xmlns:p=\"urn:p\"><p:b>1</p:b><p:b>2</p:b></a>", MarkupKind::xml, expression, "t.hurl:5:1");
    REQUIRE_FALSE(shared.has_value());
    REQUIRE_FALSE(fresh.has_value());
    CHECK(shared.error().message == fresh.error().message);
  }
  CHECK_FALSE(MarkupDocument::parse("not <xml", MarkupKind::xml, "t.hurl:1:1").has_value());
}

TEST_CASE("xpath: a response cannot make sonde read files or expand entities (XXE)", "[flow][xpath]") {
  const std::string xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
  auto v = xpath_in(xxe, MarkupKind::xml, "string(/r)", "t.hurl:1:1");
  if (v) CHECK_THAT(v->text, !Catch::Contains("root:"));
}

TEST_CASE("htmlEscape and htmlUnescape follow Python's html module, as Hurl does", "[flow][html]") {
  CHECK(html_escape("foo") == "foo");
  CHECK(html_escape("<tag>") == "&lt;tag&gt;");
  CHECK(html_escape("foo & bar") == "foo &amp; bar");
  CHECK(html_escape("say \"hi\" 'there'") == "say &quot;hi&quot; &#x27;there&#x27;");
  CHECK(html_unescape("&lt;tag&gt; &amp; &quot;q&quot;") == "<tag> & \"q\"");
  CHECK(html_unescape("caf&eacute; &#233; &#xE9; &#XE9;") == "caf\xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9");
  CHECK(html_unescape("&#128512;") == "\xf0\x9f\x98\x80");
  CHECK(html_unescape("&#0; &#xD800; &#99999999999;") == "\xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd");
  CHECK(html_unescape("&unknown; & &amp") == "&unknown; & &amp");
}
