#include <catch2/catch.hpp>

#include "core/replay/http_date.hpp"
#include "core/replay/server_wait.hpp"

using namespace sonde::replay;
using namespace std::chrono_literals;
using SysTime = std::chrono::system_clock::time_point;

namespace {
// 1994-11-06T08:49:37Z
const SysTime k_1994 = SysTime(std::chrono::seconds(784111777));
}  // namespace

TEST_CASE("HTTP-date: all three forms, and garbage is refused", "[replay]") {
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == k_1994);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == k_1994);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == k_1994);
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 PST"));
  CHECK_FALSE(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"));
  CHECK_FALSE(parse_http_date("tomorrow"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing"));
}

TEST_CASE("HTTP-date: years past the clock's range and negative fields are no date (found by fuzzing)", "[replay]") {
  // Year 4052 overflowed system_clock's nanoseconds (signed overflow, caught by UBSan).
  CHECK_FALSE(parse_http_date("Wed, 22 Oct 4052 07:30:00 GMT"));
  CHECK_FALSE(parse_http_date("Sun Nov  6 08:49:37 9999"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 -1:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:-9:37 GMT"));
  CHECK(parse_http_date("Fri, 31 Dec 2200 23:59:59 GMT"));
  CHECK_FALSE(server_requested_wait({{"Date", "Wed, 21 Oct 2026 07:28:00 GMT"},
                                     {"Retry-After", "Wed, 22 Oct 4052 07:30:00 GMT"}}, k_1994));
}

TEST_CASE("second counts past the clock's range are no wait (found by fuzzing)", "[replay]") {
  // An epoch of 17,800,000,200 overflowed system_clock's nanoseconds (UBSan).
  CHECK_FALSE(server_requested_wait({{"X-RateLimit-Reset", "17800000200"}}, k_1994));
  CHECK_FALSE(server_requested_wait({{"Retry-After", "99999999999999"}}, k_1994));
  CHECK_FALSE(server_requested_wait({{"RateLimit", "\"default\";r=0;t=99999999999999"}}, k_1994));
  CHECK(server_requested_wait({{"X-RateLimit-Reset", "784111787"}}, k_1994));
}

TEST_CASE("Retry-After delta-seconds", "[replay]") {
  auto w = server_requested_wait({{"retry-after", " 2 "}}, k_1994);
  REQUIRE(w);
  CHECK(w->wait == 2s);
  CHECK(w->source == "Retry-After: 2");
  CHECK_FALSE(server_requested_wait({{"Retry-After", "-1"}}, k_1994));
  CHECK_FALSE(server_requested_wait({{"Retry-After", "2.5"}}, k_1994));
}

TEST_CASE("Retry-After HTTP-date is measured against the response's Date, not our clock", "[replay]") {
  Headers h{{"Date", "Sun, 06 Nov 1994 08:49:37 GMT"}, {"Retry-After", "Sun, 06 Nov 1994 08:49:40 GMT"}};
  // Our wall clock is an hour off; the server's Date keeps the answer at 3 s.
  auto w = server_requested_wait(h, k_1994 + 1h);
  REQUIRE(w);
  CHECK(w->wait == 3s);
}

TEST_CASE("Retry-After HTTP-date without Date uses our wall clock; the past means 0", "[replay]") {
  Headers h{{"Retry-After", "Sun, 06 Nov 1994 08:49:40 GMT"}};
  CHECK(server_requested_wait(h, k_1994)->wait == 3s);
  CHECK(server_requested_wait(h, k_1994 + 10s)->wait == 0s);
}

TEST_CASE("RateLimit t=, RateLimit-Reset, X-RateLimit-Reset epoch and delta", "[replay]") {
  CHECK(server_requested_wait({{"RateLimit", "\"default\";r=0;t=7"}}, k_1994)->wait == 7s);
  CHECK(server_requested_wait({{"RateLimit-Reset", "4"}}, k_1994)->wait == 4s);
  const SysTime t2023(std::chrono::seconds(1'700'000'000));
  auto epoch = server_requested_wait({{"X-RateLimit-Reset", "1700000005"}}, t2023);
  REQUIRE(epoch);
  CHECK(epoch->wait == 5s);
  CHECK(server_requested_wait({{"X-RateLimit-Reset", "12"}}, k_1994)->wait == 12s);
  CHECK_FALSE(server_requested_wait({{"X-RateLimit-Remaining", "0"}}, k_1994));
}

TEST_CASE("Retry-After wins over the rate-limit fields", "[replay]") {
  auto w = server_requested_wait({{"X-RateLimit-Reset", "9"}, {"Retry-After", "1"}}, k_1994);
  REQUIRE(w);
  CHECK(w->source == "Retry-After: 1");
}
