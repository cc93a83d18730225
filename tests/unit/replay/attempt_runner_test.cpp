#include <catch2/catch.hpp>

#include "core/replay/attempt_runner.hpp"
#include "core/replay/idempotency_key.hpp"
#include "fakes.hpp"

using namespace sonde::replay;
using namespace sonde::replay::fakes;
using namespace std::chrono_literals;
using sonde::FakeClock;
using sonde::net::TransferFailure;

namespace {
Request post() {
  Request r;
  r.method = "POST";
  r.url = "http://127.0.0.1:1/orders";
  r.body = R"({"sku":"a"})";
  return r;
}
RetryPolicy no_jitter() {
  RetryPolicy p;
  p.jitter = Jitter::none;
  return p;
}
}  // namespace

TEST_CASE("503 then 200: two attempts, same key and bytes, waits the backoff", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  Request r = post();
  auto key = apply_idempotency_key(r, {}, random);
  REQUIRE(key);
  ScriptedSender sender(clock, {status(503)});
  auto out = run_attempts(r, no_jitter(), sender, clock, random);
  REQUIRE(out.attempts.size() == 2);
  CHECK(out.attempts[0].status == 503);
  CHECK(out.attempts[0].delay == 500ms);
  CHECK(out.attempts[0].reason == "503, backoff none jitter");
  CHECK(out.attempts[1].started == 510ms);
  CHECK(out.response->status == 200);
  REQUIRE(sender.sent.size() == 2);
  CHECK(header_value(sender.sent[0].headers, "Idempotency-Key") == *key);
  CHECK(header_value(sender.sent[1].headers, "Idempotency-Key") == *key);
  CHECK(sender.sent[0].body == sender.sent[1].body);
  CHECK(sender.sent[0].headers.size() == sender.sent[1].headers.size());
}

TEST_CASE("POST without a key is not retried on 503", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  ScriptedSender sender(clock, {status(503)});
  auto out = run_attempts(post(), no_jitter(), sender, clock, random);
  CHECK(out.attempts.size() == 1);
  CHECK(out.response->status == 503);
  CHECK_THAT(out.attempts[0].reason, Catch::Contains("without Idempotency-Key"));
}

TEST_CASE("retries are bounded: --retries 2 means three attempts", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  Request r;
  ScriptedSender sender(clock, {status(500), status(500), status(500), status(500)});
  auto out = run_attempts(r, no_jitter(), sender, clock, random);
  CHECK(out.attempts.size() == 3);
  CHECK(out.attempts[1].delay == 1s);
  CHECK(out.attempts[2].delay == 0s);
  CHECK_THAT(out.attempts[2].reason, Catch::EndsWith("no retries left"));
  CHECK(out.response->status == 500);
}

TEST_CASE("Retry-After longer than the backoff wins and is named", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  Request r;
  ScriptedSender sender(clock, {status(429, {{"Retry-After", "2"}})});
  auto out = run_attempts(r, no_jitter(), sender, clock, random);
  REQUIRE(out.attempts.size() == 2);
  CHECK(out.attempts[0].delay == 2s);
  CHECK(out.attempts[0].reason == "429, Retry-After: 2");
  CHECK(out.attempts[1].started == 2010ms);
}

TEST_CASE("a backoff longer than Retry-After wins", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  Request r;
  RetryPolicy p = no_jitter();
  p.throttle_base = 3s;
  ScriptedSender sender(clock, {status(429, {{"Retry-After", "1"}})});
  auto out = run_attempts(r, p, sender, clock, random);
  CHECK(out.attempts[0].delay == 3s);
  CHECK(out.attempts[0].reason == "429, backoff none jitter");
}

TEST_CASE("a wait past the deadline stops and says so, without sleeping", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  Request r;
  RetryPolicy p = no_jitter();
  p.deadline = 5s;
  ScriptedSender sender(clock, {status(503, {{"Retry-After", "60"}})});
  auto out = run_attempts(r, p, sender, clock, random);
  CHECK(out.attempts.size() == 1);
  CHECK(out.deadline_hit);
  CHECK_THAT(out.attempts[0].reason, Catch::Contains("would pass the deadline"));
  CHECK(clock.now().time_since_epoch() == 10ms);
}

TEST_CASE("the attempt timeout shrinks to what is left of the deadline", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  Request r;
  RetryPolicy p = no_jitter();
  p.deadline = 3s;
  p.attempt_timeout = 10s;
  ScriptedSender sender(clock, {status(503), status(503)}, 1s);
  auto out = run_attempts(r, p, sender, clock, random);
  REQUIRE(sender.timeouts.size() >= 2);
  CHECK(sender.timeouts[0] == 3s);
  CHECK(sender.timeouts[1] == 1500ms);  // 3 s - 1 s attempt - 0.5 s backoff
}

TEST_CASE("connection refused is retried even for POST without a key", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  ScriptedSender sender(clock, {failure(TransferFailure::connect_refused, "connection refused")});
  auto out = run_attempts(post(), no_jitter(), sender, clock, random);
  REQUIRE(out.attempts.size() == 2);
  CHECK(out.attempts[0].error == "connection refused");
  CHECK_FALSE(out.attempts[0].status);
  CHECK(out.response->status == 200);
  CHECK_FALSE(out.error);
}

TEST_CASE("a reset keyed POST is retried; the last error is kept when nothing answers", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  Request r = post();
  r.headers.push_back({"Idempotency-Key", "k1"});
  auto reset = failure(TransferFailure::connection_reset, "connection reset");
  ScriptedSender sender(clock, {reset, reset, reset});
  auto out = run_attempts(r, no_jitter(), sender, clock, random);
  CHECK(out.attempts.size() == 3);
  CHECK_FALSE(out.response);
  REQUIRE(out.error);
  CHECK(out.idempotency_key == "k1");
}

TEST_CASE("409 is retried only for a keyed request", "[replay]") {
  FakeClock clock;
  FixedRandom random(0.5);
  Request keyed = post();
  keyed.headers.push_back({"Idempotency-Key", "k"});
  ScriptedSender sender(clock, {status(409)});
  CHECK(run_attempts(keyed, no_jitter(), sender, clock, random).attempts.size() == 2);
  Request plain;
  plain.method = "PUT";
  ScriptedSender sender2(clock, {status(409)});
  CHECK(run_attempts(plain, no_jitter(), sender2, clock, random).attempts.size() == 1);
}

TEST_CASE("Idempotency-Key: default for POST/PATCH only, auto, literal, none", "[replay]") {
  FixedRandom random(0.5);
  Request get;
  CHECK_FALSE(apply_idempotency_key(get, {}, random));
  Request get2;
  CHECK(apply_idempotency_key(get2, *parse_key_setting("auto"), random));
  Request p = post();
  auto lit = apply_idempotency_key(p, *parse_key_setting("order-42"), random);
  CHECK(lit == "order-42");
  CHECK(header_value(p.headers, "idempotency-key") == "order-42");
  Request p2 = post();
  CHECK_FALSE(apply_idempotency_key(p2, *parse_key_setting("none"), random));
  CHECK_FALSE(header_value(p2.headers, "Idempotency-Key"));
  CHECK_FALSE(parse_key_setting(""));
}

TEST_CASE("uuid_v4 has the version and variant bits and differs per call", "[replay]") {
  FixedRandom random(0.5);
  std::string a = uuid_v4(random), b = uuid_v4(random);
  REQUIRE(a.size() == 36);
  CHECK(a[14] == '4');
  CHECK(std::string("89ab").find(a[19]) != std::string::npos);
  CHECK(a != b);
}
