#include "core/timing/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace sonde::timing {

namespace {

// Values below 2^11 have a bucket each; above, every power-of-two range [2^k, 2^(k+1)) is cut
// into 1024 equal buckets, so a bucket is at most 1/1024 of its values wide (three significant
// digits). 2^11 µs .. 2^43 µs (about 100 days) takes 32 ranges.
constexpr int k_linear_bits = 11;
constexpr std::int64_t k_linear = std::int64_t{1} << k_linear_bits;  // 2048
constexpr std::int64_t k_half = k_linear / 2;                         // buckets per range
constexpr int k_ranges = 32;
constexpr std::size_t k_buckets = static_cast<std::size_t>(k_linear + k_ranges * k_half);
constexpr std::int64_t k_max_value = (std::int64_t{1} << (k_linear_bits + k_ranges)) - 1;

}  // namespace

Histogram::Histogram() : counts_(k_buckets, 0) {}

std::size_t Histogram::index_of(std::int64_t micros) {
  std::int64_t v = std::clamp<std::int64_t>(micros, 0, k_max_value);
  if (v < k_linear) return static_cast<std::size_t>(v);
  // shift: how far v must move right to land in [1024, 2048).
  int shift = static_cast<int>(std::bit_width(static_cast<std::uint64_t>(v))) - k_linear_bits;
  std::int64_t top = v >> shift;  // in [k_half, k_linear)
  return static_cast<std::size_t>(k_linear + (shift - 1) * k_half + (top - k_half));
}

std::int64_t Histogram::lowest_in(std::size_t index) {
  auto i = static_cast<std::int64_t>(index);
  if (i < k_linear) return i;
  std::int64_t shift = (i - k_linear) / k_half + 1;
  std::int64_t top = (i - k_linear) % k_half + k_half;
  return top << shift;
}

std::int64_t Histogram::highest_in(std::size_t index) {
  auto i = static_cast<std::int64_t>(index);
  if (i < k_linear) return i;
  std::int64_t shift = (i - k_linear) / k_half + 1;
  return lowest_in(index) + (std::int64_t{1} << shift) - 1;
}

void Histogram::record(std::int64_t micros) {
  micros = std::max<std::int64_t>(micros, 0);
  ++counts_[index_of(micros)];
  if (count_ == 0 || micros < min_) min_ = micros;
  max_ = std::max(max_, micros);
  ++count_;
  sum_ += static_cast<std::uint64_t>(micros);
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < k_buckets; ++i) counts_[i] += other.counts_[i];
  min_ = count_ ? std::min(min_, other.min_) : other.min_;
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

std::int64_t Histogram::percentile(double p) const {
  if (count_ == 0) return 0;
  double clamped = std::clamp(p, 0.0, 100.0);
  // The rank of the value asked for, 1-based: p = 0 is the smallest value, p = 100 the largest.
  auto rank = static_cast<std::uint64_t>(std::ceil(clamped / 100.0 * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < k_buckets; ++i) {
    seen += counts_[i];
    // The middle of the bucket: within half a bucket (0.05 %) of the value either way.
    if (seen >= rank) return std::clamp(lowest_in(i) + (highest_in(i) - lowest_in(i)) / 2, min_, max_);
  }
  return max_;
}

std::vector<Histogram::Bucket> Histogram::buckets() const {
  std::vector<Bucket> out;
  for (std::size_t i = 0; i < k_buckets; ++i) {
    if (counts_[i]) out.push_back({lowest_in(i), highest_in(i), counts_[i]});
  }
  return out;
}

}  // namespace sonde::timing
