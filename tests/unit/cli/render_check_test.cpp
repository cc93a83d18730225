#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "cli/json_text.hpp"
#include "cli/render_check.hpp"

using namespace sonde;

namespace {

// Every writer of `run` into one string, as cmd_check feeds them.
std::string written(const check::CheckRun& run, const char* format) {
  std::string out;
  cli::TextSink sink = [&out](std::string_view text) { out += text; };
  check::CheckRunRecords records(run);
  const auto totals = records.totals();
  auto writer = std::string(format) == "json" ? cli::check_json_writer(sink, totals)
                                              : cli::check_junit_writer(sink, totals, "sonde check api.yaml");
  REQUIRE(cli::write_check_run(records, {writer.get()}, [](const std::string& url) { return url; }));
  return out;
}

}  // namespace

TEST_CASE("check JSON writer: the document json_text() prints for the whole tree, written a record at a time") {
  check::CheckRun run;
  SECTION("no results, errors and coverage") {
    run.errors.push_back({"GET /pets", "GET", "http://127.0.0.1:1/pets", "connection refused"});
    run.errors.push_back({"", "POST", "http://127.0.0.1:1/x", "timeout"});
    run.coverage = check::Coverage{3, 0, 5, 0};
    nlohmann::ordered_json expected = {
        {"results", nlohmann::ordered_json::array()},
        {"summary", {{"exchanges", 0}, {"passed", 0}, {"failed", 0}, {"unmatched", 0}, {"errors", 2},
                     {"coverage", {{"operations", 3}, {"operations_exercised", 0}, {"statuses", 5}, {"statuses_exercised", 0}}}}},
        {"errors", {{{"operation", "GET /pets"}, {"request", {{"method", "GET"}, {"url", "http://127.0.0.1:1/pets"}}}, {"message", "connection refused"}},
                    {{"operation", ""}, {"request", {{"method", "POST"}, {"url", "http://127.0.0.1:1/x"}}}, {"message", "timeout"}}}}};
    CHECK(written(run, "json") == cli::json_text(expected) + "\n");
  }
  SECTION("results, one with a violation, no errors") {
    check::ExchangeResult ok{"GET /pets", "GET", "http://h/pets", 200, {}, 0, 0, "", "200", 1.0};
    check::ExchangeResult bad{"GET /pets/{id}", "GET", "http://h/pets/1", 200, {}, 3, 0, "a note", "200", 2.0};
    bad.violations.push_back({"body", "/name", "#/s", "api.yaml:1:2", "type", "not a string", "string", "7"});
    run.results = {ok, bad};
    nlohmann::ordered_json violation = {{"kind", "body"}, {"pointer", "/name"}, {"schema", "#/s"}, {"source", "api.yaml:1:2"},
                                        {"keyword", "type"}, {"message", "not a string"}, {"expected", "string"}, {"actual", "7"}};
    nlohmann::ordered_json expected = {
        {"results", {{{"operation", "GET /pets"}, {"request", {{"method", "GET"}, {"url", "http://h/pets"}}}, {"status", 200},
                      {"violations", nlohmann::ordered_json::array()}},
                     {{"operation", "GET /pets/{id}"}, {"request", {{"method", "GET"}, {"url", "http://h/pets/1"}}}, {"status", 200},
                      {"violations", {violation}}, {"omitted", 3}, {"note", "a note"}}}},
        {"summary", {{"exchanges", 2}, {"passed", 1}, {"failed", 1}, {"unmatched", 0}}}};
    CHECK(written(run, "json") == cli::json_text(expected) + "\n");
  }
}

TEST_CASE("check JUnit writer: counts in the header from the totals, a case per record") {
  check::CheckRun run;
  run.results.push_back({"GET /pets", "GET", "http://h/pets", 200, {}, 0, 0, "", "200", 1500.0});
  run.results.push_back({std::nullopt, "GET", "http://h/x", 404, {}, 0, 0, "no operation matches GET /x", "", 0.5});
  run.errors.push_back({"GET /y", "GET", "http://h/y", "timeout"});
  const std::string xml = written(run, "junit");
  CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sonde\" tests=\"3\" failures=\"0\" "
                        "errors=\"1\" skipped=\"1\" time=\"1.500\">\n  <testsuite name=\"sonde check api.yaml\" tests=\"3\""));
  CHECK(xml.find("<skipped message=\"no operation matches GET /x\" type=\"unmatched\">") != std::string::npos);
  CHECK(xml.find("<error message=\"timeout (http://h/y)\" type=\"unreachable\">") != std::string::npos);
  CHECK(xml.ends_with("  </testsuite>\n</testsuites>\n"));
}
