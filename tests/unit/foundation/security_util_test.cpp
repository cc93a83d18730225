#include <catch2/catch.hpp>

#include "core/net/curl_error.hpp"
#include "core/util/duration.hpp"
#include "core/util/header_field.hpp"
#include "core/util/redaction.hpp"

using namespace sonde;
using namespace std::chrono_literals;

TEST_CASE("CR, LF and NUL never reach a header, a method or a URL", "[util][security]") {
  CHECK(check_header_field("X-A", "a b\tc", ErrorKind::usage, "-H"));
  for (const char* value : {"a\r\nX-Injected: yes", "a\nb", "a\rb"}) {
    auto checked = check_header_field("X-A", value, ErrorKind::usage, "-H");
    REQUIRE_FALSE(checked);
    CHECK(checked.error().kind == ErrorKind::usage);
    CHECK_THAT(checked.error().message, Catch::Contains("X-A"));
  }
  CHECK_FALSE(check_header_field("X-A", std::string_view("a\0b", 3), ErrorKind::invalid_input, "f.http:3"));
  CHECK_FALSE(check_header_field("X-A\r\nX-B", "v", ErrorKind::usage, "-H"));
  CHECK_FALSE(check_header_field("Bad Name", "v", ErrorKind::usage, "-H"));
  CHECK(check_header_line("X-Empty;", ErrorKind::usage, "-H"));
  CHECK_FALSE(check_header_line("X-A: a\r\nX-Injected: yes", ErrorKind::usage, "-H"));
  CHECK(check_method("PURGE", ErrorKind::usage, "-X"));
  CHECK_FALSE(check_method("GET / HTTP/1.1\r\nX: y", ErrorKind::usage, "-X"));
  CHECK(check_url_chars("http://a.test/x?q=a b", ErrorKind::usage, "URL"));
  CHECK_FALSE(check_url_chars("http://a.test/x\r\nX: y", ErrorKind::usage, "URL"));
}

TEST_CASE("one redaction policy: credentials masked, the rest shown", "[util][security]") {
  Redactor r({"X-Custom"});
  for (const char* name : {"Authorization", "proxy-authorization", "Cookie", "Set-Cookie", "X-API-Key", "Api-Key",
                           "X-Auth-Token", "X-Client-Secret", "X-Session-Id", "x-apikey", "X-Custom"}) {
    INFO(name);
    CHECK(r.is_secret(name));
  }
  for (const char* name : {"Accept", "Content-Type", "Idempotency-Key", "User-Agent"}) {
    INFO(name);
    CHECK_FALSE(r.is_secret(name));
  }
  CHECK(r.shown("Authorization", "Bearer abc") == "Bearer ***");
  CHECK(r.shown("X-Api-Key", "abc") == "***");
  CHECK(r.shown_line("Cookie: a=b") == "Cookie: ***");
  CHECK(r.shown_line("Accept: */*") == "Accept: */*");
  CHECK(r.shown_url("https://bob:pw@host.test:8443/p?q=1") == "https://bob:***@host.test:8443/p?q=1");
  CHECK(r.shown_url("https://host.test/p@x") == "https://host.test/p@x");
  CHECK(r.shown_url("https://bob@host.test/") == "https://bob@host.test/");
  // A redirect built from the request's own URL carries its password back in Location.
  CHECK(r.shown("Location", "https://bob:pw@host.test/next") == "https://bob:***@host.test/next");
  CHECK(r.shown("content-location", "http://a:b@h/") == "http://a:***@h/");
  CHECK(r.shown_line("Referer: https://bob:pw@host.test/") == "Referer: https://bob:***@host.test/");
  CHECK(r.shown("Location", "/relative@path") == "/relative@path");
  // Credentials travel in query strings too: API keys, tokens, signed URLs' signatures.
  CHECK(r.shown_url("https://h.test/p?api_key=s3&page=2") == "https://h.test/p?api_key=***&page=2");
  CHECK(r.shown_url("/orders?page=1&access_token=s3#top") == "/orders?page=1&access_token=***#top");
  CHECK(r.shown_url("https://h.test/maps?key=AIza&q=x") == "https://h.test/maps?key=***&q=x");
  CHECK(r.shown_url("https://b.test/o?X-Amz-Credential=A%2F1&X-Amz-Signature=ff&X-Amz-Date=1") ==
        "https://b.test/o?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Date=1");
  CHECK(r.shown_url("https://h.test/p?api%5Fkey=s3") == "https://h.test/p?api%5Fkey=***");
  CHECK(r.shown_url("https://bob:pw@h.test/p?token=t") == "https://bob:***@h.test/p?token=***");
  // Not credentials: other names, a name with no value, keys that merely contain "key".
  CHECK(r.shown_url("https://h.test/p?q=1&token&monkey=2&&") == "https://h.test/p?q=1&token&monkey=2&&");
  CHECK(r.shown_url("https://h.test/p?") == "https://h.test/p?");
  // Names with "token" that carry none: pagination cursors and token counts, in any spelling.
  CHECK(r.shown_url("/items?pageToken=c1&access_token=s&max_tokens=64") == "/items?pageToken=c1&access_token=***&max_tokens=64");
  CHECK(r.shown_url("/i?next_page_token=c&NextToken=d&continuation-token=e&sync_token=f") ==
        "/i?next_page_token=c&NextToken=d&continuation-token=e&sync_token=f");
  CHECK(r.shown_url("/i?page_token_secret=x&my_page_token=y") == "/i?page_token_secret=***&my_page_token=***");
  CHECK_FALSE(r.is_secret("Next-Page-Token"));
  CHECK(r.is_secret("X-Csrf-Token"));
  Redactor extra({"X-Tenant", "pageToken"});
  CHECK(extra.shown_url("/p?x-tenant=acme") == "/p?x-tenant=***");
  CHECK(extra.shown_url("/p?pageToken=c1") == "/p?pageToken=***");  // named with --secret: masked after all
  Redactor all = Redactor::showing_all();
  CHECK(all.shown("Authorization", "Bearer abc") == "Bearer abc");
  CHECK(all.shown_url("https://bob:pw@host.test/") == "https://bob:pw@host.test/");
  CHECK(all.shown_url("https://h.test/p?api_key=s3") == "https://h.test/p?api_key=s3");
  CHECK(all.shown("Location", "https://bob:pw@host.test/") == "https://bob:pw@host.test/");
}

TEST_CASE("one duration syntax: units or bare seconds", "[util][duration]") {
  CHECK(parse_duration("250ms", "--x").value() == 0.25s);
  CHECK(parse_duration("1s", "--x").value() == 1s);
  CHECK(parse_duration("1.5s", "--x").value() == 1.5s);
  CHECK(parse_duration("2m", "--x").value() == 120s);
  CHECK(parse_duration("3", "--x").value() == 3s);
  CHECK(parse_duration("0", "--x", true).value() == 0s);
  for (const char* bad : {"", "0", "-1s", "1x", "s", "1.5.2s", "nan", "2d", "100000"}) {
    INFO(bad);
    auto parsed = parse_duration(bad, "--deadline");
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().kind == ErrorKind::usage);
    CHECK_THAT(parsed.error().message, Catch::Contains("--deadline"));
  }
  CHECK(duration_as<std::chrono::milliseconds>(parse_duration("1.5s", "--x").value()) == 1500ms);
}

TEST_CASE("transfer errors: a TLS 1.3 server's demand for a client certificate is named", "[util][net]") {
  auto e = net::classify_transfer_error(
      CURLE_RECV_ERROR, nullptr, "OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0");
  CHECK(e.failure == net::TransferFailure::tls_other);
  CHECK(e.message.starts_with("the server requires a client certificate ("));
  auto reset = net::classify_transfer_error(CURLE_RECV_ERROR, nullptr, "Connection reset by peer");
  CHECK(reset.failure == net::TransferFailure::connection_reset);
}
