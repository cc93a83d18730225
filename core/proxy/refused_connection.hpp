#pragma once
/// A connection past the proxy's connection limit (core/proxy/proxy_server.hpp): answered 503 at
/// once, its side closed, then what the client still sends is read and dropped until the client
/// closes or a deadline passes. Closing over bytes still arriving sends a reset, which can destroy
/// the 503 before the client reads it: a client that sends its whole body before reading (most
/// do) would see "connection reset" instead of "busy". The server keeps only a few of these at once.
#include <chrono>
#include <cstdint>

#include "core/proxy/event_loop.hpp"

namespace sonde::proxy {

class RefusedConnection final : public Watcher {
 public:
  using Clock = std::chrono::steady_clock;
  /// Sends the 503 on `fd` (taken over) and starts lingering on `loop` until `until`.
  RefusedConnection(EventLoop& loop, int fd, Clock::time_point until);
  ~RefusedConnection() override;
  RefusedConnection(const RefusedConnection&) = delete;
  RefusedConnection& operator=(const RefusedConnection&) = delete;

  void ready(std::uint32_t events) override;
  /// The client closed, the socket failed or the deadline passed: it can be deleted.
  bool over(Clock::time_point now) const { return closed_ || now >= until_; }

  /// Sends the 503 and closes at once, reading only what already arrived (no loop to linger on).
  static void refuse_now(int fd);

 private:
  EventLoop& loop_;
  int fd_;
  Clock::time_point until_;
  bool closed_ = false;
};

}  // namespace sonde::proxy
