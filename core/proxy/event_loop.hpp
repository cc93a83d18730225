#pragma once
/// A minimal epoll loop for the proxy's server (core/proxy/proxy_server.hpp): descriptors are
/// watched on behalf of a Watcher, whose ready() runs on the loop's thread. Watchers that go away
/// while a batch of events is being handed out are retired, not deleted, until the batch ends, so
/// an event already fetched for them never reaches freed memory.
#include <sys/epoll.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::proxy {

class Watcher {
 public:
  virtual ~Watcher() = default;
  /// `events`: EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP as epoll reported them.
  virtual void ready(std::uint32_t events) = 0;
  bool retired = false;  ///< set by EventLoop::retire: no more events are handed to it
};

class EventLoop {
 public:
  static Result<std::unique_ptr<EventLoop>> create();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  /// Watches `fd` for `events` (EPOLLIN, EPOLLOUT) on behalf of `watcher`; again to change them
  /// (not with EPOLLEXCLUSIVE: unwatch first).
  bool watch(int fd, std::uint32_t events, Watcher* watcher);
  void unwatch(int fd);
  /// `watcher` gets no more events and is deleted once the current batch is handed out.
  void retire(std::unique_ptr<Watcher> watcher);

  /// Waits up to `timeout` for events and hands them out; returns false when waiting failed.
  bool run_once(std::chrono::milliseconds timeout);
  /// Makes a run_once() in progress return (from any thread).
  void wake();
  /// Whether the batch being handed out still holds an event for `watcher` (false between
  /// batches). A kept-alive connection with one pending was closed, or spoken on, while idle.
  bool pending(const Watcher* watcher) const;

 private:
  EventLoop(int epoll, int wake) : epoll_(epoll), wake_(wake) {}
  int epoll_;
  int wake_;  ///< an eventfd, watched with a null watcher
  std::vector<std::unique_ptr<Watcher>> retired_;
  std::vector<epoll_event> events_ = std::vector<epoll_event>(256);
  std::size_t handing_ = 0;  ///< the event being handed out
  std::size_t batch_ = 0;    ///< events in the batch being handed out (0 between batches)
};

}  // namespace sonde::proxy
