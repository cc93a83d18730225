#pragma once
/// One proxy loop's kept-alive connections to plain http:// upstreams (core/proxy/plain_upstream.hpp),
/// and its exchanges waiting for a turn outside their own events.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/proxy/event_loop.hpp"

namespace sonde::proxy {

class PlainTransfer;
class PlainUpstreamPool;

/// One connection to an upstream, watched for as long as it is open: its events go to the
/// exchange using it, or, idle in the pool, mean the upstream closed it. The watch stays the same
/// object across exchanges, so handing a kept-alive connection on costs no epoll_ctl.
class PlainConnection final : public Watcher {
 public:
  PlainConnection(PlainUpstreamPool& pool, int fd) : pool_(pool), fd_(fd) {}
  ~PlainConnection() override { close_now(); }
  void ready(std::uint32_t events) override;
  /// Closes the socket now (the object may live on, retired, until the loop's batch ends).
  void close_now();

  int fd() const { return fd_; }
  PlainTransfer* user = nullptr;  ///< the exchange using it; null while idle
  std::uint32_t watching = 0;     ///< the events the loop watches it for (0: not in the loop)

 private:
  PlainUpstreamPool& pool_;
  int fd_;
};

/// One loop's kept-alive upstream connections, and its exchanges waiting for a turn outside their
/// own events (a failure found while starting, a body resumed).
class PlainUpstreamPool {
 public:
  explicit PlainUpstreamPool(EventLoop& loop) : loop_(loop) {}
  ~PlainUpstreamPool();
  PlainUpstreamPool(const PlainUpstreamPool&) = delete;
  PlainUpstreamPool& operator=(const PlainUpstreamPool&) = delete;

  /// A kept-alive connection to `authority`, or null. One idle for longer than libcurl keeps them
  /// (118 s: a NAT or firewall may have forgotten it silently) or with an event waiting in the
  /// loop's current batch (closed, or spoken on, while idle) is closed instead.
  std::unique_ptr<PlainConnection> take(const std::string& authority);
  /// Keeps `connection` (its last answer ended cleanly) for the next exchange to `authority`,
  /// watched for reading: an upstream that closes it meanwhile is noticed, and it is closed.
  void give(const std::string& authority, std::unique_ptr<PlainConnection> connection);
  /// Closes a connection: out of the loop, deleted once the loop's current batch is handed out.
  void close(std::unique_ptr<PlainConnection> connection);
  std::size_t idle() const { return idle_.size(); }

  bool has_deferred() const { return !deferred_.empty(); }
  /// Gives each exchange that asked for one its turn (call between event batches).
  void run_deferred();

  EventLoop& loop() { return loop_; }

 private:
  friend class PlainTransfer;
  friend class PlainConnection;
  struct Idle {
    std::string authority;
    std::unique_ptr<PlainConnection> connection;
    std::chrono::steady_clock::time_point since;
  };
  void defer(PlainTransfer* transfer);
  void forget(PlainTransfer* transfer);
  void drop(PlainConnection* connection);  ///< an idle connection the upstream closed

  EventLoop& loop_;
  std::vector<Idle> idle_;                  ///< the most recently used last
  std::vector<PlainTransfer*> deferred_;    ///< asked for a turn
  std::vector<PlainTransfer*> running_;     ///< the turns being given (null once destroyed)
};

}  // namespace sonde::proxy
