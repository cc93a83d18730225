#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <cerrno>
#include <csignal>
#include <cstring>

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

namespace {

// Adds results numbered from `next` until the spool hands over a chunk to write out.
ResultSpool::Chunk add_until_chunk(ResultSpool& spool, int& next) {
  while (true) {
    if (auto chunk = spool.add_deferring_write(full_result(next++))) return std::move(*chunk);
  }
}

// A spool with two chunks handed out (records numbered from 0; `next` is the next number).
struct TwoChunksOut {
  ResultSpool spool;
  int next = 0;
  ResultSpool::Chunk first, second;
  TwoChunksOut() {
    REQUIRE_FALSE(spool.spill_failure());
    first = add_until_chunk(spool, next);
    second = add_until_chunk(spool, next);
  }
};

// Every result 0..n-1 reads back, in order and whole.
void reads_back_in_order(const ResultSpool& spool, int n) {
  int seen = 0;
  bool whole = true;
  REQUIRE(spool.each_result([&](const ExchangeResult& back) { whole = whole && same(back, full_result(seen++)); }));
  CHECK(seen == n);
  CHECK(whole);
}

// The process may write files up to `bytes` long while it lives (SIGXFSZ ignored: a write past
// it fails with EFBIG, as on a full disk).
struct FileSizeLimit {
  rlimit before{};
  void (*handler)(int) = nullptr;
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &before);
    handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited{bytes, before.rlim_max};
    ::setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, handler);
  }
};

}  // namespace

TEST_CASE("ResultSpool: chunks written outside the caller's lock, in any order, read back in the order added") {
  TwoChunksOut out;
  auto& [spool, next, first, second] = out;
  CHECK(second.offset == first.bytes.size());
  for (int i = 0; i < 10; ++i) spool.add(full_result(next++));  // these stay pending
  // Reading back while a chunk is out would read a hole: refused.
  CHECK_FALSE(spool.each_result([](const ExchangeResult&) {}));
  ResultSpool::write_out(second);  // the later chunk lands first, as a faster thread's would
  spool.written(std::move(second));
  ResultSpool::write_out(first);
  spool.written(std::move(first));
  CHECK_FALSE(spool.spill_failure());
  reads_back_in_order(spool, next);
  CHECK(spool.totals().summary.exchanges == static_cast<std::size_t>(next));
}

TEST_CASE("ResultSpool: a write-out that fails part-way (a full disk) keeps the rest in memory, in its place") {
  TwoChunksOut out;
  auto& [spool, next, first, second] = out;
  {
    // Room for the first chunk and part of the second: the second, written first, stops part-way.
    FileSizeLimit limit(first.bytes.size() + second.bytes.size() / 3);
    ResultSpool::write_out(second);
    CHECK(second.error == EFBIG);
    CHECK(second.offset > first.bytes.size());  // part of it reached the file
    spool.written(std::move(second));
    ResultSpool::write_out(first);
    CHECK(first.error == 0);
    spool.written(std::move(first));
  }
  REQUIRE(spool.spill_failure());
  CHECK(spool.spill_failure()->message.find("cannot grow (File too large)") != std::string::npos);
  // What follows stays in memory: no more chunks.
  for (int i = 0; i < 2000; ++i) CHECK_FALSE(spool.add_deferring_write(full_result(next++)));
  CHECK(spool.bytes_in_memory() > (std::size_t{256} << 10));
  reads_back_in_order(spool, next);
}

TEST_CASE("ResultSpool: add() on a full disk loses nothing") {
  ResultSpool spool;
  REQUIRE_FALSE(spool.spill_failure());
  int next = 0;
  {
    FileSizeLimit limit(std::size_t{300} << 10);
    for (; next < 3000;) spool.add(full_result(next++));
  }
  REQUIRE(spool.spill_failure());
  reads_back_in_order(spool, next);
}

TEST_CASE("ResultSpool: a write-out cut inside a record's header, on its edge or in its payload reads back whole") {
  // The cut lands in the second record of the second chunk: past its kind byte (inside the
  // length), right at its start, and inside its payload.
  for (std::size_t into_record : {std::size_t{4}, std::size_t{0}, std::size_t{1 + 8 + 7}}) {
    TwoChunksOut out;
    auto& [spool, next, first, second] = out;
    std::uint64_t payload = 0;
    std::memcpy(&payload, second.bytes.data() + 1, sizeof payload);
    const std::size_t cut = static_cast<std::size_t>(1 + 8 + payload) + into_record;
    const std::size_t first_size = first.bytes.size();  // write_out leaves only what it could not write
    {
      FileSizeLimit limit(first_size + cut);
      ResultSpool::write_out(first);
      ResultSpool::write_out(second);
    }
    CHECK(first.error == 0);
    CHECK(second.error == EFBIG);
    CHECK(second.offset == first_size + cut);
    spool.written(std::move(first));
    spool.written(std::move(second));
    for (int i = 0; i < 50; ++i) spool.add(full_result(next++));
    reads_back_in_order(spool, next);
  }
}
