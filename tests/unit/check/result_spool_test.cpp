#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/check/result_spool.hpp"

using namespace sonde::check;

namespace {

ExchangeResult full_result(int i) {
  ExchangeResult r;
  r.operation = "GET /pets/{id}";
  r.method = "GET";
  r.url = "http://127.0.0.1/pets/" + std::to_string(i);
  r.status = 200 + i % 3;
  r.violations.push_back({"body", "/name", "#/components/schemas/Pet/properties/name/type", "petstore.yaml:40:11",
                          "type", "expected a string", "string", std::string("7 \x01\xff (integer)")});
  r.omitted = 2;
  r.masked = 1;
  r.note = "a note";
  r.response_key = "2XX";
  r.time_ms = 1.25 + i;
  return r;
}

bool same(const ExchangeResult& a, const ExchangeResult& b) {
  if (a.violations.size() != b.violations.size()) return false;
  for (std::size_t i = 0; i < a.violations.size(); ++i) {
    const auto &x = a.violations[i], &y = b.violations[i];
    if (std::tie(x.kind, x.pointer, x.schema, x.source, x.keyword, x.message, x.expected, x.actual) !=
        std::tie(y.kind, y.pointer, y.schema, y.source, y.keyword, y.message, y.expected, y.actual)) {
      return false;
    }
  }
  return std::tie(a.operation, a.method, a.url, a.status, a.omitted, a.masked, a.note, a.response_key, a.time_ms) ==
         std::tie(b.operation, b.method, b.url, b.status, b.omitted, b.masked, b.note, b.response_key, b.time_ms);
}

}  // namespace

TEST_CASE("ResultSpool: every field of results and errors reads back, in order, with the totals") {
  ResultSpool spool;
  REQUIRE_FALSE(spool.spill_failure());
  ExchangeResult unmatched;
  unmatched.method = "POST";
  unmatched.url = "http://127.0.0.1/nowhere";
  unmatched.status = -1;
  unmatched.note = "no operation matches POST /nowhere";
  spool.add(full_result(0));
  spool.add(CheckError{"GET /x", "GET", "http://127.0.0.1/x", "connection refused"});
  spool.add(unmatched);
  ExchangeResult passing = full_result(1);
  passing.violations.clear();
  passing.omitted = 0;
  spool.add(passing);

  std::vector<ExchangeResult> back;
  REQUIRE(spool.each_result([&](const ExchangeResult& r) { back.push_back(r); }));
  REQUIRE(back.size() == 3);
  CHECK(same(back[0], full_result(0)));
  CHECK_FALSE(back[1].operation.has_value());
  CHECK(same(back[1], unmatched));
  CHECK(same(back[2], passing));
  std::vector<CheckError> errors;
  REQUIRE(spool.each_error([&](const CheckError& e) { errors.push_back(e); }));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "connection refused");
  CHECK(errors[0].operation == "GET /x");

  const auto t = spool.totals();
  CHECK(t.summary.exchanges == 3);
  CHECK(t.summary.passed == 1);
  CHECK(t.summary.failed == 1);
  CHECK(t.summary.unmatched == 1);
  CHECK(t.summary.errors == 1);
  CHECK(t.time_ms == Approx(1.25 + 2.25));
  CHECK(exit_status(t.summary) == 1);
}

TEST_CASE("ResultSpool: memory stays bounded however many results come; the file holds them") {
  ResultSpool spool;
  REQUIRE_FALSE(spool.spill_failure());
  ExchangeResult r = full_result(0);
  r.violations[0].message = std::string(1000, 'm');
  std::size_t most_in_memory = 0;
  for (int i = 0; i < 20000; ++i) {  // ~21 MB of records
    r.status = i;
    spool.add(r);
    most_in_memory = std::max(most_in_memory, spool.bytes_in_memory());
  }
  CHECK(most_in_memory < (std::size_t{512} << 10));
  int seen = 0;
  bool in_order = true;
  REQUIRE(spool.each_result([&](const ExchangeResult& back) {
    in_order = in_order && back.status == seen && back.violations.at(0).message.size() == 1000;
    ++seen;
  }));
  CHECK(seen == 20000);
  CHECK(in_order);
  // Read twice (one pass per kind of record): the same again.
  int again = 0;
  REQUIRE(spool.each_result([&](const ExchangeResult&) { ++again; }));
  CHECK(again == 20000);
}

TEST_CASE("ResultSpool: with no scratch file to be had, the run is held in memory and nothing is lost") {
  ResultSpool spool("/nonexistent-sonde-folder/inner");
  REQUIRE(spool.spill_failure());
  CHECK(spool.spill_failure()->where == "/nonexistent-sonde-folder/inner");
  CHECK(spool.spill_failure()->message.find("held in memory") != std::string::npos);
  for (int i = 0; i < 3000; ++i) spool.add(full_result(i));
  CHECK(spool.bytes_in_memory() > (std::size_t{512} << 10));
  int seen = 0;
  REQUIRE(spool.each_result([&](const ExchangeResult& back) { CHECK(same(back, full_result(seen++))); }));
  CHECK(seen == 3000);
}
