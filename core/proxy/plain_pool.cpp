#include "core/proxy/plain_pool.hpp"

#include <unistd.h>

#include <algorithm>

#include "core/proxy/plain_upstream.hpp"

namespace sonde::proxy {

namespace {

// Kept-alive connections per loop. Idle ones never outnumber the exchanges once under way at
// the same time (each was in use), so they stay within the descriptors max_connections keeps.
constexpr std::size_t k_max_idle = 256;
constexpr std::chrono::seconds k_max_idle_age{118};  // libcurl's CURLOPT_MAXAGE_CONN

}  // namespace

void PlainConnection::close_now() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void PlainConnection::ready(std::uint32_t events) {
  if (user != nullptr) return user->ready(events);
  pool_.drop(this);  // readable while idle: the upstream closed it (or sent what nobody asked)
}

PlainUpstreamPool::~PlainUpstreamPool() {
  while (!idle_.empty()) {
    close(std::move(idle_.back().connection));
    idle_.pop_back();
  }
}

std::unique_ptr<PlainConnection> PlainUpstreamPool::take(const std::string& authority) {
  const auto now = std::chrono::steady_clock::now();
  while (true) {
    auto it = std::find_if(idle_.rbegin(), idle_.rend(), [&](const Idle& idle) { return idle.authority == authority; });
    if (it == idle_.rend()) return nullptr;
    const bool stale = now - it->since > k_max_idle_age || loop_.pending(it->connection.get());
    std::unique_ptr<PlainConnection> connection = std::move(it->connection);
    idle_.erase(std::next(it).base());
    if (!stale) return connection;
    close(std::move(connection));
  }
}

void PlainUpstreamPool::give(const std::string& authority, std::unique_ptr<PlainConnection> connection) {
  connection->user = nullptr;
  if (connection->watching != EPOLLIN) {
    if (!loop_.watch(connection->fd(), EPOLLIN, connection.get())) return close(std::move(connection));
    connection->watching = EPOLLIN;
  }
  if (idle_.size() >= k_max_idle) {
    close(std::move(idle_.front().connection));
    idle_.erase(idle_.begin());
  }
  idle_.push_back(Idle{authority, std::move(connection), std::chrono::steady_clock::now()});
}

void PlainUpstreamPool::close(std::unique_ptr<PlainConnection> connection) {
  if (!connection) return;
  if (connection->watching != 0) loop_.unwatch(connection->fd());
  connection->user = nullptr;
  connection->close_now();  // the upstream sees it closed at once
  loop_.retire(std::move(connection));  // an event already fetched for it is not handed out
}

void PlainUpstreamPool::drop(PlainConnection* connection) {
  auto it = std::find_if(idle_.begin(), idle_.end(), [connection](const Idle& idle) {
    return idle.connection.get() == connection;
  });
  if (it == idle_.end()) return;
  close(std::move(it->connection));
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
