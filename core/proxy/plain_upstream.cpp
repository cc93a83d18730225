#include "core/proxy/plain_upstream.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/proxy/response_head.hpp"

namespace sonde::proxy {

namespace {

constexpr std::size_t k_plain_read_size = 64 * 1024;
constexpr std::size_t k_upload_slice = 256 * 1024;  // of a streamed body, framed and sent at a time

char* plain_read_buffer() {
  thread_local char buffer[k_plain_read_size];
  return buffer;
}

}  // namespace

PlainTransfer::PlainTransfer(PlainUpstreamPool& pool, Listener& listener, const mock::MockRequest& request,
                             std::string url, PlainRoute route, std::optional<StreamedUpload> streamed)
    : UpstreamExchange(listener, std::move(url)), pool_(pool), route_(std::move(route)), method_(request.method) {
  streamed_ = streamed.has_value() && request.method != "HEAD";
  const auto length = streamed ? streamed->length : std::optional<std::uint64_t>(request.body.size());
  const UploadFraming framing = upload_framing(request, streamed_, length);
  request_head_ = plain_request_head(request, route_, framing, length.value_or(0));
  if (!streamed_ && framing == UploadFraming::length) held_body_ = request.body;  // read in place
  chunked_upload_ = framing == UploadFraming::chunked;
  upload_done_ = !streamed_;
  try {
    if (open() && !connecting_) send_out();
  } catch (...) {
    fail(net::TransferFailure::other, "out of memory");
  }
  if (done_) {
    pool_.defer(this);  // on_done must not come while the listener is still creating this exchange
  } else {
    rewatch();
  }
}

PlainTransfer::~PlainTransfer() {
  pool_.forget(this);
  close_socket();
}

void PlainTransfer::close_socket() { pool_.close(std::move(connection_)); }

bool PlainTransfer::open() {
  if ((connection_ = pool_.take(route_.authority))) {
    connection_->user = this;
    reused_ = true;
    return true;
  }
  connect_from(0);
  return !done_;
}

void PlainTransfer::connect_from(std::size_t endpoint) {
  int last_error = refused_ ? ECONNREFUSED : 0;
  for (endpoint_ = endpoint; endpoint_ < route_.endpoints.size(); ++endpoint_) {
    const PlainEndpoint& to = route_.endpoints[endpoint_];
    const int fd = ::socket(to.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      last_error = errno;
      continue;
    }
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);  // a head and a body: no waiting for acks
    const bool at_once = ::connect(fd, reinterpret_cast<const sockaddr*>(&to.address), to.length) == 0;
    if (at_once || errno == EINPROGRESS) {
      connection_ = std::make_unique<PlainConnection>(pool_, fd);
      connection_->user = this;
      connecting_ = !at_once;
      reused_ = false;
      return;
    }
    last_error = errno;
    refused_ = refused_ || last_error == ECONNREFUSED;
    ::close(fd);
  }
  // localhost's ::1 may be missing where IPv6 is off: a refusal on 127.0.0.1 is what to say.
  if (refused_) return fail(net::TransferFailure::connect_refused, "connection refused");
  fail(net::TransferFailure::other, std::string("cannot connect (") + std::strerror(last_error) + ")");
}

void PlainTransfer::connect_done() {
  int error = 0;
  socklen_t size = sizeof error;
  if (::getsockopt(connection_->fd(), SOL_SOCKET, SO_ERROR, &error, &size) != 0) error = errno;
  if (error == 0) {
    connecting_ = false;
    return send_out();
  }
  close_socket();
  refused_ = refused_ || error == ECONNREFUSED;
  const std::size_t next = endpoint_ + 1;
  if (next < route_.endpoints.size()) return connect_from(next);
  if (refused_) return fail(net::TransferFailure::connect_refused, "connection refused");
  fail(net::TransferFailure::other, std::string("cannot connect (") + std::strerror(error) + ")");
}

void PlainTransfer::ready(std::uint32_t events) {
  if (done_ || !connection_) return;
  try {
    step(events);
  } catch (...) {
    fail(net::TransferFailure::other, "out of memory");  // this exchange ends, not the loop
  }
  settle();
}

void PlainTransfer::step(std::uint32_t events) {
  if (connecting_) {
    if (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) connect_done();
    if (connecting_ || done_) return;
  } else if (events & EPOLLOUT) {
    send_out();
  }
  if (body_paused_ && (events & (EPOLLHUP | EPOLLERR))) {
    // Not read while paused, a hang-up would be reported again on every turn: sending stops,
    // and the read side says how the exchange ended once the client has caught up.
    send_broken_ = true;
  }
  if (!done_ && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !body_paused_) read_in();
}

void PlainTransfer::turn() {
  try {
    if (!done_ && resume_asked_) {
      resume_asked_ = false;
      body_paused_ = false;
      std::string part = std::move(paused_part_);
      paused_part_ = std::string();
      if (listener_.on_body(*this, part)) {
        pump();
      } else {
        paused_part_ = std::move(part);
        body_paused_ = true;
      }
    }
  } catch (...) {
    fail(net::TransferFailure::other, "out of memory");
  }
  settle();
}

void PlainTransfer::settle() {
  if (!done_) return rewatch();
  if (told_) return;
  told_ = true;
  std::optional<Error> failure = std::move(failure_);
  listener_.on_done(*this, std::move(failure));  // may destroy this exchange: nothing follows
}

void PlainTransfer::resume_body() {
  if (!body_paused_ || done_ || resume_asked_) return;
  resume_asked_ = true;
  pool_.defer(this);
}

void PlainTransfer::upload_more() {
  if (!streamed_) return upload_.take(upload_.pending());  // a body HEAD does not send: dropped
  if (done_ || !connection_ || connecting_) return;
  send_out();
  if (!done_) rewatch();
}

std::string_view PlainTransfer::unsent() const {
  if (head_sent_ < request_head_.size()) return std::string_view(request_head_).substr(head_sent_);
  if (body_sent_ < held_body_.size()) return held_body_.substr(body_sent_);
  return std::string_view(out_).substr(out_sent_);
}

void PlainTransfer::sent(std::size_t n) {
  if (head_sent_ < request_head_.size()) {
    head_sent_ += n;
  } else if (body_sent_ < held_body_.size()) {
    body_sent_ += n;
  } else {
    out_sent_ += n;
    upload_taken_at_ = Clock::now();
  }
}

void PlainTransfer::send_out() {
  bool drained = false;
  while (!send_broken_) {
    // The head and a held body (kept for a retry: sent again as they are), then a streamed
    // body's parts as they are fed.
    std::string_view pending = unsent();
    if (pending.empty()) {
      out_.clear();
      out_sent_ = 0;
      const bool had_upload = upload_.pending() > 0;
      if (!refill()) break;
      drained = drained || (had_upload && upload_.pending() == 0 && !upload_.ended());
      pending = unsent();
    }
    const ssize_t n = ::send(connection_->fd(), pending.data(), pending.size(), MSG_NOSIGNAL);
    if (n > 0) {
      sent(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    // The upstream closed or reset: what it answered (a refusal, often) is read next; the read
    // side says how the exchange ends.
    send_broken_ = true;
    out_.clear();
    out_sent_ = 0;
  }
  if (drained) listener_.on_upload_drained(*this);
}

bool PlainTransfer::refill() {
  if (!streamed_ || upload_done_) return false;
  // A slice at a time: what waits in the upload buffer is what the upstream has not taken yet,
  // which is what the proxy's connection measures before reading more of the client's body.
  const std::string_view pending = upload_.pending_bytes().substr(0, k_upload_slice);
  if (!pending.empty()) {
    if (chunked_upload_) {
      append_chunk(out_, pending);
    } else {
      out_.append(pending);
    }
    upload_.take(pending.size());
    upload_started_ = true;
    return true;
  }
  if (!upload_.ended()) return false;
  upload_done_ = true;
  if (chunked_upload_) out_.append(k_last_chunk);
  return !out_.empty();
}

void PlainTransfer::read_in() {
  char* buffer = plain_read_buffer();
  // A few reads a turn: a fast upstream does not starve the loop's other connections (the
  // level-triggered watch brings the rest next turn).
  for (int round = 0; round < 4 && !done_ && !body_paused_; ++round) {
    const ssize_t n = ::recv(connection_->fd(), buffer, k_plain_read_size, 0);
    if (n > 0) {
      reader_.append(std::string_view(buffer, static_cast<std::size_t>(n)));
      pump();
      // A short read drained the socket: the next recv would only say EAGAIN.
      if (static_cast<std::size_t>(n) < k_plain_read_size) break;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return at_end_of_input(n == 0 ? 0 : errno);
  }
}

void PlainTransfer::pump() {
  while (!done_ && !body_paused_) {
    switch (reader_.next()) {
      case AnswerReader::Event::more: return;
      case AnswerReader::Event::head: listener_.on_head(*this); break;
      case AnswerReader::Event::body:
        if (!listener_.on_body(*this, reader_.part())) {
          paused_part_.assign(reader_.part());  // offered again once resumed
          body_paused_ = true;
        }
        break;
      case AnswerReader::Event::end: return complete();
      case AnswerReader::Event::failed: return fail(reader_.failure(), reader_.why());
    }
  }
}

void PlainTransfer::at_end_of_input(int error) {
  // A kept-alive connection the upstream closed as it was reused: the request goes again on a
  // new one, once, when nothing of the answer came and all of the request can be sent again.
  if (!reader_.heard() && reused_ && !retried_ && !upload_started_) return retry();
  close_socket();
  if (reader_.closed(error) == AnswerReader::Event::end) return complete();
  fail(reader_.failure(), reader_.why());
}

void PlainTransfer::retry() {
  retried_ = true;
  close_socket();
  head_sent_ = body_sent_ = 0;
  out_.clear();
  out_sent_ = 0;
  if (streamed_) upload_done_ = false;  // nothing of it was taken: its end (an empty body's) goes again
  send_broken_ = false;
  head_ = AnswerHead{};
  reader_ = AnswerReader(method_, head_);
  connect_from(0);
  if (!done_ && !connecting_) send_out();
}

void PlainTransfer::complete() {
  done_ = true;
  const bool reusable = connection_ && reader_.reusable() && upload_done_ && !send_broken_ &&
                        unsent().empty();
  if (reusable) {
    pool_.give(route_.authority, std::move(connection_));
  } else {
    close_socket();
  }
}

void PlainTransfer::fail(net::TransferFailure failure, std::string message) {
  done_ = true;
  close_socket();
  failure_ = net::to_error(net::TransferError{failure, std::move(message)}, shown_url());
}

void PlainTransfer::rewatch() {
  if (!connection_ || done_) return;
  std::uint32_t wanted = 0;
  if (!body_paused_ && !connecting_) wanted |= EPOLLIN;
  const bool more_to_send = !unsent().empty() ||
                            (streamed_ && !upload_done_ && (upload_.pending() > 0 || upload_.ended()));
  if (connecting_ || (more_to_send && !send_broken_)) wanted |= EPOLLOUT;
  if (wanted == connection_->watching) return;
  if (wanted == 0) {
    // Paused with nothing to send: out of the set, or a hang-up would be reported on every turn.
    pool_.loop().unwatch(connection_->fd());
    connection_->watching = 0;
    return;
  }
  if (!pool_.loop().watch(connection_->fd(), wanted, connection_.get())) {
    fail(net::TransferFailure::other, std::string("cannot watch the connection (") + std::strerror(errno) + ")");
    pool_.defer(this);
    return;
  }
  connection_->watching = wanted;
}

}  // namespace sonde::proxy
