#include <catch2/catch.hpp>

#include "core/net/ares_resolve.hpp"
#include "core/timing/curl_command.hpp"
#include "core/timing/target.hpp"
#include "core/util/shell_quote.hpp"

using namespace sonde::timing;

TEST_CASE("URLs split into scheme, host and port", "[timing][target]") {
  auto t = parse_target("https://API.example.com/x?y=1");
  REQUIRE(t.has_value());
  CHECK(t->scheme == "https");
  CHECK(t->port == 443);
  auto v6 = parse_target("http://[::1]:8080/");
  REQUIRE(v6.has_value());
  CHECK(v6->host == "::1");
  CHECK(v6->port == 8080);
  CHECK(parse_target("ftp://x/").error().kind == sonde::ErrorKind::usage);
  CHECK_FALSE(parse_target("not a url").has_value());
}

TEST_CASE("resolve entries bracket IPv6 and pins match host and port", "[timing][target]") {
  Target t{"https", "api.lab.test", 443};
  CHECK(resolve_entry(t, {"10.0.0.1", "::1"}) == "api.lab.test:443:10.0.0.1,[::1]");
  CHECK(resolve_pins({"api.lab.test:443:127.0.0.1"}, t));
  CHECK(resolve_pins({"+api.lab.test:443:127.0.0.1"}, t));
  CHECK_FALSE(resolve_pins({"api.lab.test:8443:127.0.0.1"}, t));
  CHECK(sonde::net::is_ip_literal("127.0.0.1"));
  CHECK(sonde::net::is_ip_literal("[::1]"));
  CHECK_FALSE(sonde::net::is_ip_literal("localhost"));
}

TEST_CASE("connect attempts are read from libcurl's Trying lines", "[timing][target]") {
  CHECK(parse_connect_attempt("  Trying 10.200.0.2:18445...\n").value() == "10.200.0.2:18445");
  CHECK(parse_connect_attempt("  Trying [::1]:443...\n").value() == "[::1]:443");
  CHECK_FALSE(parse_connect_attempt("Connected to x (127.0.0.1) port 1").has_value());
  CHECK_FALSE(parse_connect_attempt("  Trying ").has_value());
}

TEST_CASE("redirects change the method as curl -L does", "[timing][target]") {
  CHECK(is_redirect(302));
  CHECK_FALSE(is_redirect(304));
  CHECK(method_after_redirect(303, "PUT") == "GET");
  CHECK(method_after_redirect(303, "HEAD") == "HEAD");
  CHECK(method_after_redirect(302, "POST") == "GET");
  CHECK(method_after_redirect(307, "POST") == "POST");
}

TEST_CASE("the equivalent curl command line is quoted for a shell", "[timing][curl]") {
  CHECK(sonde::shell_quote("plain/path") == "plain/path");
  CHECK(sonde::shell_quote("it's") == "'it'\\''s'");
  RequestOptions o;
  o.url = "https://api.lab.test/items?a=1&b=2";
  o.method = "PUT";
  o.headers = {"Accept: application/json"};
  o.body = "{}";
  o.http_version = HttpVersion::http2;
  o.resolve = {"api.lab.test:443:127.0.0.1"};
  o.insecure = true;
  std::string cmd = to_curl_command(o, "@body.json", sonde::Redactor{});
  CHECK(cmd.find("-X PUT") != std::string::npos);
  CHECK(cmd.find("-H 'Accept: application/json'") != std::string::npos);
  CHECK(cmd.find("--data-binary @body.json") != std::string::npos);
  CHECK(cmd.find("--http2") != std::string::npos);
  CHECK(cmd.find("--insecure") != std::string::npos);
  CHECK(cmd.find("--max-time 30") != std::string::npos);
  CHECK(cmd.ends_with("'https://api.lab.test/items?a=1&b=2'"));
}

TEST_CASE("print-curl masks credentials unless secrets are shown", "[timing][curl][security]") {
  RequestOptions o;
  o.url = "https://user:hunter2@api.lab.test/";
  o.headers = {"Authorization: Bearer tok123", "Cookie: sid=abc", "X-Api-Key: k9", "Accept: */*"};
  const std::string masked = to_curl_command(o, "", sonde::Redactor{});
  for (const char* secret : {"tok123", "sid=abc", "k9", "hunter2"}) CHECK(masked.find(secret) == std::string::npos);
  CHECK(masked.find("Authorization: Bearer ***") != std::string::npos);
  CHECK(masked.find("Accept: */*") != std::string::npos);
  const std::string shown = to_curl_command(o, "", sonde::Redactor::showing_all());
  for (const char* secret : {"tok123", "sid=abc", "k9", "hunter2"}) CHECK(shown.find(secret) != std::string::npos);
}
