// The log-linear latency histogram: bucket arithmetic, three significant digits, percentiles
// against an exact computation, merging.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/timing/histogram.hpp"

using sonde::timing::Histogram;

TEST_CASE("buckets tile the range without gaps and stay within 0.1 % of their values", "[timing][histogram]") {
  std::size_t last = 0;
  for (std::int64_t v : {0LL, 1LL, 2047LL, 2048LL, 2049LL, 4095LL, 4096LL, 1'000'000LL, 3'600'000'000LL}) {
    auto i = Histogram::index_of(v);
    INFO(v);
    CHECK(Histogram::lowest_in(i) <= v);
    CHECK(Histogram::highest_in(i) >= v);
    double width = static_cast<double>(Histogram::highest_in(i) - Histogram::lowest_in(i));
    CHECK(width <= std::max(1.0, static_cast<double>(v) / 1000.0));
    CHECK(i >= last);
    last = i;
  }
  // Consecutive buckets meet exactly.
  for (std::size_t i = 2040; i < 6000; ++i) CHECK(Histogram::highest_in(i) + 1 == Histogram::lowest_in(i + 1));
}

TEST_CASE("percentiles agree with the exact order statistic to three digits", "[timing][histogram]") {
  std::mt19937_64 rng(7);
  std::lognormal_distribution<double> latency(std::log(20'000.0), 0.8);  // around 20 ms
  std::vector<std::int64_t> values;
  Histogram h;
  for (int i = 0; i < 100'000; ++i) {
    auto v = static_cast<std::int64_t>(latency(rng));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  for (double p : {50.0, 90.0, 99.0, 99.9}) {
    auto exact = values[static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size()))) - 1];
    INFO(p);
    CHECK(std::abs(static_cast<double>(h.percentile(p) - exact)) <= static_cast<double>(exact) / 1000.0 + 1);
  }
  CHECK(h.percentile(100) == values.back());
  CHECK(h.percentile(0) == values.front());
  CHECK(h.count() == 100'000);
}

TEST_CASE("merging adds counts, keeps extremes; an empty histogram reads as zeros", "[timing][histogram]") {
  Histogram a, b, empty;
  CHECK(empty.percentile(99) == 0);
  CHECK(empty.min() == 0);
  for (int i = 1; i <= 100; ++i) a.record(i);
  b.record(1'000'000);
  a.merge(b);
  a.merge(empty);
  CHECK(a.count() == 101);
  CHECK(a.min() == 1);
  CHECK(a.max() == 1'000'000);
  CHECK(a.percentile(99) == 100);
  CHECK(a.percentile(100) == 1'000'000);
  CHECK(a.buckets().size() == 101);
}
