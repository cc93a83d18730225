#include "core/proxy/plain_pool.hpp"

#include <unistd.h>

#include <algorithm>

#include "core/proxy/plain_upstream.hpp"

namespace sonde::proxy {

namespace {

constexpr std::size_t k_max_idle = 32;  // kept-alive connections per loop

}  // namespace

// An idle connection waits here; readable means the upstream closed it (or sent what nobody asked).
class PlainUpstreamPool::IdleWatch final : public Watcher {
 public:
  IdleWatch(PlainUpstreamPool& pool, int fd) : pool_(pool), fd_(fd) {}
  void ready(std::uint32_t) override { pool_.drop(fd_); }

 private:
  PlainUpstreamPool& pool_;
  int fd_;
};

PlainUpstreamPool::~PlainUpstreamPool() {
  for (auto& idle : idle_) {
    loop_.unwatch(idle.fd);
    ::close(idle.fd);
    loop_.retire(std::move(idle.watch));
  }
}

int PlainUpstreamPool::take(const std::string& authority) {
  for (auto it = idle_.rbegin(); it != idle_.rend(); ++it) {
    if (it->authority != authority) continue;
    const int fd = it->fd;
    loop_.retire(std::move(it->watch));  // an event already fetched for it is not handed out
    idle_.erase(std::next(it).base());
    return fd;
  }
  return -1;
}

void PlainUpstreamPool::give(const std::string& authority, int fd) {
  if (idle_.size() >= k_max_idle) {
    Idle& oldest = idle_.front();
    loop_.unwatch(oldest.fd);
    ::close(oldest.fd);
    loop_.retire(std::move(oldest.watch));
    idle_.erase(idle_.begin());
  }
  auto watch = std::make_unique<IdleWatch>(*this, fd);
  if (!loop_.watch(fd, EPOLLIN, watch.get())) {
    ::close(fd);
    return;
  }
  idle_.push_back(Idle{authority, fd, std::move(watch)});
}

void PlainUpstreamPool::drop(int fd) {
  auto it = std::find_if(idle_.begin(), idle_.end(), [fd](const Idle& idle) { return idle.fd == fd; });
  if (it == idle_.end()) return;
  loop_.unwatch(fd);
  ::close(fd);
  loop_.retire(std::move(it->watch));
  idle_.erase(it);
}

void PlainUpstreamPool::defer(PlainTransfer* transfer) {
  if (std::find(deferred_.begin(), deferred_.end(), transfer) == deferred_.end()) deferred_.push_back(transfer);
}

void PlainUpstreamPool::forget(PlainTransfer* transfer) {
  std::erase(deferred_, transfer);
  std::replace(running_.begin(), running_.end(), transfer, static_cast<PlainTransfer*>(nullptr));
}

void PlainUpstreamPool::run_deferred() {
  running_.swap(deferred_);
  // A turn may end an exchange, and its listener may destroy other exchanges' owners' state,
  // never another exchange: a destroyed one is nulled here by forget().
  for (std::size_t i = 0; i < running_.size(); ++i) {
    if (PlainTransfer* transfer = running_[i]) transfer->turn();
  }
  running_.clear();
}

}  // namespace sonde::proxy
