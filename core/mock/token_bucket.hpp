#pragma once
/// A token bucket: `rate` tokens per second, at most `burst` saved up. Used by the mock's
/// --rate-limit; time comes from an injectable Clock so tests never sleep.
#include <chrono>
#include <memory>
#include <mutex>

#include "core/util/clock.hpp"

namespace sonde::mock {

class TokenBucket {
 public:
  TokenBucket(double rate_per_second, double burst, std::shared_ptr<Clock> clock);

  /// Takes one token if there is one. Otherwise returns false and sets `wait` to the time until
  /// the next token (what Retry-After and RateLimit-Reset announce).
  bool try_take(std::chrono::milliseconds& wait);

  /// Tokens left now, rounded down (for the RateLimit-Remaining header).
  long remaining();

  double burst() const { return burst_; }

 private:
  void refill();
  double rate_;
  double burst_;
  double tokens_;
  std::shared_ptr<Clock> clock_;
  Clock::time_point last_;
  std::mutex mutex_;
};

}  // namespace sonde::mock
