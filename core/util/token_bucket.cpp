#include "core/util/token_bucket.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sonde {

std::optional<double> parse_rate(std::string_view text) {
  double count = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (ec != std::errc{} || !std::isfinite(count) || count <= 0) return std::nullopt;
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (unit.empty() || unit == "/s") return count;
  if (unit == "/m") return count / 60;
  if (unit == "/h") return count / 3600;
  return std::nullopt;
}

TokenBucket::TokenBucket(double per_second, double burst, Clock& clock)
    : interval_(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / per_second))),
      slack_(std::chrono::duration_cast<Clock::duration>(interval_ * std::max(0.0, burst - 1))),
      burst_(std::max(1.0, burst)),
      clock_(clock) {}

// The bucket is kept as the time of the next free slot (a "virtual scheduling" form): an idle
// bucket refills up to `burst` tokens, never more.
Clock::time_point TokenBucket::next_slot(Clock::time_point now) const {
  return next_free_ ? std::max(*next_free_, now - slack_) : now - slack_;
}

Clock::duration TokenBucket::reserve() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  auto slot = next_slot(now);
  next_free_ = slot + interval_;
  return slot > now ? slot - now : Clock::duration{0};
}

bool TokenBucket::try_take(Clock::duration& wait) {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  auto slot = next_slot(now);
  if (slot > now) {
    wait = slot - now;
    return false;
  }
  next_free_ = slot + interval_;
  wait = Clock::duration{0};
  return true;
}

long TokenBucket::remaining() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  double tokens = std::chrono::duration<double>(now + interval_ - next_slot(now)) / interval_;
  return static_cast<long>(std::clamp(std::floor(tokens), 0.0, burst_));
}

}  // namespace sonde
