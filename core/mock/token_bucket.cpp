#include "core/mock/token_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace sonde::mock {

TokenBucket::TokenBucket(double rate_per_second, double burst, std::shared_ptr<Clock> clock)
    : rate_(rate_per_second), burst_(std::max(1.0, burst)), tokens_(burst_), clock_(std::move(clock)),
      last_(clock_->now()) {}

void TokenBucket::refill() {
  auto now = clock_->now();
  double elapsed = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  tokens_ = std::min(burst_, tokens_ + elapsed * rate_);
}

bool TokenBucket::try_take(std::chrono::milliseconds& wait) {
  std::lock_guard lock(mutex_);
  refill();
  if (tokens_ >= 1.0) {
    tokens_ -= 1.0;
    wait = std::chrono::milliseconds(0);
    return true;
  }
  double seconds = rate_ > 0 ? (1.0 - tokens_) / rate_ : 3600.0;
  wait = std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000.0)));
  return false;
}

long TokenBucket::remaining() {
  std::lock_guard lock(mutex_);
  refill();
  return static_cast<long>(std::floor(tokens_));
}

}  // namespace sonde::mock
