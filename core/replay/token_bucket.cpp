#include "core/replay/token_bucket.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sonde::replay {

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
    : interval_(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(1.0 / per_second))),
      slack_(std::chrono::duration_cast<Duration>(interval_ * std::max(0.0, burst - 1))),
      clock_(clock) {}

Duration TokenBucket::reserve() {
  std::lock_guard lock(mutex_);
  const auto now = clock_.now();
  // A bucket that has been idle refills up to `burst` tokens, never more.
  auto slot = next_free_ ? std::max(*next_free_, now - slack_) : now - slack_;
  next_free_ = slot + interval_;
  return slot > now ? std::chrono::duration_cast<Duration>(slot - now) : Duration{0};
}

}  // namespace sonde::replay
