#include <catch2/catch.hpp>

#include "core/flow/date_text.hpp"
#include "core/flow/value.hpp"
#include "core/report/check_report.hpp"
#include "core/util/digest.hpp"

using namespace sonde::flow;

namespace {
std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}
}  // namespace

TEST_CASE("digests: FIPS 180-4 and RFC 1321 test vectors", "[flow][digest]") {
  CHECK(hex(sonde::sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(sonde::sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(sonde::sha256(std::string(1000, 'a'))) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
  CHECK(hex(sonde::md5("")) == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(hex(sonde::md5("The quick brown fox jumps over the lazy dog")) == "9e107d9d372bb6826bd81d3542a419d6");
}

TEST_CASE("values compare with Hurl's rules", "[flow][value]") {
  CHECK(equal(Value::of_int(1), Value::of_float(1.0)));
  CHECK_FALSE(equal(Value::of_int(1), Value::of_string("1")));
  CHECK(equal(Value::from_json(nlohmann::json::parse(R"([1, "a", {"k": null}])")),
              Value::from_json(nlohmann::json::parse(R"([1.0, "a", {"k": null}])"))));
  CHECK(Value::of_float(7.0).as_template_text() == "7.0");
  CHECK(Value::of_float(0.1).as_template_text() == "0.1");
  CHECK(Value::from_json(nlohmann::json::parse("12345678901234567890")).as_template_text() == "12345678901234567890");
}

TEST_CASE("a string value is described as a JSON string, escaped only where JSON needs it", "[flow][value]") {
  CHECK(Value::of_string("tea").describe() == "\"tea\"");
  CHECK(Value::of_string("").describe() == "\"\"");
  CHECK(Value::of_string("~ !").describe() == "\"~ !\"");
  CHECK(Value::of_string("say \"hi\"").describe() == "\"say \\\"hi\\\"\"");
  CHECK(Value::of_string("a\\b").describe() == "\"a\\\\b\"");
  CHECK(Value::of_string("line\nnext\x01").describe() == "\"line\\nnext\\u0001\"");
  CHECK(Value::of_string("caf\xc3\xa9").describe() == "\"caf\xc3\xa9\"");  // UTF-8 kept as is
  CHECK(Value::of_string("bad\xff").describe() == "\"bad\xef\xbf\xbd\"");   // not UTF-8: U+FFFD
}

TEST_CASE("dates read and written with strftime formats and %.f", "[flow][date]") {
  auto d = parse_date("2026-12-04T05:06:07.250Z", "%Y-%m-%dT%H:%M:%S%.fZ");
  REQUIRE(d);
  CHECK(format_date(*d, "%Y/%m/%d %H:%M:%S%.f") == "2026/12/04 05:06:07.250000");
  auto offset = parse_date("2026-12-04T07:06:07+02:00", "%Y-%m-%dT%H:%M:%S%z");
  REQUIRE(offset);
  CHECK(format_date(*offset, "%H:%M") == "05:06");
  CHECK_FALSE(parse_date("2026-13-99", "%Y-%m-%d x"));
  // An offset that is not digits is no date (std::stol threw invalid_argument on it).
  CHECK_FALSE(parse_date("2026-12-04T07:06:07+ab:cd", "%Y-%m-%dT%H:%M:%S%z"));
  CHECK_FALSE(parse_date("2026-12-04T07:06:07+0", "%Y-%m-%dT%H:%M:%S%z"));
  CHECK(is_iso_date("2026-12-04T05:06:07Z"));
  CHECK_FALSE(is_iso_date("04/12/2026"));
}

TEST_CASE("report formats: TAP 14 and merged JUnit shards", "[report]") {
  using namespace sonde::report;
  std::vector<Suite> suites{{"a.hurl", {{"entry 1", "sonde.test", Outcome::passed, 1, {}},
                                        {"entry 2", "sonde.test", Outcome::failed, 2, {{"status # wrong", "status", "a.hurl:3:1"}}}}},
                            {"b.hurl", {{"entry 1", "sonde.test", Outcome::skipped, 0, {}}}}};
  const std::string tap = to_tap(suites);
  CHECK(tap.starts_with("TAP version 14\n1..3\nok 1 - a.hurl: entry 1\nnot ok 2 - a.hurl: entry 2\n"));
  CHECK_THAT(tap, Catch::Contains("    - message: \"status # wrong\"\n      type: \"status\"\n      at: \"a.hurl:3:1\"\n"));
  CHECK_THAT(tap, Catch::Contains("ok 3 - b.hurl: entry 1 # SKIP\n"));
  auto merged = merge_junit({{"1.xml", to_junit(std::vector<Suite>{suites[0]})}, {"2.xml", to_junit(std::vector<Suite>{suites[1]})}});
  REQUIRE(merged);
  CHECK_THAT(*merged, Catch::Contains("<testsuites name=\"sonde\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""));
  CHECK_THAT(*merged, Catch::Contains("<testsuite name=\"a.hurl\""));
  CHECK_THAT(*merged, Catch::Contains("<testsuite name=\"b.hurl\""));
  auto bad = merge_junit({{"x.xml", "<html/>"}});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().where == "x.xml");
}

TEST_CASE("merged JUnit: counts that are not counts are named input errors, not exceptions", "[report]") {
  using sonde::report::merge_junit;
  auto with = [](const std::string& attrs) {
    return merge_junit({{"shard.xml", "<testsuites>\n<testsuite name=\"a\" " + attrs + "></testsuite>\n</testsuites>\n"}});
  };
  CHECK(with(R"(tests="2" failures="1" errors="0" skipped="0" time="0.5")"));
  for (const char* attrs : {R"(tests="99999999999999999999" failures="0" errors="0" skipped="0")",
                            R"(tests="1.5" failures="0" errors="0" skipped="0")",
                            R"(tests="1" failures="0" errors="0" skipped="0" time="...")"}) {
    auto merged = with(attrs);
    INFO(attrs);
    REQUIRE_FALSE(merged);
    CHECK(merged.error().where == "shard.xml");
    CHECK_THAT(merged.error().message, Catch::Contains("is not a count sonde can add"));
  }
  // A time beyond double's range (400 digits).
  CHECK_FALSE(with(R"(tests="1" failures="0" errors="0" skipped="0" time=")" + std::string(400, '9') + "\""));
}
