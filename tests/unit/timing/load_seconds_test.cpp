// The per-second view of a load run merged across worker threads.
#include <catch2/catch.hpp>

#include "core/timing/load_seconds.hpp"

using namespace sonde::timing;
using detail::SecondsCollector;
using detail::SecondWindow;

namespace {
SecondWindow window(int second, std::uint64_t failed, std::vector<std::int64_t> latencies) {
  SecondWindow w;
  w.second = second;
  w.completed = latencies.size();
  w.failed = failed;
  w.latencies = std::move(latencies);
  return w;
}
}  // namespace

TEST_CASE("a second is reported once every worker handed it over, merged and in order", "[timing][load]") {
  std::vector<int> reported;
  SecondsCollector c(2, [&](const LoadSecond& s) { reported.push_back(s.second); });
  c.hand_over(window(0, 0, {10, 20}));
  c.hand_over(window(1, 1, {30}));
  CHECK(reported.empty());  // the second worker has handed over nothing yet
  c.hand_over(window(0, 1, {40, 50, 60}));
  CHECK(reported == std::vector<int>{0});
  c.hand_over(window(1, 0, {}));
  c.hand_over(window(2, 0, {}));  // a trailing second nobody answered in
  auto seconds = c.finish();
  REQUIRE(seconds.size() == 2);
  CHECK(reported == std::vector<int>{0, 1});
  CHECK(seconds[0].completed == 5);
  CHECK(seconds[0].failed == 1);
  CHECK(seconds[0].p50_us == 40);  // the 3rd of 10, 20, 40, 50, 60
  CHECK(seconds[0].p99_us == 60);
  CHECK(seconds[1].completed == 1);
  CHECK(seconds[1].failed == 1);
}

TEST_CASE("a second one worker never finished still counts at the end", "[timing][load]") {
  SecondsCollector c(2, {});
  c.hand_over(window(0, 0, {5}));
  c.hand_over(window(0, 0, {7}));
  c.hand_over(window(1, 0, {9}));  // the other worker stopped inside second 0's successor
  auto seconds = c.finish();
  REQUIRE(seconds.size() == 2);
  CHECK(seconds[1].completed == 1);
}
