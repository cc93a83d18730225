#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/replay/http_file_reader.hpp"
#include "fakes.hpp"

using namespace sonde::replay;
using sonde::ErrorKind;

namespace {
const auto k_now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));

sonde::Result<ReadResult> http(std::string_view text, std::map<std::string, std::string> dotenv = {}) {
  static fakes::FixedRandom random(0.25);
  return parse_http_text(text, "api.http", {}, random, k_now, {}, std::move(dotenv));
}

Request only(const sonde::Result<ReadResult>& r) {
  REQUIRE(r);
  REQUIRE(r->requests.size() == 1);
  return r->requests[0];
}
}  // namespace

TEST_CASE(".http: {{ }} with spaces and arguments on the request line", "[replay][http-file]") {
  const Request q = only(http("@id = 42\nGET https://x.test/items/{{ id }}?n={{$randomInt 1 5}}&t={{ $timestamp }} HTTP/1.1\n"));
  CHECK(q.url == "https://x.test/items/42?n=2&t=1700000000");
}

TEST_CASE(".http: spaces and quotes in the query are percent-encoded as httpyac does", "[replay][http-file]") {
  CHECK(only(http("GET https://x.test/search?q=a b&c=\"d\" HTTP/1.1\n")).url == "https://x.test/search?q=a%20b&c=%22d%22");
  CHECK(only(http("GET https://x.test/a b/{x}?q=%20&r='s'\n")).url == "https://x.test/a%20b/%7Bx%7D?q=%20&r=%27s%27");
  CHECK(only(http("GET https://x.test/caf\xC3\xA9\n")).url == "https://x.test/caf%C3%A9");
}

TEST_CASE(".http: a body after several blank lines is trimmed (JetBrains spec)", "[replay][http-file]") {
  const Request q = only(http("POST https://x.test/\nContent-Type: text/plain\n\n\n\n  hello\nworld\n\n\n"));
  CHECK(q.body == "  hello\nworld");
}

TEST_CASE(".http: a URL continued on indented lines and on ?/& lines", "[replay][http-file]") {
  CHECK(only(http("GET https://x.test/api\n    /items\n    ?page=2\n    &size={{$randomInt 10 11}}\nAccept: */*\n")).url ==
        "https://x.test/api/items?page=2&size=10");
  CHECK(only(http("GET https://x.test/api\n?page=2\n&size=3\n")).url == "https://x.test/api?page=2&size=3");
}

TEST_CASE(".http: an origin-form target takes the Host header; no scheme means http://", "[replay][http-file]") {
  CHECK(only(http("GET /api/x\nHost: x.test:8080\n")).url == "http://x.test:8080/api/x");
  CHECK(only(http("@host = https://h.test\nGET /y\n")).url == "https://h.test/y");
  CHECK(only(http("GET localhost:9/z\n")).url == "http://localhost:9/z");
  auto no_host = http("GET /nowhere\n");
  REQUIRE_FALSE(no_host);
  CHECK(no_host.error().where == "api.http:1:5");
}

TEST_CASE(".http: multipart bodies use CRLF and include files raw", "[replay][http-file]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "sonde-http-multipart";
  fs::create_directories(dir);
  std::ofstream(dir / "a.txt", std::ios::binary) << "line1\nline2\n";
  std::ofstream(dir / "t.json", std::ios::binary) << "{\"who\": \"{{who}}\"}";
  std::ofstream(dir / "inject.http", std::ios::binary) << "# @injectVariables\n@who = you\nPOST https://x.test/\n\n< ./t.json\n";
  std::ofstream(dir / "m.http", std::ios::binary)
      << "@who = me\n"
         "POST https://x.test/upload\n"
         "Content-Type: multipart/form-data; boundary=WebAppBoundary\n"
         "\n"
         "--WebAppBoundary\n"
         "Content-Disposition: form-data; name=\"field\"\n"
         "\n"
         "value {{who}}\n"
         "--WebAppBoundary\n"
         "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\n"
         "\n"
         "< ./a.txt\n"
         "--WebAppBoundary\n"
         "Content-Disposition: form-data; name=\"json\"\n"
         "\n"
         "<@ ./t.json\n"
         "--WebAppBoundary--\n";
  fakes::FixedRandom random(0.5);
  auto r = read_http_file((dir / "m.http").string(), "", random, k_now);
  REQUIRE(r);
  CHECK(r->requests[0].body ==
        "--WebAppBoundary\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nvalue me\r\n"
        "--WebAppBoundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nline1\nline2\n\r\n"
        "--WebAppBoundary\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{\"who\": \"me\"}\r\n"
        "--WebAppBoundary--");
  std::ofstream(dir / "vars.http", std::ios::binary) << "@base = https://imported.test\n@path = /p\n";
  std::ofstream(dir / "import.http", std::ios::binary) << "# @import ./vars.http\nGET {{base}}{{path}}\n";
  auto imported = read_http_file((dir / "import.http").string(), "", random, k_now);
  REQUIRE(imported);
  CHECK(imported->requests[0].url == "https://imported.test/p");
  auto injected = read_http_file((dir / "inject.http").string(), "", random, k_now);
  REQUIRE(injected);
  CHECK(injected->requests[0].body == "{\"who\": \"you\"}");
  fs::remove_all(dir);
}

TEST_CASE(".http: form bodies continued on new lines are joined", "[replay][http-file]") {
  const Request q = only(http(
      "POST https://x.test/login\nContent-Type: application/x-www-form-urlencoded\n\nuser = foo\n&password=bar\n"));
  CHECK(q.body == "user=foo&password=bar");
}

TEST_CASE(".http: NDJSON bodies end with a newline", "[replay][http-file]") {
  CHECK(only(http("POST https://x.test/\nContent-Type: application/x-ndjson\n\n{\"a\":1}\n{\"b\":2}\n")).body ==
        "{\"a\":1}\n{\"b\":2}\n");
}

TEST_CASE(".http: no header is invented for a body without Content-Type", "[replay][http-file]") {
  const Request q = only(http("POST https://x.test/\n\nraw text\n"));
  CHECK(q.headers.empty());
  CHECK(q.body == "raw text");
}

TEST_CASE(".http: Basic credentials are encoded, Digest becomes the transport's", "[replay][http-file]") {
  CHECK(header_value(only(http("GET https://x.test/\nAuthorization: Basic user:pa ss\n")).headers, "Authorization") ==
        "Basic dXNlcjpwYSBzcw==");
  CHECK(header_value(only(http("GET https://x.test/\nAuthorization: Basic user  pass\n")).headers, "Authorization") ==
        "Basic dXNlcjpwYXNz");
  CHECK(header_value(only(http("GET https://x.test/\nAuthorization: Basic dXNlcjpwYXNz\n")).headers,
                     "Authorization") == "Basic dXNlcjpwYXNz");
  const Request d = only(http("GET https://x.test/\nAuthorization: Digest user secret\nAccept: */*\n"));
  CHECK(d.transport.auth == Transport::Auth::digest);
  CHECK(d.transport.credentials == "user:secret");
  CHECK_FALSE(header_value(d.headers, "Authorization"));
  CHECK(d.headers.size() == 1);
}

TEST_CASE(".http: request names and metadata", "[replay][http-file]") {
  auto r = http(
      "### first\nGET https://x.test/1\n\n"
      "###\n# @name second\n# @no-redirect\nGET https://x.test/2\n\n"
      "###\n// @name=third\n# @no-cookie-jar\nGET https://x.test/3\n\n"
      "###\n# @disabled\nGET https://x.test/4\n");
  REQUIRE(r);
  REQUIRE(r->requests.size() == 3);
  CHECK(r->requests[0].name == "first");
  CHECK(r->requests[0].transport.follow_redirects);
  CHECK(r->requests[1].name == "second");
  CHECK_FALSE(r->requests[1].transport.follow_redirects);
  CHECK(r->requests[2].name == "third");
  REQUIRE(r->warnings.size() == 1);
  CHECK_THAT(r->warnings[0], Catch::Contains("api.http:16") && Catch::Contains("disabled"));
}

TEST_CASE(".http: handlers, redirects, references and asserts are reported, never sent", "[replay][http-file]") {
  auto r = http(
      "POST https://x.test/\nContent-Type: application/json\n\n{\"a\": 1}\n\n"
      "> {%\n  client.test('x', () => {});\n%}\n"
      "> ./check.js\n"
      ">> ./out.json\n"
      "<> ./previous.200.json\n"
      "?? status == 200\n"
      "###\n"
      "{{\n  exports.x = 1;\n}}\n"
      "GET https://x.test/2\n");
  REQUIRE(r);
  REQUIRE(r->requests.size() == 2);
  CHECK(r->requests[0].body == "{\"a\": 1}");
  REQUIRE(r->warnings.size() == 6);
  CHECK_THAT(r->warnings[0], Catch::StartsWith("api.http:6: response handler script not run"));
  CHECK_THAT(r->warnings[1], Catch::StartsWith("api.http:9: response handler './check.js' not run"));
  CHECK_THAT(r->warnings[2], Catch::StartsWith("api.http:10: response redirect"));
  CHECK_THAT(r->warnings[3], Catch::StartsWith("api.http:11: response reference"));
  CHECK_THAT(r->warnings[4], Catch::StartsWith("api.http:12: httpyac assertion"));
  CHECK_THAT(r->warnings[5], Catch::StartsWith("api.http:14: httpyac script block"));
}

TEST_CASE(".http: httpyac's requests without ### and example responses", "[replay][http-file]") {
  auto r = http("GET https://x.test/1\n\nHTTP/1.1 200 OK\nContent-Type: text/plain\n\nok\n\nPOST https://x.test/2\n\nbody\n");
  REQUIRE(r);
  REQUIRE(r->requests.size() == 2);  // the example response runs to the next request line
  CHECK(r->requests[1].body == "body");
  auto webdav = http("PROPFIND https://x.test/a\n\nMKCOL https://x.test/b\n");
  REQUIRE(webdav);
  CHECK(webdav->requests.size() == 2);
  auto three = http("GET https://x.test/1\n\nPOST https://x.test/2\n\nbody\n\nPUT https://x.test/3\n\n{}\n");
  REQUIRE(three);
  REQUIRE(three->requests.size() == 3);
  CHECK(three->requests[0].body.empty());
  CHECK(three->requests[1].body == "body");
  CHECK(three->requests[2].body == "{}");
}

TEST_CASE(".http: httpyac's lenient layout (no blank line before the body, request after request)",
          "[replay][http-file]") {
  auto r = http(
      "@host = http://h.test\n###\nGET /a\nGET /b\nAccept: x\n\n"
      "###\nPOST http://h.test/c\n{\"k\": 1}\n"
      "###\nPOST http://h.test/d\n\n\n// a comment before the body\n# @grid.columns a,b\n/xml\n"
      "###\nPOST http://h.test/e\nContent-Type: multipart/mixed; boundary=b\n\n--b\n\nGET /inner HTTP/1.1\n--b--\n");
  REQUIRE(r);
  REQUIRE(r->requests.size() == 5);
  CHECK(r->requests[0].url == "http://h.test/a");
  CHECK(r->requests[1].url == "http://h.test/b");
  CHECK(r->requests[1].headers.size() == 1);
  CHECK(r->requests[2].body == "{\"k\": 1}");
  REQUIRE(r->warnings.size() == 1);
  CHECK_THAT(r->warnings[0], Catch::StartsWith("api.http:9: not a header"));
  CHECK(r->requests[3].body == "/xml");
  CHECK(r->requests[4].body == "--b\r\n\r\nGET /inner HTTP/1.1\r\n--b--");
}

TEST_CASE(".http: a file variable keeps the value it had where it was defined (httpyac)", "[replay][http-file]") {
  auto r = http("@bar = bar\n@foo = foo{{bar}}\n@later = {{defined_after}}\nGET https://x.test/{{foo}}\n\n###\n"
                "@bar = bar2\n@defined_after = z\nGET https://x.test/{{foo}}/{{later}}\n");
  REQUIRE(r);
  CHECK(r->requests[0].url == "https://x.test/foobar");
  CHECK(r->requests[1].url == "https://x.test/foobar/z");
}

TEST_CASE(".http: variables redefined between requests apply from there on", "[replay][http-file]") {
  auto r = http("@v = 1\nGET https://x.test/{{v}}\n\n###\n@v = 2\nGET https://x.test/{{v}}\n");
  REQUIRE(r);
  CHECK(r->requests[0].url == "https://x.test/1");
  CHECK(r->requests[1].url == "https://x.test/2");
}

TEST_CASE(".http: every rejection says what and where (file:line:col)", "[replay][http-file]") {
  auto header = http("GET https://x.test/\nX-Ok: 1\nX-Bad: {{open\n");
  REQUIRE_FALSE(header);
  CHECK(header.error().where == "api.http:3:8");
  auto grpc = http("\nGRPC grpcb.in:9000/hello.HelloService/SayHello\n");
  REQUIRE_FALSE(grpc);
  CHECK(grpc.error().where == "api.http:2:1");
  CHECK_THAT(grpc.error().message, Catch::Contains("not HTTP"));
  auto script = http("GET https://x.test/?t={{ Date.now() }}\n");
  REQUIRE_FALSE(script);
  CHECK(script.error().where == "api.http:1:23");
  CHECK_THAT(script.error().message, Catch::Contains("script"));
  auto body_var = http("POST https://x.test/\n\n{\"a\": {{nope}}}\n");
  REQUIRE_FALSE(body_var);
  CHECK(body_var.error().where == "api.http:3:7");
  auto variable = http("@x\nGET https://x.test/\n");
  REQUIRE_FALSE(variable);
  CHECK(variable.error().where == "api.http:1:1");
}

TEST_CASE(".http: $dotenv reads .env values", "[replay][http-file]") {
  CHECK(only(http("GET https://x.test/?k={{$dotenv API_KEY}}&u={{USER_ID}}\n", {{"API_KEY", "k1"}, {"USER_ID", "7"}})).url ==
        "https://x.test/?k=k1&u=7");
  auto missing = http("GET https://x.test/?k={{$dotenv NOPE}}\n");
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains(".env"));
}

TEST_CASE(".http: an undefined variable fails only the request that uses it", "[replay][http-file]") {
  auto r = http("GET https://x.test/1\n\n###\nGET https://x.test/{{nope}}\n\n###\nGET /no-host\n\n###\nGET https://x.test/4\n");
  REQUIRE(r);
  REQUIRE(r->requests.size() == 2);
  CHECK(r->requests[1].url == "https://x.test/4");
  REQUIRE(r->warnings.size() == 2);
  CHECK(r->warnings[0] == "api.http:4:20: request 'request 2' not sent: undefined variable 'nope'");
  CHECK_THAT(r->warnings[1], Catch::StartsWith("api.http:7:5: request 'request 3' not sent: the URL '/no-host' has no host"));
  auto all_bad = http("GET https://x.test/{{a}}\n\n###\nGET https://x.test/{{b}}\n");
  REQUIRE_FALSE(all_bad);
  CHECK(all_bad.error().where == "api.http:1:20");
}

TEST_CASE(".http: bare comment markers and separators", "[replay][http-file]") {
  auto r = http("#\n//\n###\n#\nGET https://x.test/a\n#\n\n//\n###\n");
  REQUIRE(r);
  REQUIRE(r->requests.size() == 1);
  CHECK(r->requests[0].url == "https://x.test/a");
  CHECK(r->requests[0].body.empty());
}
