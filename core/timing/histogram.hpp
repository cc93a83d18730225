#pragma once
/// A latency histogram in the manner of HdrHistogram: log-linear buckets that keep three
/// significant digits over any range (1 µs to hours) in fixed memory, so a load run records every
/// request without keeping them. Debian packages no HdrHistogram_c; this is the small part of it
/// sonde needs (record, merge, percentiles, buckets).
#include <cstdint>
#include <vector>

namespace sonde::timing {

class Histogram {
 public:
  Histogram();

  /// Records one value in microseconds (negative values count as 0).
  void record(std::int64_t micros);
  void merge(const Histogram& other);

  std::uint64_t count() const { return count_; }
  std::int64_t min() const { return count_ ? min_ : 0; }
  std::int64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0; }

  /// The smallest recorded value v such that p % of the values are <= v, reported as the middle
  /// of its bucket (within 0.05 % of the value), kept within [min(), max()]; 0 when empty.
  std::int64_t percentile(double p) const;

  struct Bucket {
    std::int64_t from, to;  ///< microseconds, inclusive
    std::uint64_t count;
  };
  /// The non-empty buckets, in order.
  std::vector<Bucket> buckets() const;

  /// Bucket index of a value, and the range a bucket covers (exposed for tests).
  static std::size_t index_of(std::int64_t micros);
  static std::int64_t lowest_in(std::size_t index);
  static std::int64_t highest_in(std::size_t index);

 private:
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::int64_t min_ = 0, max_ = 0;
  std::uint64_t sum_ = 0;
};

}  // namespace sonde::timing
