#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include "core/report/check_report.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/clock.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/json_pointer.hpp"

namespace fs = std::filesystem;
namespace jp = sonde::json_pointer;

TEST_CASE("JSON pointer tokens escape ~ and / as RFC 6901 says", "[json-pointer]") {
  CHECK(jp::escape("a/b~c") == "a~1b~0c");
  CHECK(jp::append("/paths", "/pets/{id}") == "/paths/~1pets~1{id}");
  CHECK(*jp::unescape("~01") == "~1");  // "~0" first, then a literal "1": not "/"
  auto tokens = jp::split("/paths/~1pets~1{id}/get");
  REQUIRE(tokens);
  CHECK(*tokens == std::vector<std::string>{"paths", "/pets/{id}", "get"});
  CHECK(jp::split("")->empty());
  CHECK_FALSE(jp::split("paths"));
  CHECK_FALSE(jp::unescape("a~2"));
  CHECK_FALSE(jp::unescape("a~"));
}

TEST_CASE("reports are written atomically and failures leave nothing behind", "[atomic-file]") {
  fs::path dir = fs::temp_directory_path() / ("sonde-atomic-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string target = (dir / "report.xml").string();
  REQUIRE(sonde::write_file_atomically(target, "first"));
  REQUIRE(sonde::write_file_atomically(target, "second"));
  CHECK(*sonde::read_file(target) == "second");
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);  // no temp files left

  auto failed = sonde::write_file_atomically((dir / "no-such-dir" / "r.xml").string(), "x");
  REQUIRE_FALSE(failed);
  CHECK(failed.error().kind == sonde::ErrorKind::runtime);
  CHECK(failed.error().where == (dir / "no-such-dir" / "r.xml").string());
  fs::remove_all(dir);
}

TEST_CASE("reading a missing file names the path and is invalid input", "[atomic-file]") {
  auto missing = sonde::read_file("/nonexistent/spec.yaml");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == sonde::ErrorKind::invalid_input);
  CHECK(sonde::describe(missing.error()) == "cannot read file (No such file or directory): /nonexistent/spec.yaml");
}

TEST_CASE("JUnit: failures, errors and escaping", "[junit]") {
  sonde::report::Suite suite{"sonde check <spec>", {}};
  suite.cases.push_back({"GET /pets", "sonde.check", sonde::report::Outcome::passed, 12.5, {}});
  suite.cases.push_back({"POST /pets", "sonde.check", sonde::report::Outcome::failed, 3,
                         {{"type \"string\" expected", "body", "/name"}}});
  suite.cases.push_back({"GET /a&b", "sonde.check", sonde::report::Outcome::error, 0,
                         {{"connection refused", "network", "127.0.0.1:1"}}});
  std::string xml = sonde::report::to_junit(suite);
  CHECK(xml.find("tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\"") != std::string::npos);
  CHECK(xml.find("<testcase name=\"GET /pets\" classname=\"sonde.check\" time=\"0.013\"/>") != std::string::npos);
  CHECK(xml.find("<failure message=\"type &quot;string&quot; expected (/name)\" type=\"body\">") != std::string::npos);
  CHECK(xml.find("name=\"GET /a&amp;b\"") != std::string::npos);
  CHECK(xml.find("<error message=\"connection refused (127.0.0.1:1)\"") != std::string::npos);
}

TEST_CASE("the fake clock moves only when told", "[clock]") {
  sonde::FakeClock clock;
  auto start = clock.now();
  clock.sleep_for(std::chrono::seconds(3));
  CHECK(clock.now() - start == std::chrono::seconds(3));
}

TEST_CASE("json_pointer::step: members, decimal indexes, and nothing for the rest", "[util][json_pointer]") {
  auto doc = nlohmann::json::parse(R"({"a": [10, 20], "": 1, "0": "key"})");
  REQUIRE(jp::step(doc, "a"));
  CHECK(*jp::step(*jp::step(doc, "a"), "1") == 20);
  CHECK(*jp::step(doc, "") == 1);
  CHECK(*jp::step(doc, "0") == "key");  // an object member, not an index
  const auto& list = doc["a"];
  CHECK_FALSE(jp::step(list, "2"));
  CHECK_FALSE(jp::step(list, "-1"));
  CHECK_FALSE(jp::step(list, ""));
  CHECK_FALSE(jp::step(list, "1a"));
  // 2^64 + 1 wrapped to index 1 in Document::child before; too large is absent.
  CHECK_FALSE(jp::step(list, "18446744073709551617"));
  CHECK_FALSE(jp::step(list, "999999999999999999999999"));
  CHECK_FALSE(jp::step(nlohmann::json(5), "0"));
}

TEST_CASE("string_member: a member of another type is absent, never an exception", "[util][json]") {
  auto doc = nlohmann::json::parse(R"({"type": null, "in": "query", "n": 3})");
  CHECK(sonde::string_member(doc, "in") == "query");
  CHECK(sonde::string_member(doc, "type").empty());  // value("type", "") threw type_error here
  CHECK(sonde::string_member(doc, "n", "x") == "x");
  CHECK(sonde::string_member(doc, "missing", "bearer") == "bearer");
  CHECK(sonde::string_member(nlohmann::json::array(), "type", "d") == "d");
}
