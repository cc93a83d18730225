#include "core/proxy/refused_connection.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "core/mock/problem.hpp"
#include "core/proxy/response_head.hpp"

namespace sonde::proxy {

namespace {

void send_busy(int fd) {
  const auto response = mock::problem_response(503, "Service Unavailable", "the proxy is serving as many connections as it can");
  std::string out;
  append_response_head(out, response.status, response.headers, ResponseFraming::length, response.body.size(),
                       ConnectionField::close);
  out += response.body;
  // A fresh socket's send buffer takes it whole; if not, the client gets what fitted.
  [[maybe_unused]] auto sent = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

// Reads and drops up to `rounds` buffers of what has arrived; false once the client closed or the
// socket failed (nothing more will come).
bool drop_arrived(int fd, int rounds) {
  char scratch[16 * 1024];
  for (int round = 0; round < rounds; ++round) {
    const ssize_t n = ::recv(fd, scratch, sizeof scratch, MSG_DONTWAIT);
    if (n > 0) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return true;
    return false;
  }
  return true;
}

}  // namespace

RefusedConnection::RefusedConnection(EventLoop& loop, int fd, Clock::time_point until)
    : loop_(loop), fd_(fd), until_(until) {
  send_busy(fd_);
  ::shutdown(fd_, SHUT_WR);
  closed_ = !drop_arrived(fd_, 16) || !loop_.watch(fd_, EPOLLIN, this);
}

RefusedConnection::~RefusedConnection() {
  loop_.unwatch(fd_);
  ::close(fd_);
}

void RefusedConnection::ready(std::uint32_t) {
  // A bounded helping per event (level-triggered: the rest comes with the next turn of the loop).
  if (!closed_ && !drop_arrived(fd_, 16)) {
    closed_ = true;
    loop_.unwatch(fd_);
  }
}

void RefusedConnection::refuse_now(int fd) {
  send_busy(fd);
  // What already arrived is read first (at most 256 KiB, so a client that keeps sending does not
  // hold the loop): closing over unread bytes sends a reset at once.
  drop_arrived(fd, 16);
  ::shutdown(fd, SHUT_WR);
  ::close(fd);
}

}  // namespace sonde::proxy
