#pragma once
// Test doubles for the replay engine: a scripted sender and a fixed random source.
#include <deque>
#include <vector>

#include "core/replay/random_source.hpp"
#include "core/replay/sender.hpp"
#include "core/util/clock.hpp"

namespace sonde::replay::fakes {

/// Returns `fraction` from unit() and a fixed pattern from bits().
class FixedRandom final : public RandomSource {
 public:
  explicit FixedRandom(double fraction) : fraction_(fraction) {}
  std::uint64_t bits() override { return 0x0123456789abcdefULL + (counter_++); }
  double unit() override { return fraction_; }

 private:
  double fraction_;
  std::uint64_t counter_ = 0;
};

/// Plays back scripted results; each send takes `latency` on the fake clock and records the
/// request and timeout it got.
class ScriptedSender final : public Sender {
 public:
  ScriptedSender(FakeClock& clock, std::deque<SendResult> script, Duration latency = std::chrono::milliseconds(10))
      : clock_(clock), script_(std::move(script)), latency_(latency) {}
  SendResult send(const Request& request, Duration timeout) override {
    sent.push_back(request);
    timeouts.push_back(timeout);
    clock_.advance(latency_);
    if (script_.empty()) return Response{200, "HTTP/1.1 200 OK", {}, "done"};
    SendResult next = script_.front();
    script_.pop_front();
    return next;
  }
  std::vector<Request> sent;
  std::vector<Duration> timeouts;

 private:
  FakeClock& clock_;
  std::deque<SendResult> script_;
  Duration latency_;
};

inline Response status(int code, Headers headers = {}) {
  return Response{code, "HTTP/1.1 " + std::to_string(code), std::move(headers), ""};
}

inline SendResult failure(net::TransferFailure f, std::string message) {
  return std::unexpected(net::TransferError{f, std::move(message)});
}

}  // namespace sonde::replay::fakes
