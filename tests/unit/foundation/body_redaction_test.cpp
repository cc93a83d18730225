#include <catch2/catch.hpp>

#include "core/util/body_redaction.hpp"

namespace {

const sonde::Redactor k_policy;

std::string shown(std::string_view type, std::string_view body) { return sonde::shown_body(k_policy, type, body); }

}  // namespace

TEST_CASE("JSON bodies: credential-named members masked in place, formatting kept", "[util][security]") {
  CHECK(shown("application/json", R"({"user": "ann", "password": "hunter2"})") == R"({"user": "ann", "password": "***"})");
  // An OAuth token response: every credential-named member, numbers too; booleans and null stay.
  CHECK(shown("application/json; charset=utf-8",
              "{\n  \"access_token\":\"eyJ.a.b\",\n  \"expires_in\": 3600,\n  \"refresh_token\" : \"r1\",\n"
              "  \"pin\": 1, \"api_key\": 12345, \"session_id\": null, \"token_valid\": true\n}") ==
        "{\n  \"access_token\":\"***\",\n  \"expires_in\": 3600,\n  \"refresh_token\" : \"***\",\n"
        "  \"pin\": 1, \"api_key\": \"***\", \"session_id\": null, \"token_valid\": true\n}");
  // Inside a credential's object or array, everything is masked; siblings are not.
  CHECK(shown("application/vnd.api+json", R"([{"credentials":{"user":"u","pass":["a",2]},"name":"x"},{"key":"k"}])") ==
        R"([{"credentials":{"user":"***","pass":["***","***"]},"name":"x"},{"key":"***"}])");
  // Escaped quotes inside strings do not end them; names with escapes are read.
  CHECK(shown("application/json", R"({"note":"say \"password\": x","pass\/word":"no","secret":"a\"b"})") ==
        R"({"note":"say \"password\": x","pass\/word":"no","secret":"***"})");
  // Nothing to mask: the very bytes come back.
  const std::string plain = "{ \"id\" : 7 ,\"tags\":[\"a\"] }";
  CHECK(shown("application/json", plain) == plain);
}

TEST_CASE("JSON bodies cut or malformed are masked as far as they read", "[util][security]") {
  CHECK(shown("application/json", R"({"a":1,"password":"hunt)") == R"({"a":1,"password":"***")");
  CHECK(shown("application/json", R"({"token": 12)") == R"({"token": "***")");
  CHECK(shown("application/json", R"(}]{"secret":"s"}})") == R"(}]{"secret":"***"}})");
  CHECK(shown("application/json", "\"password\"") == "\"password\"");
}

TEST_CASE("form bodies mask like a query string", "[util][security]") {
  CHECK(shown("application/x-www-form-urlencoded", "grant_type=password&username=ann&password=p%40ss&client_secret=s") ==
        "grant_type=password&username=ann&password=***&client_secret=***");
  CHECK(shown("Application/X-WWW-Form-Urlencoded ; charset=utf-8", "q=1&api%5Fkey=abc") == "q=1&api%5Fkey=***");
}

TEST_CASE("multipart bodies: a credential part's content masked, others by their own type", "[util][security]") {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\nhunter2\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"token\":\"t\"}\r\n"
      "--XyZ--\r\n";
  const std::string expected =
      "--XyZ\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n***\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"token\":\"***\"}\r\n"
      "--XyZ--\r\n";
  CHECK(shown("multipart/form-data; boundary=\"XyZ\"", body) == expected);
  CHECK(shown("multipart/form-data; charset=x; boundary=XyZ", body) == expected);
  CHECK(shown("multipart/form-data", body) == body);  // no boundary: nothing can be told apart
}

TEST_CASE("other media types and --show-secrets leave bodies alone", "[util][security]") {
  CHECK(shown("text/plain", "password=x") == "password=x");
  CHECK(shown("", R"({"password":"x"})") == R"({"password":"x"})");
  CHECK(sonde::shown_body(sonde::Redactor::showing_all(), "application/json", R"({"password":"x"})") ==
        R"({"password":"x"})");
  // Extra names given with --redact count in bodies too.
  CHECK(sonde::shown_body(sonde::Redactor({"X-Tenant"}), "application/json", R"({"x-tenant":"acme"})") ==
        R"({"x-tenant":"***"})");
}
