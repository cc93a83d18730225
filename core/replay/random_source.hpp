#pragma once
/// An injectable source of randomness, so jitter and generated keys are reproducible in tests.
#include <cstdint>
#include <memory>

namespace sonde::replay {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  /// 64 uniformly random bits.
  virtual std::uint64_t bits() = 0;
  /// A uniform value in [0, 1).
  virtual double unit() = 0;
  /// A uniform value in [lo, hi) (lo when hi <= lo).
  double uniform(double lo, double hi) { return hi <= lo ? lo : lo + unit() * (hi - lo); }
};

/// A std::mt19937_64 seeded from std::random_device.
std::unique_ptr<RandomSource> system_random();

}  // namespace sonde::replay
