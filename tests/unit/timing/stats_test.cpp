#include <catch2/catch.hpp>

#include "core/timing/stats.hpp"

using namespace sonde::timing;

TEST_CASE("percentiles interpolate between closest ranks", "[timing][stats]") {
  std::vector<double> v{15, 20, 35, 40, 50};
  CHECK(percentile(v, 0) == Approx(15));
  CHECK(percentile(v, 50) == Approx(35));
  CHECK(percentile(v, 90) == Approx(46));
  CHECK(percentile(v, 100) == Approx(50));
  CHECK(percentile({7}, 99) == Approx(7));
  CHECK(percentile({}, 50) == 0.0);
  CHECK(percentile({3, 1, 2}, 50) == Approx(2));  // unsorted input
}

TEST_CASE("summary has min, percentiles, max, mean and population stddev", "[timing][stats]") {
  Stats s = summarize({2, 4, 4, 4, 5, 5, 7, 9});
  CHECK(s.count == 8);
  CHECK(s.min == 2);
  CHECK(s.max == 9);
  CHECK(s.mean == Approx(5));
  CHECK(s.stddev == Approx(2));
  CHECK(s.p50 == Approx(4.5));
  CHECK(s.p99 == Approx(8.86));
}

TEST_CASE("per-phase summaries and statistic lookup by name", "[timing][stats]") {
  Phases a, b;
  a.wait = 10;
  a.total = 12;
  b.wait = 30;
  b.total = 32;
  auto summary = summarize_phases({a, b});
  CHECK(summary.at("wait").p50 == Approx(20));
  CHECK(summary.at("total").max == Approx(32));
  CHECK(summary.count("queue") == 1);
  CHECK(stat_value(summary.at("wait"), "p90").value() == Approx(28));
  CHECK_FALSE(stat_value(summary.at("wait"), "p95").has_value());
}
