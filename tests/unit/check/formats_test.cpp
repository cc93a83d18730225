#include <catch2/catch.hpp>

#include "core/check/formats.hpp"
#include "tests/unit/check/check_test_support.hpp"

using namespace sonde::check;
using sonde::check::testing::valid;

namespace {

bool ok(const char* format, std::string_view s) {
  FormatCheck check = find_format(format);
  REQUIRE(check != nullptr);
  return check(s);
}

}  // namespace

TEST_CASE("date-time, date and time follow RFC 3339", "[check][formats]") {
  CHECK(ok("date-time", "2024-02-29T12:30:00Z"));
  CHECK(ok("date-time", "2024-02-29T12:30:00.123+02:00"));
  CHECK_FALSE(ok("date-time", "2023-02-29T12:30:00Z"));  // not a leap year
  CHECK_FALSE(ok("date-time", "2024-02-29T12:30:00"));   // offset is required
  CHECK_FALSE(ok("date-time", "2024-02-29"));
  CHECK(ok("date", "2024-12-31"));
  CHECK_FALSE(ok("date", "2024-13-01"));
  CHECK_FALSE(ok("date", "2024-04-31"));
  CHECK(ok("time", "23:59:60Z"));
  CHECK_FALSE(ok("time", "24:00:00Z"));
}

TEST_CASE("email, hostname, ipv4, ipv6", "[check][formats]") {
  CHECK(ok("email", "a.b+tag@example.com"));
  CHECK(ok("email", "joe@[192.0.2.1]"));
  CHECK_FALSE(ok("email", "a..b@example.com"));
  CHECK_FALSE(ok("email", "no-at-sign"));
  CHECK_FALSE(ok("email", "a@-bad-.com"));
  CHECK(ok("hostname", "api.example.com"));
  CHECK_FALSE(ok("hostname", "under_score.com"));
  CHECK_FALSE(ok("hostname", std::string(64, 'a') + ".com"));
  CHECK(ok("ipv4", "192.0.2.255"));
  CHECK_FALSE(ok("ipv4", "192.0.2.256"));
  CHECK_FALSE(ok("ipv4", "01.2.3.4"));
  CHECK_FALSE(ok("ipv4", "1.2.3"));
  CHECK(ok("ipv6", "2001:db8::1"));
  CHECK(ok("ipv6", "::"));
  CHECK(ok("ipv6", "::ffff:192.0.2.1"));
  CHECK(ok("ipv6", "1:2:3:4:5:6:7:8"));
  CHECK_FALSE(ok("ipv6", "1:2:3:4:5:6:7:8:9"));
  CHECK_FALSE(ok("ipv6", "1::2::3"));
  CHECK_FALSE(ok("ipv6", "12345::"));
}

TEST_CASE("uri, uri-reference, uuid, byte", "[check][formats]") {
  CHECK(ok("uri", "https://api.github.com/repos/o/r{/sha}"  + std::string()) == false);  // braces are not URI characters
  CHECK(ok("uri", "https://api.github.com/repos/o/r?x=1#frag"));
  CHECK(ok("uri", "urn:isbn:0451450523"));
  CHECK(ok("uri", "http://[2001:db8::1]:8080/"));
  CHECK_FALSE(ok("uri", "/relative/path"));
  CHECK_FALSE(ok("uri", "http://exa mple.com"));
  CHECK_FALSE(ok("uri", "http://x/%zz"));
  CHECK(ok("uri-reference", "/relative/path?q=1"));
  CHECK(ok("uri-reference", ""));
  CHECK_FALSE(ok("uri-reference", "a#b#c"));
  CHECK(ok("uuid", "123e4567-e89b-12d3-a456-426614174000"));
  CHECK_FALSE(ok("uuid", "123e4567e89b12d3a456426614174000"));
  CHECK(ok("byte", "U29uZGU="));
  CHECK_FALSE(ok("byte", "U29uZGU"));
  CHECK_FALSE(ok("byte", "U2=uZGU="));
}

TEST_CASE("formats in schemas: int32/int64 ranges, unknown formats pass, formats can be off", "[check][formats]") {
  CHECK(valid(R"({"type":"integer","format":"int32"})", "2147483647"));
  CHECK_FALSE(valid(R"({"type":"integer","format":"int32"})", "2147483648"));
  CHECK(valid(R"({"type":"integer","format":"int64"})", "-9223372036854775808"));
  CHECK_FALSE(valid(R"({"type":"integer","format":"int64"})", "9223372036854775808"));
  CHECK(valid(R"({"type":"string","format":"x-made-up"})", "\"anything\""));
  CHECK_FALSE(valid(R"({"type":"string","format":"date"})", "\"yesterday\""));
  ValidationOptions off;
  off.formats = false;
  CHECK(valid(R"({"type":"string","format":"date"})", "\"yesterday\"", Dialect::oas31, off));
}
