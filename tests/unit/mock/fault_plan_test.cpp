#include <catch2/catch.hpp>

#include "core/mock/fault_plan.hpp"
#include "core/mock/idempotency_store.hpp"
#include "core/util/token_bucket.hpp"

using namespace sonde::mock;
using std::chrono::milliseconds;

TEST_CASE("durations: sonde's one syntax, a bare number is seconds", "[mock]") {
  CHECK(*parse_duration("50ms") == milliseconds(50));
  CHECK(*parse_duration("1.5s") == milliseconds(1500));
  CHECK(*parse_duration("2m") == milliseconds(120000));
  CHECK(*parse_duration("200us") == milliseconds(1));  // rounds up: never less delay than asked
  // The one duration syntax of sonde (core/util/duration.hpp): a bare number is seconds.
  CHECK(*parse_duration("250ms") == milliseconds(250));
  CHECK(*parse_duration("2") == milliseconds(2000));
  CHECK(*parse_duration("0") == milliseconds(0));
  CHECK(parse_latency("1.5s..2m")->max == milliseconds(120000));
  CHECK(parse_latency("1..2")->min == milliseconds(1000));
  CHECK_FALSE(parse_duration("ms"));
  CHECK_FALSE(parse_duration("-5ms"));
  CHECK(parse_duration("fast").error().kind == sonde::ErrorKind::usage);
}

TEST_CASE("latency is fixed or a range", "[mock]") {
  auto fixed = parse_latency("50ms");
  REQUIRE(fixed);
  CHECK(fixed->min == fixed->max);
  auto range = parse_latency("50ms..200ms");
  REQUIRE(range);
  CHECK(range->min == milliseconds(50));
  CHECK(range->max == milliseconds(200));
  CHECK_FALSE(parse_latency("200ms..50ms"));
}

TEST_CASE("fail rate, rate limit and probabilities", "[mock]") {
  CHECK(parse_fail_rate("0.2:502")->status == 502);
  CHECK(parse_fail_rate("0.2")->status == 503);
  CHECK_FALSE(parse_fail_rate("1.5:503"));
  CHECK_FALSE(parse_fail_rate("0.2:99"));
  CHECK(parse_rate_limit("5/s")->per_second == Approx(5.0));
  CHECK(parse_rate_limit("300/m")->per_second == Approx(5.0));
  CHECK(parse_rate_limit("36/h")->per_second == Approx(0.01));
  CHECK_FALSE(parse_rate_limit("5/d"));
  CHECK_FALSE(parse_rate_limit("fast"));
}

TEST_CASE("drawn faults follow the plan's probabilities", "[mock]") {
  FaultPlan plan;
  plan.latency = {milliseconds(10), milliseconds(20)};
  plan.fail = {0.25, 503};
  std::mt19937_64 random(42);
  int failures = 0;
  for (int i = 0; i < 4000; ++i) {
    auto d = draw(plan, random);
    CHECK(d.delay >= milliseconds(10));
    CHECK(d.delay <= milliseconds(20));
    failures += d.fail_status.has_value();
    CHECK_FALSE(d.reset);
  }
  CHECK(failures > 850);  // 1000 expected; the bounds are > 5 standard deviations wide
  CHECK(failures < 1150);
}

TEST_CASE("token bucket refills with time and says how long to wait", "[mock]") {
  auto clock = std::make_shared<sonde::FakeClock>();
  sonde::TokenBucket bucket(2.0, 2.0, *clock);
  sonde::Clock::duration wait{};
  CHECK(bucket.remaining() == 2);
  CHECK(bucket.try_take(wait));
  CHECK(bucket.try_take(wait));
  CHECK(bucket.remaining() == 0);
  CHECK_FALSE(bucket.try_take(wait));
  CHECK(wait == milliseconds(500));
  clock->advance(milliseconds(500));
  CHECK(bucket.remaining() == 1);
  CHECK(bucket.try_take(wait));
  CHECK(bucket.remaining() == 0);
  clock->advance(std::chrono::seconds(60));
  CHECK(bucket.remaining() == 2);  // never more than the burst
}

TEST_CASE("idempotency store: replay, mismatch, in-flight conflict", "[mock]") {
  IdempotencyStore store(IdempotencyMode::correct);
  CHECK(store.begin("POST /orders", "k1", "fp-a").kind == Admission::Kind::proceed);
  CHECK(store.begin("POST /orders", "k1", "fp-a").kind == Admission::Kind::conflict_in_flight);
  store.complete("POST /orders", "k1", {201, {{"Location", "/orders/1"}}, "{\"id\":1}"});
  auto replay = store.begin("POST /orders", "k1", "fp-a");
  REQUIRE(replay.kind == Admission::Kind::replay);
  CHECK(replay.stored->status == 201);
  CHECK(replay.stored->body == "{\"id\":1}");
  CHECK(store.begin("POST /orders", "k1", "fp-b").kind == Admission::Kind::mismatch);
  CHECK(store.begin("POST /payments", "k1", "fp-b").kind == Admission::Kind::proceed);  // scoped
}

TEST_CASE("idempotency store: the broken and off modes imitate failing servers", "[mock]") {
  IdempotencyStore broken(IdempotencyMode::broken);
  CHECK(broken.begin("s", "k", "a").kind == Admission::Kind::proceed);
  CHECK(broken.begin("s", "k", "a").kind == Admission::Kind::proceed);  // no in-flight lock
  broken.complete("s", "k", {201, {}, "x"});
  CHECK(broken.begin("s", "k", "other body").kind == Admission::Kind::replay);  // no fingerprint
  IdempotencyStore off(IdempotencyMode::off);
  CHECK(off.begin("s", "k", "a").kind == Admission::Kind::proceed);
  off.complete("s", "k", {201, {}, "x"});
  CHECK(off.begin("s", "k", "a").kind == Admission::Kind::proceed);
}
