#include "core/util/clock.hpp"

#include <thread>

namespace sonde {

namespace {
class SystemClock final : public Clock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
  std::chrono::system_clock::time_point wall_now() const override { return std::chrono::system_clock::now(); }
  void sleep_for(duration d) override { std::this_thread::sleep_for(d); }
};
}  // namespace

std::shared_ptr<Clock> system_clock() {
  static auto clock = std::make_shared<SystemClock>();
  return clock;
}

}  // namespace sonde
