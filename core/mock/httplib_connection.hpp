#pragma once
/// Module-only (included by httplib_module.cpp, which alone sees httplib.h): one client connection
/// as cpp-httplib's Stream, plain or TLS, on a non-blocking socket, with deadlines that httplib
/// 0.11 lacks. Its own read timeout applies per read, so a client sending a header line every
/// second (slowloris) held a worker forever; here the whole head must arrive within head_timeout
/// and the body within body_timeout, and waits give up when the server stops.
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sonde::mock::connection {

using Clock = std::chrono::steady_clock;

struct Limits {
  std::chrono::milliseconds head_timeout{5000};
  std::chrono::milliseconds body_timeout{30000};
  std::chrono::milliseconds read_timeout{5000};   ///< one read of the body
  std::chrono::milliseconds write_timeout{5000};  ///< one write
  std::size_t max_head = 64 * 1024;               ///< request line and headers, bytes
  /// Request body bytes as they come on the wire (chunk framing included). httplib bounds a body
  /// with a Content-Length (413 before reading it), but reads a chunked one whole, however large.
  std::size_t max_body = 64u << 20;
};

class Connection final : public httplib::Stream {
 public:
  enum class Failure { none, timeout, head_too_large, body_too_large, stopped };

  /// `server_socket` turns invalid when the server stops; waits check it.
  Connection(int fd, const Limits& limits, const std::atomic<::socket_t>& server_socket)
      : fd_(fd), limits_(limits), server_socket_(server_socket) {
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    max_body_ = limits_.max_body;
  }
  ~Connection() override { close(false); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Bytes read off the socket before this connection took it over (at most the buffer's 16 KiB):
  /// read first.
  bool preload(std::string_view bytes) {
    if (bytes.size() > buffer_.size() - end_) return false;
    std::copy(bytes.begin(), bytes.end(), buffer_.begin() + static_cast<std::ptrdiff_t>(end_));
    end_ += bytes.size();
    return true;
  }

  /// TLS server handshake, within `deadline`.
  bool start_tls(SSL_CTX* ctx, Clock::time_point deadline) {
    ssl_ = SSL_new(ctx);
    if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) return false;
    SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    for (;;) {
      int r = SSL_accept(ssl_);
      if (r == 1) return true;
      short events = want(SSL_get_error(ssl_, r));
      if (events == 0 || wait(events, deadline) != Wait::ready) return false;
    }
  }

  /// Waits until the next request's first byte is here (true) or `deadline` passes.
  bool wait_for_request(Clock::time_point deadline) {
    if (!flush()) return false;
    if (buffered() || (ssl_ && SSL_pending(ssl_) > 0)) return true;
    if (wait(POLLIN, deadline) != Wait::ready) return false;
    // A TLS record may carry no application data (a close_notify, a session ticket ack).
    if (ssl_) return fill(deadline) > 0;
    return true;
  }

  /// The head of a request starts now (or started at `start`): its deadline begins.
  void begin_request(Clock::time_point start) {
    head_done_ = false;
    head_bytes_ = 0;
    head_text_.clear();
    no_body_ = false;
    body_bytes_ = 0;
    max_body_ = limits_.max_body;
    tail_ = 0;
    deadline_ = start + limits_.head_timeout;
    unknown_method_.clear();
  }

  /// The current request's method when httplib does not know it (PROPFIND, QUERY, MKCOL...): it
  /// was handed to httplib as POST (see disguise_unknown_method), and is empty otherwise.
  const std::string& unknown_method() const { return unknown_method_; }

  Failure failure() const { return failure_; }

  /// The current request's body may not pass `bytes` (a request the server holds whole, where
  /// others on the connection may stream).
  void limit_body(std::size_t bytes) { max_body_ = std::min(max_body_, bytes); }

  /// Whether the connection starts with the HTTP/2 connection preface (RFC 9113 section 3.4: a
  /// client speaking h2c with prior knowledge). Reads until the bytes here settle it (the first
  /// request's head deadline applies) and keeps them for whoever reads next.
  bool starts_with_h2_preface(Clock::time_point deadline) {
    static constexpr std::string_view k_preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    for (;;) {
      std::string_view here(buffer_.data() + begin_, end_ - begin_);
      const std::size_t n = std::min(here.size(), k_preface.size());
      if (here.substr(0, n) != k_preface.substr(0, n)) return false;
      if (n == k_preface.size()) return true;
      if (ssl_ || fill_more(deadline) <= 0) return false;
    }
  }

  /// Raw bytes, for a protocol other than httplib's: what is buffered, else what the socket has
  /// once it is readable before `deadline`. >0 bytes; 0 when the peer closed; -1 on an error, a
  /// stop, or nothing before the deadline (then timed_out() is true and the connection stays usable).
  ssize_t read_some(char* ptr, std::size_t size, Clock::time_point deadline) {
    timed_out_ = false;
    if (!buffered()) {
      Wait w = ssl_ ? Wait::ready : wait(POLLIN, deadline);
      if (w == Wait::timeout) timed_out_ = true;
      if (w != Wait::ready) return -1;
      ssize_t n = fill(deadline);
      if (n <= 0) return n;
    }
    std::size_t n = std::min(size, end_ - begin_);
    std::copy_n(buffer_.data() + begin_, n, ptr);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }
  bool timed_out() const { return timed_out_; }
  bool stopping() const { return server_socket_.load() == INVALID_SOCKET; }
  bool close_requested = false;  ///< set by the request handler: close after this response

  /// Writes a complete canned response (timeouts, refusals) and gives up quietly on a slow reader.
  void send_raw(std::string_view response) {
    failure_ = Failure::none;
    write(response.data(), response.size());
  }

  /// Closes the TLS session (gracefully when `clean`) and the socket.
  void close(bool clean) {
    if (fd_ < 0) return;
    flush();  // a response cut short on purpose (a reset fault) still sends what it wrote
    if (ssl_) {
      if (clean) SSL_shutdown(ssl_);
      SSL_free(ssl_);
      ssl_ = nullptr;
    }
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    fd_ = -1;
  }

  bool is_readable() const override {
    return buffered() || (ssl_ && SSL_pending(ssl_) > 0) || wait(POLLIN, read_deadline()) == Wait::ready;
  }

  bool is_writable() const override {
    return failure_ == Failure::none && wait(POLLOUT, Clock::now() + limits_.write_timeout) == Wait::ready;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (failure_ != Failure::none) return -1;
    // httplib reads a POST/PUT/PATCH/DELETE body without Content-Length "until close", so such a
    // request waited for the body timeout and got 408. RFC 9112 section 6.3: its body is empty.
    if (head_done_ && no_body_) return 0;
    if (!buffered()) {
      // An interim answer (100 Continue) must reach the client before its body can come.
      if (!flush()) return -1;
      ssize_t n = fill(read_deadline());
      if (n <= 0) return n;
    }
    if (!head_done_ && head_bytes_ == 0) disguise_unknown_method();
    std::size_t n = std::min(size, end_ - begin_);
    std::copy_n(buffer_.data() + begin_, n, ptr);
    begin_ += n;
    const std::size_t head = head_done_ ? 0 : track_head(ptr, n);
    body_bytes_ += n - head;
    if (body_bytes_ > max_body_) failure_ = Failure::body_too_large;
    if (failure_ != Failure::none) return -1;
    return static_cast<ssize_t>(n);
  }

  // httplib writes a response's head and its body separately: two send()s, two TCP segments, for
  // what is usually one small answer. Writes are gathered here and leave together when the
  // response is complete (flush(), called by the server loop), before any wait for input, and
  // whenever more than k_gather bytes are waiting.
  ssize_t write(const char* ptr, size_t size) override {
    // After a timeout httplib would answer 400; the caller answers 408 instead.
    if (failure_ != Failure::none) return -1;
    if (pending_.size() + size <= k_gather) {
      pending_.append(ptr, size);
      return static_cast<ssize_t>(size);
    }
    if (!flush()) return -1;
    if (size <= k_gather) {
      pending_.assign(ptr, size);
      return static_cast<ssize_t>(size);
    }
    return send_now(ptr, size);
  }

  /// Sends what write() gathered; false when the client cannot take it.
  bool flush() {
    if (pending_.empty()) return true;
    if (failure_ != Failure::none) return false;
    bool sent = send_now(pending_.data(), pending_.size()) >= 0;
    pending_.clear();
    return sent;
  }

  ssize_t send_now(const char* ptr, size_t size) {
    auto deadline = Clock::now() + limits_.write_timeout;
    std::size_t done = 0;
    while (done < size) {
      short events = POLLOUT;
      if (ssl_) {
        int r = SSL_write(ssl_, ptr + done, static_cast<int>(std::min<std::size_t>(size - done, 1 << 30)));
        if (r > 0) {
          done += static_cast<std::size_t>(r);
          continue;
        }
        events = want(SSL_get_error(ssl_, r));
        if (events == 0) return -1;
      } else {
        ssize_t r = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL);
        if (r >= 0) {
          done += static_cast<std::size_t>(r);
          continue;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      }
      if (wait(events, deadline) != Wait::ready) return -1;
    }
    return static_cast<ssize_t>(size);
  }

  // httplib asks for both addresses on every request; they cannot change on a connection, so
  // each is looked up once (two system calls fewer per keep-alive request).
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    if (!remote_) remote_ = address(::getpeername);
    ip = remote_->first;
    port = remote_->second;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    if (!local_) local_ = address(::getsockname);
    ip = local_->first;
    port = local_->second;
  }
  ::socket_t socket() const override { return fd_; }

 private:
  static constexpr std::chrono::milliseconds k_slice{100};  // how soon a wait notices a stop

  bool buffered() const { return begin_ < end_; }

  // While the head is read, its deadline; then the body's, but no read waits past read_timeout.
  Clock::time_point read_deadline() const {
    if (!head_done_) return deadline_;
    return std::min(deadline_, Clock::now() + limits_.read_timeout);
  }

  static short want(int ssl_error) {
    if (ssl_error == SSL_ERROR_WANT_READ) return POLLIN;
    if (ssl_error == SSL_ERROR_WANT_WRITE) return POLLOUT;
    return 0;
  }

  enum class Wait { ready, timeout, stopped, error };

  // poll() in slices so that a stopping server is noticed.
  Wait wait(short events, Clock::time_point deadline) const {
    for (;;) {
      if (server_socket_.load() == INVALID_SOCKET) return Wait::stopped;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return Wait::timeout;
      pollfd p{fd_, events, 0};
      int r = ::poll(&p, 1, static_cast<int>(std::min(left, k_slice).count()) + 1);
      if (r > 0) return Wait::ready;  // readable, writable, or hung up: the next call says which
      if (r < 0 && errno != EINTR) return Wait::error;
    }
  }

  // Reads what the socket (or TLS) has into the empty buffer: >0 bytes, 0 at end, -1 on error.
  ssize_t fill(Clock::time_point deadline) {
    begin_ = end_ = 0;
    for (;;) {
      short events = POLLIN;
      if (ssl_) {
        int r = SSL_read(ssl_, buffer_.data(), static_cast<int>(buffer_.size()));
        if (r > 0) {
          end_ = static_cast<std::size_t>(r);
          return r;
        }
        int e = SSL_get_error(ssl_, r);
        if (e == SSL_ERROR_ZERO_RETURN) return 0;
        events = want(e);
        if (events == 0) return -1;
      } else {
        ssize_t r = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
        if (r >= 0) {
          end_ = static_cast<std::size_t>(r);
          return r;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      }
      Wait w = wait(events, deadline);
      if (w == Wait::timeout) failure_ = Failure::timeout;
      if (w == Wait::stopped) failure_ = Failure::stopped;
      if (w != Wait::ready) return -1;
    }
  }

  // Reads more after what is buffered (moved to the front first): >0 bytes, 0 at end, -1 on error.
  ssize_t fill_more(Clock::time_point deadline) {
    std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(begin_), buffer_.begin() + static_cast<std::ptrdiff_t>(end_),
              buffer_.begin());
    end_ -= begin_;
    begin_ = 0;
    for (;;) {
      ssize_t r = ::recv(fd_, buffer_.data() + end_, buffer_.size() - end_, 0);
      if (r >= 0) {
        end_ += static_cast<std::size_t>(r);
        return r;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      if (wait(POLLIN, deadline) != Wait::ready) return -1;
    }
  }

  // httplib 0.11 answers a bare 400 to any method outside its list, before a hook can see the
  // request: WebDAV's PROPFIND, the QUERY method, an extension method would never reach the mock
  // (which owes a 405) or the proxy (which owes forwarding it unchanged). Such a method, a valid
  // token (RFC 9110 section 9.1), is handed to httplib as POST (a method whose body is read or
  // streamed like any other) and kept here for whoever builds the request. Only a request line
  // whose method is already buffered is looked at; one split before its first space stays as sent.
  void disguise_unknown_method() {
    static constexpr std::string_view k_known[] = {"GET", "HEAD", "POST", "PUT", "DELETE",
                                                   "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"};
    static constexpr std::string_view k_stand_in = "POST";
    const std::string_view here(buffer_.data() + begin_, end_ - begin_);
    const std::size_t space = here.find(' ');
    if (space == std::string_view::npos || space == 0 || space > 64) return;
    const std::string_view method = here.substr(0, space);
    if (std::find(std::begin(k_known), std::end(k_known), method) != std::end(k_known)) return;
    const bool token = std::all_of(method.begin(), method.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
    if (!token) return;
    unknown_method_.assign(method);  // before the bytes move under `method`
    if (method.size() < k_stand_in.size() && begin_ < k_stand_in.size() - method.size()) {
      const std::size_t grow = k_stand_in.size() - method.size();
      if (end_ + grow > buffer_.size()) return;
      std::copy_backward(buffer_.begin() + static_cast<std::ptrdiff_t>(begin_),
                         buffer_.begin() + static_cast<std::ptrdiff_t>(end_),
                         buffer_.begin() + static_cast<std::ptrdiff_t>(end_ + grow));
      end_ += grow;
      begin_ += grow;
    }
    begin_ = begin_ + unknown_method_.size() - k_stand_in.size();
    std::copy(k_stand_in.begin(), k_stand_in.end(), buffer_.begin() + static_cast<std::ptrdiff_t>(begin_));
  }

  // The head ends at the first empty line (CRLF CRLF); the body's deadline starts there. Returns
  // how many of the n bytes belong to the head.
  std::size_t track_head(const char* p, std::size_t n) {
    std::size_t i = 0;
    for (; i < n && !head_done_; ++i) {
      tail_ = (tail_ << 8) | static_cast<unsigned char>(p[i]);
      ++head_bytes_;
      char ch = p[i];
      head_text_.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
      if (tail_ == 0x0D0A0D0A) {
        head_done_ = true;
        deadline_ = Clock::now() + limits_.body_timeout;
        no_body_ = head_text_.find("\r\ncontent-length:") == std::string::npos &&
                   head_text_.find("\r\ntransfer-encoding:") == std::string::npos;
      }
    }
    if (!head_done_ && head_bytes_ > limits_.max_head) failure_ = Failure::head_too_large;
    return i;
  }

  template <class Getter>
  std::pair<std::string, int> address(Getter getter) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getter(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return {};
    std::array<char, NI_MAXHOST> host{};
    std::array<char, NI_MAXSERV> service{};
    if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host.data(), host.size(), service.data(),
                      service.size(), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
      return {};
    }
    return {host.data(), std::atoi(service.data())};
  }

  int fd_;
  SSL* ssl_ = nullptr;
  Limits limits_;
  const std::atomic<::socket_t>& server_socket_;
  std::array<char, 16 * 1024> buffer_{};
  std::size_t begin_ = 0, end_ = 0;
  bool head_done_ = true;
  std::size_t head_bytes_ = 0;
  std::string head_text_;  ///< the head so far, lower case (bounded by max_head)
  std::string unknown_method_;  ///< see unknown_method()
  bool no_body_ = false;   ///< the head has neither Content-Length nor Transfer-Encoding
  std::size_t body_bytes_ = 0;  ///< read after the head of the current request
  std::size_t max_body_ = 0;    ///< the current request's body limit
  std::uint32_t tail_ = 0;
  Clock::time_point deadline_ = Clock::time_point::max();
  Failure failure_ = Failure::none;
  bool timed_out_ = false;  ///< read_some's last wait ended at its deadline
  static constexpr std::size_t k_gather = 16 * 1024;
  std::string pending_;  ///< written, not yet sent (see write())
  mutable std::optional<std::pair<std::string, int>> remote_, local_;
};

}  // namespace sonde::mock::connection
