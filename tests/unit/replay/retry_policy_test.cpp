#include <catch2/catch.hpp>

#include "core/replay/retry_policy.hpp"
#include "fakes.hpp"

using namespace sonde::replay;
using namespace std::chrono_literals;
using sonde::net::TransferFailure;

TEST_CASE("retryable statuses are exactly 408 429 500 502 503 504, and 409 only with a key", "[replay]") {
  for (int s : {408, 429, 500, 502, 503, 504}) CHECK(retryable_status(s, false));
  for (int s : {400, 401, 403, 404, 405, 409, 410, 422, 501, 505}) CHECK_FALSE(retryable_status(s, false));
  CHECK(retryable_status(409, true));
}

TEST_CASE("4xx other than 408/429 is never retried, whatever the method", "[replay]") {
  for (const char* m : {"GET", "PUT", "POST"}) {
    auto d = decide_retry({404, TransferFailure::none}, m, true, true);
    CHECK_FALSE(d.retry);
    CHECK(d.reason == "404 (a 4xx is not retried)");
  }
}

TEST_CASE("POST and PATCH are retried only with a key, when never sent, or forced", "[replay]") {
  AttemptOutcome s503{503, TransferFailure::none};
  CHECK(decide_retry(s503, "GET", false, false).retry);
  CHECK(decide_retry(s503, "DELETE", false, false).retry);
  CHECK_FALSE(decide_retry(s503, "POST", false, false).retry);
  CHECK_FALSE(decide_retry(s503, "PATCH", false, false).retry);
  CHECK(decide_retry(s503, "POST", true, false).retry);
  CHECK(decide_retry(s503, "POST", false, true).retry);
  AttemptOutcome refused{std::nullopt, TransferFailure::connect_refused};
  CHECK(decide_retry(refused, "POST", false, false).retry);
  AttemptOutcome reset{std::nullopt, TransferFailure::connection_reset};
  CHECK_FALSE(decide_retry(reset, "POST", false, false).retry);
  CHECK(decide_retry(reset, "POST", true, false).retry);
}

TEST_CASE("failures that will not heal are not retried", "[replay]") {
  for (auto f : {TransferFailure::resolve, TransferFailure::tls_expired, TransferFailure::tls_untrusted,
                 TransferFailure::tls_hostname, TransferFailure::other}) {
    CHECK_FALSE(decide_retry({std::nullopt, f}, "GET", true, true).retry);
  }
  CHECK(decide_retry({std::nullopt, TransferFailure::connect_timeout}, "GET", false, false).retry);
  CHECK(decide_retry({std::nullopt, TransferFailure::timeout}, "GET", false, false).retry);
}

TEST_CASE("429 uses the throttling base", "[replay]") {
  CHECK(decide_retry({429, TransferFailure::none}, "GET", false, false).throttled);
  CHECK_FALSE(decide_retry({503, TransferFailure::none}, "GET", false, false).throttled);
}

TEST_CASE("jitter names round-trip", "[replay]") {
  for (auto name : {"full", "equal", "decorrelated", "none"}) CHECK(jitter_name(*parse_jitter(name)) == name);
  CHECK_FALSE(parse_jitter("fullish"));
}

TEST_CASE("backoff formulas follow the AWS jitter definitions", "[replay]") {
  fakes::FixedRandom half(0.5);
  const Duration base = 500ms, cap = 20s;
  SECTION("none doubles and caps") {
    CHECK(backoff_delay(Jitter::none, 0, base, cap, {}, half) == 500ms);
    CHECK(backoff_delay(Jitter::none, 3, base, cap, {}, half) == 4s);
    CHECK(backoff_delay(Jitter::none, 10, base, cap, {}, half) == 20s);
    CHECK(backoff_delay(Jitter::none, 500, base, cap, {}, half) == 20s);
  }
  SECTION("full is random(0, exp)") {
    CHECK(backoff_delay(Jitter::full, 2, base, cap, {}, half) == 1s);
    fakes::FixedRandom zero(0.0);
    CHECK(backoff_delay(Jitter::full, 2, base, cap, {}, zero) == 0s);
  }
  SECTION("equal is exp/2 + random(0, exp/2)") {
    fakes::FixedRandom zero(0.0);
    CHECK(backoff_delay(Jitter::equal, 2, base, cap, {}, zero) == 1s);
    CHECK(backoff_delay(Jitter::equal, 2, base, cap, {}, half) == 1500ms);
  }
  SECTION("decorrelated is min(cap, random(base, 3*previous))") {
    CHECK(backoff_delay(Jitter::decorrelated, 0, base, cap, {}, half) == 1s);  // (0.5 + 1.5) / 2
    CHECK(backoff_delay(Jitter::decorrelated, 1, base, cap, 2s, half) == 3250ms);
    fakes::FixedRandom almost_one(0.999999);
    CHECK(backoff_delay(Jitter::decorrelated, 5, base, cap, 15s, almost_one) == 20s);
  }
}
