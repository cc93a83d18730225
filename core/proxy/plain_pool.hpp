#pragma once
/// One proxy loop's kept-alive connections to plain http:// upstreams (core/proxy/plain_upstream.hpp),
/// and its exchanges waiting for a turn outside their own events.
#include <memory>
#include <string>
#include <vector>

#include "core/proxy/event_loop.hpp"

namespace sonde::proxy {

class PlainTransfer;

/// One loop's kept-alive upstream connections, and its exchanges waiting for a turn outside their
/// own events (a failure found while starting, a body resumed).
class PlainUpstreamPool {
 public:
  explicit PlainUpstreamPool(EventLoop& loop) : loop_(loop) {}
  ~PlainUpstreamPool();
  PlainUpstreamPool(const PlainUpstreamPool&) = delete;
  PlainUpstreamPool& operator=(const PlainUpstreamPool&) = delete;

  /// A kept-alive connection to `authority`, or -1. It is no longer watched for the pool.
  int take(const std::string& authority);
  /// Keeps `fd` (its last answer ended cleanly) for the next exchange to `authority`; an upstream
  /// that closes it meanwhile is noticed (it turns readable) and it is closed.
  void give(const std::string& authority, int fd);
  std::size_t idle() const { return idle_.size(); }

  bool has_deferred() const { return !deferred_.empty(); }
  /// Gives each exchange that asked for one its turn (call between event batches).
  void run_deferred();

  EventLoop& loop() { return loop_; }

 private:
  friend class PlainTransfer;
  class IdleWatch;
  struct Idle {
    std::string authority;
    int fd;
    std::unique_ptr<Watcher> watch;
  };
  void defer(PlainTransfer* transfer);
  void forget(PlainTransfer* transfer);
  void drop(int fd);  ///< an idle connection the upstream closed

  EventLoop& loop_;
  std::vector<Idle> idle_;                  ///< the most recently used last
  std::vector<PlainTransfer*> deferred_;    ///< asked for a turn
  std::vector<PlainTransfer*> running_;     ///< the turns being given (null once destroyed)
};

}  // namespace sonde::proxy
