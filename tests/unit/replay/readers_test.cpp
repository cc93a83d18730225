#include <catch2/catch.hpp>

#include "core/replay/curl_command_reader.hpp"
#include "core/replay/curl_printer.hpp"
#include "core/replay/har_reader.hpp"
#include "core/replay/http_file_reader.hpp"
#include "core/replay/shell_words.hpp"
#include "fakes.hpp"

using namespace sonde::replay;
using sonde::ErrorKind;
using sonde::Redactor;

namespace {
const auto k_readers_now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));

sonde::Result<ReadResult> read_http_text(std::string_view text, std::map<std::string, std::string> env = {}) {
  static fakes::FixedRandom random(0.25);
  return parse_http_text(text, "api.http", std::move(env), random, k_readers_now);
}
}  // namespace

TEST_CASE(".http: separators, names, default GET, headers, body, comments", "[replay][http-file]") {
  auto r = read_http_text(
      "### first\n"
      "https://example.test/a\n"
      "\n"
      "### ignored title\n"
      "// a comment\n"
      "# @name = create\n"
      "POST https://example.test/orders HTTP/1.1\n"
      "Content-Type: application/json\n"
      "# a header comment\n"
      "\n"
      "{\"a\": 1,\n"
      " \"b\": 2}\n"
      "\n\n");
  REQUIRE(r);
  REQUIRE(r->requests.size() == 2);
  CHECK(r->requests[0].name == "first");
  CHECK(r->requests[0].method == "GET");
  CHECK(r->requests[0].url == "https://example.test/a");
  CHECK(r->requests[1].name == "create");
  CHECK(r->requests[1].method == "POST");
  CHECK(r->requests[1].origin == "api.http:7");
  REQUIRE(r->requests[1].headers.size() == 1);
  CHECK(r->requests[1].headers[0].value == "application/json");
  CHECK(r->requests[1].body == "{\"a\": 1,\n \"b\": 2}");
}

TEST_CASE(".http: a UTF-8 BOM and CRLF line ends are accepted", "[replay][http-file]") {
  auto r = read_http_text("\xEF\xBB\xBFPOST https://x.test/a\r\nContent-Type: text/plain\r\n\r\nline1\r\nline2\r\n");
  REQUIRE(r);
  CHECK(r->requests[0].method == "POST");
  CHECK(r->requests[0].body == "line1\nline2");
}

TEST_CASE(".http: file variables, env variables, dynamic variables once per request", "[replay][http-file]") {
  auto r = read_http_text(
      "@host = example.test\n"
      "@base = https://{{host}}\n"
      "POST {{base}}/x?t={{$timestamp}}\n"
      "X-Id: {{$uuid}}\n"
      "Authorization: Bearer {{token}}\n"
      "\n"
      "{\"id\":\"{{$uuid}}\",\"n\":{{$randomInt 10 20}}}\n",
      {{"token", "s3cret"}});
  REQUIRE(r);
  const Request& q = r->requests[0];
  CHECK(q.url == "https://example.test/x?t=1700000000");
  auto id = *header_value(q.headers, "X-Id");
  CHECK(id.size() == 36);
  CHECK(q.body == "{\"id\":\"" + id + "\",\"n\":12}");
  CHECK(header_value(q.headers, "Authorization") == "Bearer s3cret");
}

TEST_CASE(".http: errors name file:line", "[replay][http-file]") {
  auto undefined = read_http_text("GET https://x.test/{{missing}}\n");
  REQUIRE_FALSE(undefined);
  CHECK(undefined.error().where == "api.http:1:20");
  CHECK(undefined.error().kind == ErrorKind::invalid_input);
  auto bad_header = read_http_text("GET https://x.test/\nX-A: {{\n");
  REQUIRE_FALSE(bad_header);
  CHECK(bad_header.error().where == "api.http:2:6");
  auto unclosed = read_http_text("\n\nGET https://x.test/{{oops\n");
  REQUIRE_FALSE(unclosed);
  CHECK(unclosed.error().where == "api.http:3:20");
  auto empty = read_http_text("# only a comment\n");
  REQUIRE_FALSE(empty);
  auto include = read_http_text("POST https://x.test/\n\n< ./does-not-exist.json\n");
  REQUIRE_FALSE(include);
  CHECK(include.error().where == "api.http:3:3");
}

TEST_CASE(".http: --name resolves only that request; an unknown name lists the others", "[replay][http-file]") {
  fakes::FixedRandom random(0.5);
  const char* text = "# @name a\nGET https://x.test/{{undefined}}\n###\n# @name b\nGET https://x.test/b\n";
  auto b = parse_http_text(text, "api.http", {}, random, k_readers_now, "b");
  REQUIRE(b);
  REQUIRE(b->requests.size() == 1);
  CHECK(b->requests[0].url == "https://x.test/b");
  auto c = parse_http_text(text, "api.http", {}, random, k_readers_now, "c");
  REQUIRE_FALSE(c);
  CHECK(c.error().kind == ErrorKind::usage);
  CHECK(c.error().hint == "requests in the file: a, b");
}

TEST_CASE(".http: script blocks are skipped with a warning naming the line", "[replay][http-file]") {
  auto r = read_http_text(
      "GET https://x.test/\n"
      "\n"
      "> {%\n"
      "  client.global.set('a', 1);\n"
      "%}\n"
      "###\n"
      "GET https://x.test/2\n");
  REQUIRE(r);
  CHECK(r->requests.size() == 2);
  CHECK(r->requests[0].body.empty());
  REQUIRE(r->warnings.size() == 1);
  CHECK_THAT(r->warnings[0], Catch::StartsWith("api.http:3:"));
}

TEST_CASE(".http: < file includes the body from a file next to the .http file", "[replay][http-file]") {
  fakes::FixedRandom random(0.5);
  std::string path = std::string(SONDE_SOURCE_DIR) + "/tests/unit/replay/data/include.http";
  auto r = read_http_file(path, "", random, k_readers_now);
  REQUIRE(r);
  CHECK(r->requests[0].body == "{\"from\": \"file\"}\n");
}

TEST_CASE("shell words: quotes, $'...' escapes, continuations", "[replay][curl]") {
  auto w = split_shell_words("curl 'a b' \"c \\\"d\\\"\" $'e\\nf\\x41\\'' g\\ h \\\n  i", "--curl");
  REQUIRE(w);
  CHECK(*w == std::vector<std::string>{"curl", "a b", "c \"d\"", "e\nfA'", "g h", "i"});
  CHECK_FALSE(split_shell_words("curl 'open", "--curl"));
  CHECK_FALSE(split_shell_words("curl $'open", "--curl"));
}

TEST_CASE("curl command: browser copy with bundled flags, data and headers", "[replay][curl]") {
  auto r = parse_curl_command(
      "curl 'https://api.test/orders' -H 'content-type: application/json' -H $'X-Note: a\\tb' "
      "--data-raw '{\"a\":1}' --compressed -sSL -u user:pass",
      "--curl");
  REQUIRE(r);
  const Request& q = r->requests[0];
  CHECK(q.method == "POST");
  CHECK(q.url == "https://api.test/orders");
  CHECK(q.body == "{\"a\":1}");
  CHECK(header_value(q.headers, "X-Note") == "a\tb");
  // -u goes to libcurl as curl does (CURLOPT_USERPWD), so Authorization lands where curl puts it.
  CHECK(q.transport.auth == Transport::Auth::basic);
  CHECK(q.transport.credentials == "user:pass");
  CHECK(header_value(q.headers, "Content-Type") == "application/json");
}

TEST_CASE("curl command: -X, -G, unknown options and missing URL", "[replay][curl]") {
  auto put = parse_curl_command("curl -XPUT -d a=1 -d b=2 http://x.test/", "--curl");
  REQUIRE(put);
  CHECK(put->requests[0].method == "PUT");
  CHECK(put->requests[0].body == "a=1&b=2");
  auto get = parse_curl_command("curl -G -d q=1 http://x.test/s", "--curl");
  REQUIRE(get);
  CHECK(get->requests[0].url == "http://x.test/s?q=1");
  CHECK(get->requests[0].body.empty());
  auto unknown = parse_curl_command("curl --frobnicate http://x.test/", "--curl");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().where == "--curl word 2");
  CHECK_FALSE(parse_curl_command("wget http://x.test/", "--curl"));
  CHECK_FALSE(parse_curl_command("curl -s", "--curl"));
}

TEST_CASE("printed curl command reads back to the same request", "[replay][curl]") {
  Request r;
  r.method = "PATCH";
  r.url = "http://x.test/a?b=c&d";
  r.headers = {{"X-A", "it's"}, {"Content-Type", "text/plain"}};
  r.body = "line1\nline2 'q'";
  auto back = parse_curl_command(to_curl_command(r, Redactor{}), "printed");
  REQUIRE(back);
  CHECK(back->requests[0].method == r.method);
  CHECK(back->requests[0].url == r.url);
  CHECK(back->requests[0].body == r.body);
  CHECK(header_value(back->requests[0].headers, "X-A") == "it's");
}

TEST_CASE("secrets are masked, the auth scheme kept", "[replay]") {
  Redactor redactor({"X-Session"});
  CHECK(redactor.shown("authorization", "Bearer abc") == "Bearer ***");
  CHECK(redactor.shown("Cookie", "a=b") == "***");
  CHECK(redactor.shown("x-session", "zzz") == "***");
  CHECK(redactor.shown("Accept", "*/*") == "*/*");
  Request r;
  r.headers = {{"X-API-Key", "topsecret"}};
  CHECK(to_curl_command(r, redactor).find("topsecret") == std::string::npos);
}

TEST_CASE("HAR: entries, pseudo-headers dropped, filter, errors with a line", "[replay][har]") {
  std::string har = R"({"log": {"entries": [
  {"request": {"method": "GET", "url": "https://api.test/a",
               "headers": [{"name": ":authority", "value": "api.test"}, {"name": "accept", "value": "*/*"},
                           {"name": "content-length", "value": "0"}]}},
  {"request": {"method": "POST", "url": "https://api.test/orders", "headers": [],
               "postData": {"mimeType": "application/json", "text": "{}"}}}
]}})";
  auto all = parse_har_text(har, "x.har", "");
  REQUIRE(all);
  REQUIRE(all->requests.size() == 2);
  REQUIRE(all->requests[0].headers.size() == 1);
  CHECK(all->requests[0].headers[0].name == "accept");
  CHECK(header_value(all->requests[1].headers, "Content-Type") == "application/json");
  CHECK(all->requests[1].body == "{}");
  auto form = parse_har_text(R"({"log": {"entries": [{"request": {"method": "POST", "url": "http://a.test/",
      "postData": {"mimeType": "application/x-www-form-urlencoded",
                   "params": [{"name": "q", "value": "a b&c"}, {"name": "n", "value": "1"}]}}}]}})",
                             "x.har", "");
  REQUIRE(form);
  CHECK(form->requests[0].body == "q=a%20b%26c&n=1");
  auto only = parse_har_text(har, "x.har", "/orders$");
  REQUIRE(only);
  CHECK(only->requests.size() == 1);
  auto broken = parse_har_text("{\"log\": {\n\"entries\": [,]}}", "x.har", "");
  REQUIRE_FALSE(broken);
  CHECK(broken.error().where == "x.har:2");
  auto no_url = parse_har_text("{\"log\": {\"entries\": [\n\n{\"request\": {\"method\": \"GET\"}}]}}", "x.har", "");
  REQUIRE_FALSE(no_url);
  CHECK(no_url.error().where == "x.har:3");
  CHECK_FALSE(parse_har_text(har, "x.har", "("));
}
