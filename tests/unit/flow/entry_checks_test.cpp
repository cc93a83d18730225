// check_response keeps every result for the JSON report and only the failures for the others;
// either way the verdicts, and the variables captures set, are the same.
#include <catch2/catch.hpp>

#include "core/flow/entry_checks.hpp"
#include "core/hurl/parser.hpp"

using namespace sonde;
using namespace sonde::flow;

namespace {

const std::string k_file = "flow.hurl";

hurl::Response response_of(const std::string& text) {
  auto parsed = hurl::parse(text, k_file);
  REQUIRE(parsed);
  REQUIRE(parsed->entries.size() == 1);
  REQUIRE(parsed->entries[0].response);
  return *parsed->entries[0].response;
}

Call answer() {
  Call call;
  call.status = 200;
  call.version = "HTTP/1.1";
  call.headers = {{"Content-Type", "application/json"}, {"X-Id", "7"}};
  call.body = R"({"ok":true,"id":7,"name":"tea"})";
  return call;
}

std::vector<std::string> kinds_and_where(const std::vector<AssertResult>& results) {
  std::vector<std::string> out;
  for (const auto& r : results) out.push_back(r.kind + " " + r.where + (r.passed ? " pass" : " FAIL"));
  return out;
}

}  // namespace

TEST_CASE("check_response keeps every result, or only the failed ones, with the same verdicts", "[flow][checks]") {
  const auto spec = response_of(
      "GET http://x/item\n"
      "HTTP 200\n"
      "Content-Type: application/json\n"
      "X-Id: 8\n"
      "[Captures]\n"
      "id: jsonpath \"$.id\"\n"
      "missing: jsonpath \"$.nothing\"\n"
      "[Asserts]\n"
      "jsonpath \"$.ok\" == true\n"
      "jsonpath \"$.name\" == \"coffee\"\n"
      "header \"X-Id\" exists\n");
  const Call call = answer();

  Variables all_vars;
  QueryContext all_ctx{call, all_vars, k_file, 1.0};
  auto all = check_response(spec, all_ctx, all_vars, KeepAsserts::all);
  CHECK(kinds_and_where(all) == std::vector<std::string>{
                                   "status flow.hurl:2:1 pass", "header flow.hurl:3:1 pass", "header flow.hurl:4:1 FAIL",
                                   "capture flow.hurl:6:1 pass", "capture flow.hurl:7:1 FAIL", "assert flow.hurl:9:1 pass",
                                   "assert flow.hurl:10:1 FAIL", "assert flow.hurl:11:1 pass"});

  Variables failed_vars;
  QueryContext failed_ctx{call, failed_vars, k_file, 1.0};
  auto failed = check_response(spec, failed_ctx, failed_vars, KeepAsserts::failed);
  CHECK(kinds_and_where(failed) ==
        std::vector<std::string>{"header flow.hurl:4:1 FAIL", "capture flow.hurl:7:1 FAIL", "assert flow.hurl:10:1 FAIL"});
  // The failures carry the same texts either way.
  REQUIRE(failed.size() == 3);
  CHECK(failed[0].expected == all[2].expected);
  CHECK(failed[0].actual == all[2].actual);
  CHECK(failed[2].text == all[6].text);
  CHECK(failed[2].expected == all[6].expected);
  CHECK(failed[2].actual == all[6].actual);
  // A passing capture still sets its variable when its result is not kept.
  REQUIRE(failed_vars.find("id") != nullptr);
  CHECK(failed_vars.find("id")->describe() == all_vars.find("id")->describe());
}
