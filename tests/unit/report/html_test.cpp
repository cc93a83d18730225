// The HTML report: escaping, waterfall geometry, page names, masking of recorded exchanges,
// determinism, and the report folder writer.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/flow/exchange_record.hpp"
#include "core/report/check_report.hpp"
#include "core/util/report_dir.hpp"

using namespace sonde;
using namespace sonde::report;

namespace {

Exchange exchange_with_body(std::string body) {
  Exchange ex;
  ex.request.start_line = "POST http://127.0.0.1/echo";
  ex.request.headers = {{"Content-Type", "text/plain"}};
  ex.request.body = excerpt("<b>hi</b>");
  ex.answered = true;
  ex.response.start_line = "HTTP/1.1 200";
  ex.response.headers = {{"X-Evil", "\"><script>alert(1)</script>"}};
  ex.response.body = excerpt(body);
  ex.phases.dns = 10;
  ex.phases.connect = 20;
  ex.phases.send = 10;
  ex.phases.wait = 50;
  ex.phases.transfer = 10;
  ex.phases.total = 100;
  ex.redirects = {"http://127.0.0.1/echo?<moved>"};
  return ex;
}

std::vector<Suite> html_sample(std::string body = "{\"ok\":true}") {
  TestCase failing{"entry 1 POST http://127.0.0.1/echo", "sonde.test", Outcome::failed, 12.5,
                   {{"jsonpath \"$.name\" == \"Grace\"", "assert", "a/flow.hurl:5:1", "\"Grace\"", "\"Ada\" (string)"}}};
  failing.where = "a/flow.hurl:2:1";
  failing.exchanges.push_back(exchange_with_body(std::move(body)));
  Suite a{"a/flow.hurl", {failing, {"entry 2 GET http://127.0.0.1/json", "sonde.test", Outcome::passed, 3, {}}}, 20.0};
  Suite b{"b/flow.hurl", {{"entry 1 GET http://127.0.0.1/json", "sonde.test", Outcome::skipped, 0, {}}}};
  return {a, b};
}

const HtmlPage& page(const std::vector<HtmlPage>& pages, const std::string& name) {
  for (const auto& p : pages) {
    if (p.file_name == name) return p;
  }
  FAIL("no page " << name);
  return pages.front();
}

}  // namespace

TEST_CASE("html: an index page linking one page per suite, with counts and durations", "[report][html]") {
  auto pages = to_html(html_sample(), {"sonde test", "2026-12-04T07:00:00Z"});
  REQUIRE(pages.size() == 3);
  CHECK(pages[0].file_name == "index.html");
  const std::string& index = pages[0].html;
  CHECK_THAT(index, Catch::Contains("<a href=\"flow.hurl.html\">a/flow.hurl</a></td><td class=\"failed\">FAIL</td>"
                                    "<td class=\"n\">1</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">20.0 ms</td>"));
  CHECK_THAT(index, Catch::Contains("<a href=\"flow.hurl-2.html\">b/flow.hurl</a></td><td class=\"passed\">PASS</td>"));
  CHECK_THAT(index, Catch::Contains("started <time>2026-12-04T07:00:00Z</time> · 2 files, 1 passed, 1 failed, 1 skipped"));
  const std::string& a = page(pages, "flow.hurl.html").html;
  CHECK_THAT(a, Catch::Contains("<span class=\"where\">a/flow.hurl:5:1</span>"));
  CHECK_THAT(a, Catch::Contains("<dt>expected</dt><dd class=\"expected\">&quot;Grace&quot;</dd>"
                                "<dt>actual</dt><dd class=\"actual\">&quot;Ada&quot; (string)</dd>"));
  CHECK_THAT(a, Catch::Contains("<pre class=\"message\">HTTP/1.1 200\n"));
  CHECK_THAT(a, Catch::Contains("<p class=\"where\">redirect followed to http://127.0.0.1/echo?&lt;moved&gt;</p>\n<h3>Request</h3>"));
}

TEST_CASE("html: the index page shows the contract coverage when the run had one", "[report][html]") {
  CoverageTable coverage;
  coverage.operations = 2;
  coverage.operations_hit = 1;
  coverage.statuses = 3;
  coverage.statuses_hit = 1;
  coverage.rows = {{"POST /orders", {{"201", true}, {"422", false}}, {201, 500}}, {"GET /orders/{id}", {{"200", false}}, {}}};
  coverage.undocumented = {"GET /favicon.ico <x>"};
  coverage.gate_failures = {"POST /orders never answered 422"};
  auto pages = to_html(html_sample(), {"sonde test", "", coverage});
  const std::string& index = pages[0].html;
  CHECK_THAT(index, Catch::Contains("operations 1/2 (50%) · documented statuses 1/3 (33%)"));
  CHECK_THAT(index, Catch::Contains("<p class=\"failed\">coverage gate: POST /orders never answered 422</p>"));
  CHECK_THAT(index, Catch::Contains("<tr><td>POST /orders</td><td><span class=\"status hit\" title=\"exercised\">201</span>"
                                    "<span class=\"status missed\" title=\"never received\">422</span></td><td>201, 500</td></tr>"));
  CHECK_THAT(index, Catch::Contains("<tr><td>GET /orders/{id}</td>"));
  CHECK_THAT(index, Catch::Contains("<li class=\"where\">GET /favicon.ico &lt;x&gt;</li>"));
  // Without a description there is no coverage section at all.
  CHECK_THAT(to_html(html_sample())[0].html, !Catch::Contains("Contract coverage"));
}

TEST_CASE("html: everything from the exchange is escaped, no script and no external resource", "[report][html]") {
  std::string body = "</pre><script>document.title='pwned'</script>";
  body += std::string("bin\x00\x01\xff", 6) + "\xC3\xA9";
  auto pages = to_html(html_sample(body));
  for (const auto& p : pages) {
    CHECK(p.html.find("<script") == std::string::npos);
    CHECK(p.html.find("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"") !=
          std::string::npos);
    CHECK(p.html.find("src=") == std::string::npos);
    CHECK(p.html.find("<link") == std::string::npos);
  }
  const std::string& a = page(pages, "flow.hurl.html").html;
  CHECK_THAT(a, Catch::Contains("&lt;/pre&gt;&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;bin\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xC3\xA9"));
  CHECK_THAT(a, Catch::Contains("X-Evil: &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_THAT(a, Catch::Contains("&lt;b&gt;hi&lt;/b&gt;"));
}

TEST_CASE("html: the waterfall places each phase after the previous one, in percent of the total", "[report][html]") {
  const std::string a = page(to_html(html_sample()), "flow.hurl.html").html;
  auto bar = [](const std::string& phase, const std::string& left, const std::string& width) {
    return "<div class=\"phase phase-" + phase + "\"><span class=\"label\">" + phase +
           "</span><span class=\"track\"><span class=\"bar\" style=\"margin-left:" + left + "%;width:" + width + "%\">";
  };
  CHECK_THAT(a, Catch::Contains(bar("queue", "0.00", "0.00")));
  CHECK_THAT(a, Catch::Contains(bar("dns", "0.00", "10.00")));
  CHECK_THAT(a, Catch::Contains(bar("connect", "10.00", "20.00")));
  CHECK_THAT(a, Catch::Contains(bar("tls", "30.00", "0.00")));
  CHECK_THAT(a, Catch::Contains(bar("send", "30.00", "10.00")));
  CHECK_THAT(a, Catch::Contains(bar("wait", "40.00", "50.00")));
  CHECK_THAT(a, Catch::Contains(bar("transfer", "90.00", "10.00")));
  CHECK_THAT(a, Catch::Contains("<span class=\"label\">total</span><span></span><span class=\"ms\">100.0 ms</span>"));
}

TEST_CASE("html: the same run gives the same bytes; the start time shows once, on the index", "[report][html]") {
  auto one = to_html(html_sample(), {"sonde test", "2026-12-04T07:00:00Z"});
  auto two = to_html(html_sample(), {"sonde test", "2026-12-04T07:00:00Z"});
  auto later = to_html(html_sample(), {"sonde test", "2031-01-01T00:00:00Z"});
  REQUIRE(one.size() == two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    CHECK(one[i].file_name == two[i].file_name);
    CHECK(one[i].html == two[i].html);
    if (i > 0) CHECK(one[i].html == later[i].html);
  }
  CHECK(one[0].html != later[0].html);
}

TEST_CASE("html: page names are one safe path component, distinct, and never the index", "[report][html]") {
  std::vector<Suite> suites{{"../../etc/passwd", {}}, {"a/x.hurl", {}},    {"b/X.hurl", {}}, {"index", {}},
                            {"..hidden", {}},         {"we<i>rd\"name", {}}, {"/", {}},        {"c\\d.hurl", {}}};
  auto pages = to_html(suites);
  std::vector<std::string> names;
  for (const auto& p : pages) names.push_back(p.file_name);
  CHECK(names == std::vector<std::string>{"index.html", "passwd.html", "x.hurl.html", "X.hurl-2.html", "index-2.html",
                                          "hidden.html", "we_i_rd_name.html", "suite.html", "d.hurl.html"});
}

TEST_CASE("html: a long body is cut with a note saying how much is shown", "[report][html]") {
  std::string body(100 * 1024, 'x');
  const std::string a = page(to_html(html_sample(body)), "flow.hurl.html").html;
  CHECK_THAT(a, Catch::Contains("<p class=\"note\">first 65536 of 102400 bytes shown</p>"));
  CHECK(a.find(std::string(65536, 'x')) != std::string::npos);
  CHECK(a.find(std::string(65537, 'x')) == std::string::npos);
  // A cut never splits a UTF-8 sequence.
  Excerpt e = excerpt(std::string(65535, 'a') + "\xC3\xA9", k_body_excerpt_bytes);
  CHECK(e.text.size() == 65535);
  CHECK(e.cut);
  CHECK(e.size == 65537);
}

TEST_CASE("html: recorded exchanges are masked like every other output", "[report][html][redaction]") {
  flow::Variables vars;
  vars.set("token", flow::Value::of_string("s3cr3t-value"), true);
  flow::Call call;
  call.request = {"POST", "http://user:pw@127.0.0.1/echo?t=s3cr3t-value",
                  {{"Authorization", "Bearer s3cr3t-value"}, {"X-API-Key", "k-123"}, {"Accept", "*/*"}},
                  "{\"t\":\"s3cr3t-value\"}", true, "sid=abc"};
  call.status = 200;
  call.version = "HTTP/1.1";
  call.headers = {{"Set-Cookie", "session=xyz"}, {"Content-Type", "application/json"}};
  call.body = "{\"echo\":\"s3cr3t-value\"}";
  call.phases.total = 5;

  auto masked = flow::record_exchange(call, Redactor({}, false), vars);
  CHECK(masked.request.start_line == "POST http://user:***@127.0.0.1/echo?t=***");
  CHECK(masked.request.headers == std::vector<std::pair<std::string, std::string>>{
                                      {"Authorization", "Bearer ***"}, {"X-API-Key", "***"}, {"Accept", "*/*"}, {"Cookie", "***"}});
  CHECK(masked.request.body.text == "{\"t\":\"***\"}");
  CHECK(masked.response.headers.front() == std::pair<std::string, std::string>{"Set-Cookie", "***"});
  CHECK(masked.response.body.text == "{\"echo\":\"***\"}");
  TestCase c{"entry 1", "sonde.test", Outcome::passed, 5, {}};
  c.exchanges.push_back(masked);
  for (const auto& p : to_html({{"f.hurl", {c}}})) {
    CHECK(p.html.find("s3cr3t") == std::string::npos);
    CHECK(p.html.find("k-123") == std::string::npos);
    CHECK(p.html.find("xyz") == std::string::npos);
  }

  // --show-secrets: the credentials shown as sent (the Variables only mask with a Redactor that hides).
  flow::Variables plain;
  auto shown = flow::record_exchange(call, Redactor::showing_all(), plain);
  CHECK(shown.request.headers.front().second == "Bearer s3cr3t-value");
  CHECK(shown.response.body.text == "{\"echo\":\"s3cr3t-value\"}");

  // A capture marked redact is known only after the run: masked in what was recorded.
  flow::Variables later;
  later.set("echoed", flow::Value::of_string("xyz"), true);
  flow::redact_exchange(masked, later);
  auto unmasked_cookie = flow::record_exchange(call, Redactor::showing_all(), plain);
  flow::redact_exchange(unmasked_cookie, later);
  CHECK(unmasked_cookie.response.headers.front().second == "session=***");
}

TEST_CASE("html: JUnit and TAP still show a finding's expected and actual on one line", "[report][html]") {
  auto suites = html_sample();
  CHECK_THAT(to_junit(suites), Catch::Contains("message=\"jsonpath &quot;$.name&quot; == &quot;Grace&quot;: expected "
                                               "&quot;Grace&quot;, actual &quot;Ada&quot; (string) (a/flow.hurl:5:1)\""));
  CHECK_THAT(to_tap(suites), Catch::Contains("message: \"jsonpath \\\"$.name\\\" == \\\"Grace\\\": expected \\\"Grace\\\", "
                                             "actual \\\"Ada\\\" (string)\""));
}

namespace {

struct HtmlTempDir {
  std::filesystem::path path;
  HtmlTempDir() {
    std::string t = (std::filesystem::temp_directory_path() / "sonde-html-XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()) != nullptr);
    path = t;
  }
  ~HtmlTempDir() { std::filesystem::remove_all(path); }
};

std::string read_html(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("report dir: created when missing, files replaced atomically, links inside never followed", "[report][html]") {
  HtmlTempDir tmp;
  const auto dir = tmp.path / "deep" / "report";
  const auto outside = tmp.path / "outside.txt";
  std::ofstream(outside) << "keep me";
  REQUIRE(write_report_dir(dir.string(), {{"index.html", "one"}}));
  CHECK(read_html(dir / "index.html") == "one");
  std::filesystem::create_symlink(outside, dir / "a.html");
  REQUIRE(write_report_dir(dir.string(), {{"index.html", "two"}, {"a.html", "page"}}));
  CHECK(read_html(outside) == "keep me");
  CHECK_FALSE(std::filesystem::is_symlink(dir / "a.html"));
  CHECK(read_html(dir / "a.html") == "page");
  CHECK(read_html(dir / "index.html") == "two");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++entries;
  CHECK(entries == 2);  // no temporary file left behind

  auto not_dir = write_report_dir(outside.string(), {{"index.html", "x"}});
  REQUIRE_FALSE(not_dir);
  CHECK(not_dir.error().kind == ErrorKind::usage);
  CHECK(not_dir.error().where == outside.string());
  auto bad_name = write_report_dir(dir.string(), {{"../escape.html", "x"}});
  REQUIRE_FALSE(bad_name);
  CHECK_FALSE(std::filesystem::exists(tmp.path / "deep" / "escape.html"));
}

TEST_CASE("markup escaping: JUnit gets the same well-formed text as HTML, binary bytes included", "[html]") {
  sonde::report::Suite suite{"s", {}};
  sonde::report::TestCase c;
  c.name = "bin";
  c.classname = "sonde.test";
  c.outcome = sonde::report::Outcome::failed;
  c.findings.push_back({std::string("got \xff\x01<x>"), "body", ""});
  suite.cases.push_back(c);
  std::string xml = sonde::report::to_junit(suite);
  CHECK(xml.find("\xff") == std::string::npos);
  CHECK(xml.find("\x01") == std::string::npos);
  CHECK(xml.find("got \xEF\xBF\xBD\xEF\xBF\xBD&lt;x&gt;") != std::string::npos);
}
