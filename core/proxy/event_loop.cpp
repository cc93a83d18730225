#include "core/proxy/event_loop.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sonde::proxy {

Result<std::unique_ptr<EventLoop>> EventLoop::create() {
  int epoll = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll < 0) return fail(ErrorKind::runtime, std::string("cannot create an event loop: ") + std::strerror(errno), "epoll");
  int wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake < 0) {
    ::close(epoll);
    return fail(ErrorKind::runtime, std::string("cannot create an event loop: ") + std::strerror(errno), "eventfd");
  }
  std::unique_ptr<EventLoop> loop(new EventLoop(epoll, wake));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;
  ::epoll_ctl(epoll, EPOLL_CTL_ADD, wake, &ev);
  return loop;
}

EventLoop::~EventLoop() {
  ::close(wake_);
  ::close(epoll_);
}

bool EventLoop::watch(int fd, std::uint32_t events, Watcher* watcher) {
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = watcher;
  // An exclusive wait can only be added, never modified (EINVAL).
  if (events & EPOLLEXCLUSIVE) return ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) == 0;
  if (::epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &ev) == 0) return true;
  return errno == ENOENT && ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) == 0;
}

void EventLoop::unwatch(int fd) { ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr); }

void EventLoop::retire(std::unique_ptr<Watcher> watcher) {
  watcher->retired = true;
  retired_.push_back(std::move(watcher));
}

bool EventLoop::run_once(std::chrono::milliseconds timeout) {
  const int n = ::epoll_wait(epoll_, events_.data(), static_cast<int>(events_.size()), static_cast<int>(timeout.count()));
  if (n < 0) return errno == EINTR;
  batch_ = static_cast<std::size_t>(n);
  for (handing_ = 0; handing_ < batch_; ++handing_) {
    auto* watcher = static_cast<Watcher*>(events_[handing_].data.ptr);
    if (watcher == nullptr) {
      std::uint64_t count = 0;
      [[maybe_unused]] auto r = ::read(wake_, &count, sizeof count);
      continue;
    }
    if (!watcher->retired) watcher->ready(events_[handing_].events);
  }
  batch_ = handing_ = 0;
  retired_.clear();
  return true;
}

bool EventLoop::pending(const Watcher* watcher) const {
  for (std::size_t i = handing_ + 1; i < batch_; ++i) {
    if (events_[i].data.ptr == watcher) return true;
  }
  return false;
}

void EventLoop::wake() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto r = ::write(wake_, &one, sizeof one);
}

}  // namespace sonde::proxy
