#include <catch2/catch.hpp>

#include "core/util/body_redaction.hpp"

namespace {

const sonde::Redactor k_policy;

std::string shown(std::string_view type, std::string_view body) { return sonde::shown_body(k_policy, type, body); }

}  // namespace

TEST_CASE("JSON bodies: credential-named members masked in place, formatting kept", "[util][security]") {
  CHECK(shown("application/json", R"({"user": "ann", "password": "hunter2"})") == R"({"user": "ann", "password": "***"})");
  // An OAuth token response: every credential-named string; numbers (an LLM API's prompt_tokens
  // count), booleans and null stay, so the body keeps its types.
  CHECK(shown("application/json; charset=utf-8",
              "{\n  \"access_token\":\"eyJ.a.b\",\n  \"expires_in\": 3600,\n  \"refresh_token\" : \"r1\",\n"
              "  \"prompt_tokens\": 12, \"api_key\": \"k-1\", \"session_id\": null, \"token_valid\": true\n}") ==
        "{\n  \"access_token\":\"***\",\n  \"expires_in\": 3600,\n  \"refresh_token\" : \"***\",\n"
        "  \"prompt_tokens\": 12, \"api_key\": \"***\", \"session_id\": null, \"token_valid\": true\n}");
  // A page of results: its cursor and OAuth's token_type are not credentials.
  CHECK(shown("application/json", R"({"items": [], "nextPageToken": "c2", "token_type": "Bearer", "id_token": "j"})") ==
        R"({"items": [], "nextPageToken": "c2", "token_type": "Bearer", "id_token": "***"})");
  // Inside a credential's object or array, every string is masked; siblings are not.
  CHECK(shown("application/vnd.api+json", R"([{"credentials":{"user":"u","pass":["a",2]},"name":"x"},{"key":"k"}])") ==
        R"([{"credentials":{"user":"***","pass":["***",2]},"name":"x"},{"key":"***"}])");
  // Names are read as a JSON reader reads them: \u escapes for ASCII decoded.
  CHECK(shown("application/json", R"({"pass\u0077ord":"x","\u0074oken":"y","caf\u00e9":"z"})") ==
        R"({"pass\u0077ord":"***","\u0074oken":"***","caf\u00e9":"z"})");
  // Escaped quotes inside strings do not end them; names with escapes are read.
  CHECK(shown("application/json", R"({"note":"say \"password\": x","pass\/word":"no","secret":"a\"b"})") ==
        R"({"note":"say \"password\": x","pass\/word":"no","secret":"***"})");
  // Nothing to mask: the very bytes come back.
  const std::string plain = "{ \"id\" : 7 ,\"tags\":[\"a\"] }";
  CHECK(shown("application/json", plain) == plain);
}

TEST_CASE("JSON bodies cut or malformed are masked as far as they read", "[util][security]") {
  CHECK(shown("application/json", R"({"a":1,"password":"hunt)") == R"({"a":1,"password":"***")");
  CHECK(shown("application/json", R"({"token": "12)") == R"({"token": "***")");
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

TEST_CASE("multipart: headers end at the first blank line, nested multipart is masked whole", "[util][security]") {
  // LF-only headers, CRLF CRLF inside the content: the whole content is the password.
  CHECK(shown("multipart/form-data; boundary=b", "--b\nContent-Disposition: form-data; name=\"password\"\n\nab\r\n\r\ncd\n--b--\n") ==
        "--b\nContent-Disposition: form-data; name=\"password\"\n\n***\n--b--\n");
  CHECK(shown("multipart/form-data; boundary=b",
              "--b\nContent-Disposition: form-data; name=\"m\"\nContent-Type: application/json\n\n{\"token\":\"t\",\r\n\r\n\"x\":1}\n--b--\n") ==
        "--b\nContent-Disposition: form-data; name=\"m\"\nContent-Type: application/json\n\n{\"token\":\"***\",\r\n\r\n\"x\":1}\n--b--\n");
  // A multipart part inside a multipart body is not read (masked whole): no recursion, however
  // deeply a crafted body nests them.
  CHECK(shown("multipart/form-data; boundary=o",
              "--o\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n--i\r\n\r\nsecret\r\n--i--\r\n--o--\r\n") ==
        "--o\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n***\r\n--o--\r\n");
  std::string deep;
  for (int i = 0; i < 200000; ++i) {
    deep += "--a" + std::to_string(i) + "x\r\nContent-Type: multipart/form-data; boundary=a" + std::to_string(i + 1) + "x\r\n\r\n";
  }
  const std::string masked = shown("multipart/form-data; boundary=a0x", deep);
  CHECK(masked.size() < 200);
  CHECK(masked.ends_with("\r\n\r\n***"));
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
