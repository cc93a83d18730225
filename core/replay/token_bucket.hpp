#pragma once
/// Client-side rate limit (`--rate 20/s`): a token bucket that hands out reservations, so callers
/// on several threads are spaced 1/rate apart (with a burst of `burst` tokens). Thread-safe.
#include <mutex>
#include <optional>
#include <string_view>

#include "core/replay/retry_policy.hpp"
#include "core/util/clock.hpp"

namespace sonde::replay {

/// "20/s", "300/m", "1000/h" or a bare number (per second) -> requests per second.
std::optional<double> parse_rate(std::string_view text);

class TokenBucket {
 public:
  TokenBucket(double per_second, double burst, Clock& clock);
  /// Takes one token and returns how long the caller must wait before using it (0 when one is
  /// available now).
  Duration reserve();

 private:
  Duration interval_;
  Duration slack_;  ///< how far behind now the next free slot may lag: (burst - 1) intervals
  Clock& clock_;
  std::mutex mutex_;
  std::optional<Clock::time_point> next_free_;
};

}  // namespace sonde::replay
