#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "core/util/base64.hpp"
#include "core/replay/dotenv.hpp"
#include "core/replay/http_env.hpp"
#include "core/replay/url_encode.hpp"
#include "core/replay/variables.hpp"
#include "fakes.hpp"

using namespace sonde::replay;

namespace {
const auto k_helpers_now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));  // Tue 2023-11-14 22:13:20Z
namespace fs = std::filesystem;

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}
}  // namespace

TEST_CASE("variables: $datetime and $localDatetime formats with offsets", "[replay][variables]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({}, random, k_helpers_now);
  scope.set_utc_offset(std::chrono::hours(2));
  auto sub = [&](const char* text) {
    scope.next_request();
    return scope.substitute(text, "f:1");
  };
  CHECK(sub("{{$datetime iso8601}}") == "2023-11-14T22:13:20.000Z");
  CHECK(sub("{{$datetime rfc1123}}") == "Tue, 14 Nov 2023 22:13:20 GMT");
  CHECK(sub("{{$datetime 'YYYY-MM-DD HH:mm:ss'}}") == "2023-11-14 22:13:20");
  CHECK(sub("{{$datetime \"DD.MM.YY h:mm A\"}}") == "14.11.23 10:13 PM");
  CHECK(sub("{{$datetime 'MMMM dddd [at] X'}}") == "November Tuesday at 1700000000");
  CHECK(sub("{{$datetime iso8601 -1 d}}") == "2023-11-13T22:13:20.000Z");
  CHECK(sub("{{$datetime 'YYYY-MM-DD' 1 M}}") == "2023-12-14");
  CHECK(sub("{{$datetime 'YYYY-MM-DD' 1 y}}") == "2024-11-14");
  CHECK(sub("{{$localDatetime iso8601}}") == "2023-11-15T00:13:20+02:00");
  CHECK(sub("{{$localDatetime rfc1123}}") == "Wed, 15 Nov 2023 00:13:20 +0200");
  CHECK(sub("{{$timestamp -1 h}}") == "1699996400");
  CHECK_FALSE(sub("{{$datetime bogus}}"));
  CHECK_FALSE(sub("{{$datetime iso8601 1 parsec}}"));
  CHECK_FALSE(sub("{{$datetime iso8601 x}}"));
}

TEST_CASE("variables: a date offset beyond 100 years is an error, not an overflow", "[replay][variables]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({}, random, k_helpers_now);
  auto sub = [&](const char* text) {
    scope.next_request();
    return scope.substitute(text, "f:1");
  };
  CHECK(sub("{{$datetime 'YYYY' 100 y}}") == "2123");
  CHECK(sub("{{$datetime 'YYYY' -36600 d}}") == "1923");
  auto far = sub("{{$datetime iso8601 99999999999 d}}");
  REQUIRE_FALSE(far);
  CHECK(far.error().message == "date offset '99999999999 d' is out of range");
  CHECK_FALSE(sub("{{$datetime iso8601 101 y}}"));
  CHECK_FALSE(sub("{{$timestamp -99999999999999999999 ms}}"));
  CHECK_FALSE(sub("{{$datetime iso8601 9223372036854775807 M}}"));
}

TEST_CASE("variables: errors carry the column of the '{{' at fault", "[replay][variables]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({}, random, k_helpers_now);
  auto e = scope.substitute_at("abc {{x}}", "f:3", 10);
  REQUIRE_FALSE(e);
  CHECK(e.error().where == "f:3:14");
}

TEST_CASE("variables: \\{\\{name\\}\\} is the literal text {{name}} (httpyac)", "[replay][variables]") {
  fakes::FixedRandom random(0.5);
  VariableScope scope({{"v", "1"}}, random, k_helpers_now);
  CHECK(scope.substitute("My \\{\\{someVerb\\}\\} template {{v}}", "f:1") == "My {{someVerb}} template 1");
}

TEST_CASE("dotenv: KEY=value, export, quotes, comments", "[replay][http-env]") {
  auto v = parse_dotenv("# c\nA=1\nexport B = two words # note\nC=\"x\\ny\"\nD='#not comment'\nnot a pair\nE=\n");
  CHECK(v.at("A") == "1");
  CHECK(v.at("B") == "two words");
  CHECK(v.at("C") == "x\ny");
  CHECK(v.at("D") == "#not comment");
  CHECK(v.at("E").empty());
  CHECK(v.size() == 5);
}

TEST_CASE("base64: round trip and rejects", "[replay]") {
  CHECK(sonde::base64_encode("user:pass") == "dXNlcjpwYXNz");
  CHECK(sonde::base64_encode("a") == "YQ==");
  CHECK(sonde::base64_decode("YQ==") == "a");
  CHECK(sonde::base64_decode("dXNl\ncjpwYXNz") == "user:pass");
  CHECK_FALSE(sonde::base64_decode("a*b"));
}

TEST_CASE("url encoding: spaces, quotes and non-ASCII; '%' kept", "[replay]") {
  CHECK(encode_url("http://h.test/a b?c=d e#f g") == "http://h.test/a%20b?c=d%20e#f%20g");
  CHECK(encode_url("http://h.test/x?q=%41") == "http://h.test/x?q=%41");
  CHECK(encode_url("http://user:p w@h.test") == "http://user:p w@h.test");
}

TEST_CASE("http env: env files are found from a subfolder up to the repository root", "[replay][http-env]") {
  fs::path root = fs::temp_directory_path() / "sonde-http-env-test";
  fs::remove_all(root);
  fs::create_directories(root / "repo" / ".git");
  write(root / "repo" / "http-client.env.json", R"({"$shared": {"s": "1"}, "dev": {"host": "dev.test"}})");
  write(root / "repo" / "api" / "http-client.private.env.json", R"({"dev": {"token": "t"}})");
  write(root / "repo" / ".env", "A=root\nB=root\n");
  write(root / "repo" / ".httpyac.json", R"({"environments": {"$shared": {"y": "yac"}, "dev": {"host": "yac.test", "z": "1"}}})");
  write(root / "repo" / "api" / ".env", "B=near\n");
  write(root / "repo" / "env" / "dev.env", "C=envfolder\n");
  write(root / "repo" / "api" / "v1" / "x.http", "GET http://x.test/\n");
  write(root / "http-client.env.json", R"({"outside": {}})");  // above the repository: never read
  auto env = load_http_environment((root / "repo" / "api" / "v1" / "x.http").string(), "dev");
  REQUIRE(env);
  CHECK(env->variables.at("host") == "dev.test");
  CHECK(env->variables.at("token") == "t");
  CHECK(env->variables.at("s") == "1");
  CHECK(env->variables.at("y") == "yac");
  CHECK(env->variables.at("z") == "1");
  CHECK(env->dotenv.at("A") == "root");
  CHECK(env->dotenv.at("B") == "near");
  CHECK(env->dotenv.at("C") == "envfolder");
  auto outside = load_http_environment((root / "repo" / "api" / "v1" / "x.http").string(), "outside");
  REQUIRE_FALSE(outside);
  CHECK_THAT(outside.error().message, Catch::Contains("no environment 'outside'"));
  CHECK(outside.error().hint == "defined: dev");
  fs::remove_all(root / "repo" / "http-client.env.json");
  fs::remove_all(root / "repo" / ".httpyac.json");
  fs::remove_all(root / "repo" / "env");
  fs::remove_all(root / "repo" / "api" / "http-client.private.env.json");
  auto none = load_http_environment((root / "repo" / "api" / "v1" / "x.http").string(), "dev");
  REQUIRE_FALSE(none);
  CHECK_THAT(none.error().message, Catch::Contains("no http-client.env.json, http-client.private.env.json or dev.env in " +
                                                   (root / "repo" / "api" / "v1").string() + " and its parents up to " +
                                                   (root / "repo").string()));
  CHECK(none.error().where == (root / "repo" / "api" / "v1" / "x.http").string());
  fs::remove_all(root);
}

TEST_CASE("base64: the URL-safe alphabet has no padding, and one alphabet does not read the other") {
  CHECK(sonde::base64_encode("\xfb\xff", true) == "-_8");
  CHECK(sonde::base64_encode("\xfb\xff") == "+/8=");
  CHECK(sonde::base64_decode("-_8", true) == std::string("\xfb\xff"));
  CHECK_FALSE(sonde::base64_decode("-_8"));
  CHECK_FALSE(sonde::base64_decode("YQ==YQ"));  // nothing after the padding
}

TEST_CASE("http env: a number out of double's range is an error, not an abort", "[replay][http-env]") {
  fs::path root = fs::temp_directory_path() / "sonde-http-env-range-test";
  fs::remove_all(root);
  fs::create_directories(root / ".git");
  write(root / "http-client.env.json", R"({"dev": {"n": 1E400}})");
  write(root / "x.http", "GET http://x.test/\n");
  auto env = load_http_environment((root / "x.http").string(), "dev");
  REQUIRE_FALSE(env);
  CHECK_THAT(env.error().message, Catch::Contains("out of range"));
  fs::remove_all(root);
}
