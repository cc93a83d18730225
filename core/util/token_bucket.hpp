#pragma once
/// A token bucket for rates such as "20/s": `per_second` tokens a second, up to `burst` saved up.
/// Used by replay's client-side --rate (callers reserve a slot and wait for it) and by the mock's
/// --rate-limit (a request either takes a token now or learns how long until the next one).
/// Time comes from an injectable Clock, so tests never sleep. Thread-safe.
#include <mutex>
#include <optional>
#include <string_view>

#include "core/util/clock.hpp"

namespace sonde {

/// "20/s", "300/m", "1000/h" or a bare number (per second) → requests per second; nullopt when
/// malformed or not positive.
std::optional<double> parse_rate(std::string_view text);

class TokenBucket {
 public:
  TokenBucket(double per_second, double burst, Clock& clock);

  /// Takes one token and returns how long the caller must wait before using it (0 when one is
  /// available now).
  Clock::duration reserve();

  /// Takes one token only if one is available now; otherwise sets `wait` to the time until the
  /// next one (what Retry-After announces) and returns false.
  bool try_take(Clock::duration& wait);

  /// Whole tokens available now (for a RateLimit-Remaining header).
  long remaining();

  double burst() const { return burst_; }

 private:
  Clock::time_point next_slot(Clock::time_point now) const;
  Clock::duration interval_;
  Clock::duration slack_;  ///< how far behind now the next free slot may lag: (burst - 1) intervals
  double burst_;
  Clock& clock_;
  std::mutex mutex_;
  std::optional<Clock::time_point> next_free_;
};

}  // namespace sonde
