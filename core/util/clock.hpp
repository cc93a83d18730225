#pragma once
/// An injectable clock, so retry and deadline logic can be tested without real sleeping.
#include <chrono>
#include <memory>

namespace sonde {

class Clock {
 public:
  using duration = std::chrono::steady_clock::duration;
  using time_point = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  /// Monotonic now.
  virtual time_point now() const = 0;
  /// Wall-clock now (for HTTP-date arithmetic).
  virtual std::chrono::system_clock::time_point wall_now() const = 0;
  /// Blocks (or, in a fake, advances time) for `d`.
  virtual void sleep_for(duration d) = 0;
};

/// The real clock: steady_clock, system_clock and std::this_thread::sleep_for.
std::shared_ptr<Clock> system_clock();

/// A clock that only moves when told to; sleep_for advances it instantly.
class FakeClock final : public Clock {
 public:
  time_point now() const override { return now_; }
  std::chrono::system_clock::time_point wall_now() const override { return wall_; }
  void sleep_for(duration d) override { advance(d); }
  void advance(duration d) {
    now_ += d;
    wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(d);
  }
  void set_wall(std::chrono::system_clock::time_point t) { wall_ = t; }

 private:
  time_point now_{};
  std::chrono::system_clock::time_point wall_{};
};

}  // namespace sonde
