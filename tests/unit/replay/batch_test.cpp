#include <catch2/catch.hpp>

#include "core/replay/batch_runner.hpp"
#include "core/replay/host_guard.hpp"
#include "core/replay/token_bucket.hpp"
#include "fakes.hpp"

using namespace sonde::replay;
using namespace sonde::replay::fakes;
using namespace std::chrono_literals;
using sonde::FakeClock;

TEST_CASE("rate: N/s, N/m, N/h and bare numbers", "[replay][batch]") {
  CHECK(parse_rate("20/s") == 20.0);
  CHECK(parse_rate("20") == 20.0);
  CHECK(parse_rate("120/m") == 2.0);
  CHECK(parse_rate("3600/h") == 1.0);
  CHECK_FALSE(parse_rate("0/s"));
  CHECK_FALSE(parse_rate("20/d"));
  CHECK_FALSE(parse_rate("fast"));
}

TEST_CASE("token bucket spaces reservations 1/rate apart and refills only up to the burst", "[replay][batch]") {
  FakeClock clock;
  TokenBucket bucket(4.0, 1.0, clock);
  CHECK(bucket.reserve() == 0ms);
  CHECK(bucket.reserve() == 250ms);
  CHECK(bucket.reserve() == 500ms);
  clock.advance(10s);  // idle: one token, not forty
  CHECK(bucket.reserve() == 0ms);
  CHECK(bucket.reserve() == 250ms);
  TokenBucket burst(1.0, 3.0, clock);
  CHECK(burst.reserve() == 0ms);
  CHECK(burst.reserve() == 0ms);
  CHECK(burst.reserve() == 0ms);
  CHECK(burst.reserve() == 1s);
}

TEST_CASE("host_of keeps host and port, drops credentials and path", "[replay][batch]") {
  CHECK(host_of("http://u:p@api.test:8080/a?b") == "api.test:8080");
  CHECK(host_of("https://[::1]:443/") == "[::1]:443");
  CHECK(host_of("api.test/x") == "api.test");
}

TEST_CASE("retry budget: a floor of retries plus a share of first attempts", "[replay][batch]") {
  FakeClock clock;
  HostGuard guard({50, 1, 0, 1s}, clock);
  for (int i = 0; i < 4; ++i) CHECK_FALSE(guard.may_send("a", false));
  // 1 + 50% of 4 = 3 retries
  CHECK_FALSE(guard.may_send("a", true));
  CHECK_FALSE(guard.may_send("a", true));
  CHECK_FALSE(guard.may_send("a", true));
  auto spent = guard.may_send("a", true);
  REQUIRE(spent);
  CHECK_THAT(*spent, Catch::Contains("retry budget for a spent"));
  CHECK_FALSE(guard.may_send("b", true));  // other hosts have their own budget
}

TEST_CASE("circuit breaker: opens after K failures, one half-open probe, closes on success", "[replay][batch]") {
  FakeClock clock;
  HostGuard guard({20, 10, 3, 5s}, clock);
  for (int i = 0; i < 3; ++i) {
    REQUIRE_FALSE(guard.may_send("h", false));
    guard.record("h", true);
  }
  auto open = guard.may_send("h", false);
  REQUIRE(open);
  CHECK_THAT(*open, Catch::Contains("circuit open after 3"));
  clock.advance(5s);
  CHECK_FALSE(guard.may_send("h", false));  // the probe
  CHECK(guard.may_send("h", false));        // others wait for it
  guard.record("h", true);                  // probe failed: open again
  CHECK(guard.may_send("h", false));
  clock.advance(5s);
  CHECK_FALSE(guard.may_send("h", false));
  guard.record("h", false);                 // probe succeeded: closed
  CHECK_FALSE(guard.may_send("h", false));
  CHECK_FALSE(guard.may_send("h", false));
}

TEST_CASE("batch: breaker stops later requests to a failing host without sending them", "[replay][batch]") {
  FakeClock clock;
  FixedRandom random(0.0);
  std::deque<SendResult> script;
  for (int i = 0; i < 10; ++i) script.push_back(status(503));
  ScriptedSender sender(clock, script);
  std::vector<Request> requests(5);
  for (auto& r : requests) r.url = "http://down.test/x";
  RetryPolicy policy;
  policy.retries = 0;
  BatchOptions options;
  options.guard.breaker_threshold = 2;
  auto outcomes = run_batch(requests, policy, options, sender, clock, random);
  REQUIRE(outcomes.size() == 5);
  CHECK(sender.sent.size() == 2);
  CHECK(outcomes[1].response->status == 503);
  CHECK_FALSE(outcomes[2].response);
  CHECK_THAT(outcomes[2].attempts.at(0).reason, Catch::Contains("circuit open"));
}

TEST_CASE("batch: the rate limit delays attempts on the clock", "[replay][batch]") {
  FakeClock clock;
  FixedRandom random(0.0);
  ScriptedSender sender(clock, {}, 0ms);
  std::vector<Request> requests(3);
  BatchOptions options;
  options.rate_per_second = 2.0;
  auto outcomes = run_batch(requests, RetryPolicy{}, options, sender, clock, random);
  CHECK(clock.now().time_since_epoch() == 1s);  // 0, 0.5 s, 1 s
  CHECK(outcomes[2].response->status == 200);
}

TEST_CASE("batch: --batch-deadline bounds the whole batch on the clock", "[replay][batch]") {
  FakeClock clock;
  FixedRandom random(0.0);
  ScriptedSender sender(clock, {}, 400ms);  // every request takes 400 ms
  std::vector<Request> requests(5);
  for (std::size_t i = 0; i < requests.size(); ++i) requests[i].url = "http://a.test/" + std::to_string(i);
  BatchOptions options;
  options.deadline = 1s;
  auto outcomes = run_batch(requests, RetryPolicy{}, options, sender, clock, random);
  // Requests start at 0, 400 and 800 ms; the fourth would start at 1.2 s, past the deadline.
  CHECK(sender.sent.size() == 3);
  CHECK(sender.timeouts.at(2) == 200ms);  // the third gets only what is left of the batch
  REQUIRE(outcomes.size() == 5);
  CHECK(outcomes[2].response);
  for (std::size_t i : {3u, 4u}) {
    CHECK_FALSE(outcomes[i].response);
    CHECK(outcomes[i].deadline_hit);
    CHECK_THAT(outcomes[i].error->message, Catch::Contains("batch deadline"));
  }
}

TEST_CASE("batch: without --batch-deadline each request keeps its own deadline", "[replay][batch]") {
  FakeClock clock;
  FixedRandom random(0.0);
  ScriptedSender sender(clock, {}, 400ms);
  std::vector<Request> requests(5);
  auto outcomes = run_batch(requests, RetryPolicy{}, BatchOptions{}, sender, clock, random);
  CHECK(sender.sent.size() == 5);
}

TEST_CASE("batch: a wait for the rate limit that passes the deadline sends nothing", "[replay][batch]") {
  FakeClock clock;
  FixedRandom random(0.0);
  ScriptedSender sender(clock, {}, 0ms);
  std::vector<Request> requests(4);
  BatchOptions options;
  options.rate_per_second = 1.0;
  options.deadline = 1500ms;
  auto outcomes = run_batch(requests, RetryPolicy{}, options, sender, clock, random);
  CHECK(sender.sent.size() == 2);  // at 0 s and 1 s; the third's token comes at 2 s, past 1.5 s
  CHECK_FALSE(outcomes[2].response);
  CHECK(outcomes[2].deadline_hit);
  CHECK_THAT(outcomes[2].error->message, Catch::Contains("rate limit"));
}
