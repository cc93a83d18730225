#include "core/proxy/proxy_connection.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "core/mock/problem.hpp"
#include "core/net/curl_error.hpp"
#include "core/net/libcurl_loader.hpp"
#include "core/proxy/upstream.hpp"

namespace sonde::proxy {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t k_read_size = 64 * 1024;
// Until the first request shows it is not HTTP/2, reads stop at 16 KiB: the h2c server that takes
// the connection over is handed what was read, and holds that much.
constexpr std::size_t k_first_read = 16 * 1024;
constexpr std::size_t k_in_limit = 256 * 1024;     // read ahead of what the exchange has taken
constexpr std::size_t k_out_limit = 1 << 20;       // a passed-on answer waits for the client past this
constexpr std::size_t k_upload_limit = 1 << 20;    // a passed-on request body waits for the upstream past this
constexpr std::string_view k_h2_preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
constexpr std::string_view k_continue = "HTTP/1.1 100 Continue\r\n\r\n";

// Marks an answer passed on as it arrives: ValidatingProxy::finish reads only its presence.
class PassedOn final : public mock::BodyStream {
 public:
  explicit PassedOn(std::optional<std::uint64_t> length) : length_(length) {}
  Pull next(std::string&) override { return Pull::failed; }
  std::optional<std::uint64_t> length() const override { return length_; }

 private:
  std::optional<std::uint64_t> length_;
};

char* read_buffer() {
  thread_local char buffer[k_read_size];
  return buffer;
}

}  // namespace

ProxyConnection::ProxyConnection(LoopContext& context, int fd) : ctx_(context), fd_(fd) {
  accepted_ = last_read_ = last_write_ = idle_since_ = head_started_ = Clock::now();
}

ProxyConnection::~ProxyConnection() {
  transfer_.reset();
  if (fd_ >= 0) ::close(fd_);
}

template <class Step>
void ProxyConnection::guarded(Step&& step) {
  // Nothing may leave a libcurl callback or the loop as an exception: a step that throws (memory
  // exhausted) ends its own connection, not the proxy.
  try {
    step();
  } catch (...) {
    die();
  }
}

void ProxyConnection::start() { watch(); }

void ProxyConnection::die() {
  if (dead_) return;
  dead_ = true;
  retired = true;
  if (fd_ >= 0) {
    ctx_.loop.unwatch(fd_);
    ::close(fd_);
    fd_ = -1;
  }
  ctx_.dead.push_back(this);
}

void ProxyConnection::drain() {
  guarded([&] {
    if (dead_) return;
    if (lingering_) return die();
    if (phase_ == Phase::idle || answer_ == Answer::streaming) return die();
    close_after_ = true;
    if (answer_ == Answer::written) {
      advance();  // what is left of its answer may have gone: then it closes now
      watch();
    }
  });
}

void ProxyConnection::abandon(std::chrono::milliseconds waited) {
  guarded([&] {
    if (dead_) return;
    if (phase_ == Phase::exchange && !lingering_ && (answer_ == Answer::pending || answer_ == Answer::holding)) {
      close_after_ = true;
      answer_failure(Error{ErrorKind::runtime,
                           "the proxy was stopped before the upstream answered (after waiting " +
                               std::to_string(waited.count()) + " ms for it)",
                           transfer_ ? transfer_->shown_url() : request_.target, {}});
      flush();  // best effort: the client may take the 502 now
    }
    die();
  });
}

void ProxyConnection::ready(std::uint32_t events) {
  guarded([&] {
    if (events & EPOLLERR) return die();
    if (events & EPOLLOUT) flush();
    if (!dead_ && (events & (EPOLLIN | EPOLLHUP))) read_in();
    if (!dead_ && (events & EPOLLHUP) && !(events & EPOLLIN)) return die();
    if (!dead_) advance();
    watch();
  });
}

void ProxyConnection::resume() {
  guarded([&] {
    if (dead_) return;
    advance();
    watch();
  });
}

std::size_t ProxyConnection::room() const {
  if (lingering_ && !dead_) return k_read_size;
  if (dead_ || peer_closed_ || closing_) return 0;
  if (phase_ == Phase::idle && first_request_ && may_be_h2c()) return k_first_read - std::min(in_.size(), k_first_read);
  if (in_.size() >= k_in_limit) return 0;
  if (body_ == BodyMode::streamed && !body_done_ && transfer_ && transfer_->upload_pending() >= k_upload_limit) return 0;
  return k_read_size;
}

void ProxyConnection::read_in() {
  if (lingering_) return drop_input();
  for (int round = 0; round < 4; ++round) {  // then let other connections have their turn
    const std::size_t wanted = room();
    if (wanted == 0) return;
    const ssize_t n = ::recv(fd_, read_buffer(), std::min(wanted, k_read_size), 0);
    if (n > 0) {
      if (phase_ == Phase::idle && in_.empty()) head_started_ = Clock::now();
      in_.append(read_buffer(), static_cast<std::size_t>(n));
      last_read_ = Clock::now();
      if (static_cast<std::size_t>(n) < wanted) return;
      continue;
    }
    if (n == 0) return peer_closed();
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    return die();  // reset by the client
  }
}

void ProxyConnection::drop_input() {
  for (int round = 0; round < 4; ++round) {
    const ssize_t n = ::recv(fd_, read_buffer(), k_read_size, 0);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    return die();  // the client closed (or reset): the lingering is over
  }
}

void ProxyConnection::peer_closed() {
  // What was read before is still served (a client may shut its side once it has sent a
  // request); advance() ends the connection when what is left can never be whole.
  peer_closed_ = true;
}

void ProxyConnection::advance() {
  while (!dead_ && !lingering_) {
    if (phase_ == Phase::idle) {
      // A head refused (400, 431, 501) starts an exchange of its own: its answer, then the close.
      if (!in_.empty() && (read_head() || phase_ != Phase::idle)) continue;
      if (peer_closed_) die();  // no more requests, or a head that will never be complete
      return;
    }
    if (!body_done_) consume_body();
    if (dead_) return;
    if (!body_done_ && peer_closed_ && in_.empty()) {
      // The body will never be whole. One being dropped ends here and its answer still leaves;
      // otherwise the exchange ends with the connection (a transfer started for it too: the
      // upstream sees the body cut).
      if (body_ != BodyMode::discarded) return die();
      body_done_ = true;
      close_after_ = true;
    }
    if (answer_ == Answer::written && out_sent_ == out_.size() && body_done_) {
      end_exchange();
      continue;
    }
    return;
  }
}

bool ProxyConnection::may_be_h2c() const {
  const std::size_t n = std::min(in_.size(), k_h2_preface.size());
  return std::string_view(in_).substr(0, n) == k_h2_preface.substr(0, n);
}

bool ProxyConnection::read_head() {
  if (first_request_) {
    if (may_be_h2c()) {
      if (in_.size() < k_h2_preface.size()) return false;  // maybe HTTP/2: more settles it
      if (ctx_.hand_off_h2c) {
        ctx_.loop.unwatch(fd_);
        const int fd = fd_;
        fd_ = -1;
        handed_off_ = true;
        ctx_.hand_off_h2c(fd, std::move(in_));
        die();
        return false;
      }
    }
  }
  RequestHead head;
  const HeadParse parsed = parse_request_head(in_, ctx_.options.max_head, head);
  switch (parsed.status) {
    case HeadStatus::incomplete:
      return false;
    case HeadStatus::malformed:
      refuse_and_close(400, "Bad Request", parsed.problem);
      return false;
    case HeadStatus::too_large:
      refuse_and_close(431, "Request Header Fields Too Large", "the request head exceeds 64 KiB");
      return false;
    case HeadStatus::unsupported_coding:
      refuse_and_close(501, "Not Implemented", parsed.problem);
      return false;
    case HeadStatus::complete:
      break;
  }
  in_.erase(0, parsed.size);
  first_request_ = false;
  start_exchange(std::move(head));
  return true;
}

void ProxyConnection::start_exchange(RequestHead head) {
  const auto now = Clock::now();
  phase_ = Phase::exchange;
  answer_ = Answer::pending;
  sent_.clear();
  answer_body_.clear();
  streamed_request_bytes_ = 0;
  upload_streamed_ = false;
  upstream_waiting_on_client_ = false;
  started_ = ValidatingProxy::Started{};
  minor_version_ = head.minor_version;
  keep_alive_ = head.keep_alive;
  close_after_ = !keep_alive_;
  expects_continue_ = head.expects_continue;
  framing_ = head.framing;
  body_left_ = announced_ = head.content_length;
  chunked_ = ChunkedBody{};
  body_done_ = framing_ == BodyFraming::none;
  body_ = BodyMode::none;
  last_read_ = now;
  request_ = mock::MockRequest{std::move(head.method), std::move(head.target), std::move(head.headers), {}, nullptr};
  // A tunnel's bytes would follow a CONNECT head, a TRACE is answered once: neither goes on.
  if (request_.method == "CONNECT" || request_.method == "TRACE") close_after_ = true;
  if (auto refused = ctx_.proxy.refuse_untargetable(request_, started_)) {
    if (!body_done_) body_ = BodyMode::discarded;
    answer(*refused);
    return;
  }
  if (body_done_) return admit_and_forward();
  const bool fits = framing_ != BodyFraming::length || announced_ <= net::k_max_kept_body;
  if (fits && hold_request_body(request_.headers)) {
    body_ = BodyMode::held;
    request_.body.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(announced_, k_upload_limit)));
    continue_if_expected();
    return;
  }
  stream_upload();
}

void ProxyConnection::admit_and_forward() {
  auto admitted = ctx_.proxy.admit(request_, false, started_);
  if (admitted.answered) return answer(*admitted.answered);
  sent_ = std::move(admitted.sent);
  forward(std::nullopt);
}

// From here the body goes upstream as it arrives, unread: only the request's head is checked.
void ProxyConnection::stream_upload() {
  auto admitted = ctx_.proxy.admit(request_, true, started_);
  if (admitted.answered) {
    body_ = BodyMode::discarded;
    request_.body = std::string();
    return answer(*admitted.answered);
  }
  sent_ = std::move(admitted.sent);
  body_ = BodyMode::streamed;
  upload_streamed_ = true;
  forward(StreamedUpload{framing_ == BodyFraming::length ? std::optional<std::uint64_t>(announced_) : std::nullopt});
  if (!transfer_) return;
  // What was held before the body proved too large goes first.
  std::string held = std::move(request_.body);
  request_.body = std::string();
  if (!held.empty()) {
    transfer_->feed(held);
    streamed_request_bytes_ += held.size();
  }
  continue_if_expected();
}

void ProxyConnection::forward(std::optional<StreamedUpload> streamed) {
  const UpstreamOptions& options = ctx_.proxy.upstream();
  auto url = upstream_url(request_.target, options.base);  // placed already (refuse_untargetable)
  if (!url) return answer_failure(url.error());
  if (auto route = plain_route(*url)) {
    transfer_ = std::make_unique<PlainTransfer>(ctx_.plain, *this, request_, std::move(*url), std::move(*route), streamed);
  } else {
    if (auto loaded = net::load_libcurl(); !loaded) return answer_failure(loaded.error());
    transfer_ = std::make_unique<AsyncTransfer>(ctx_.upstream, *this, request_, std::move(*url), options.insecure,
                                                options.cacert, streamed);
  }
  if (!transfer_->started()) {
    Error why{ErrorKind::runtime, "libcurl refused to start the transfer", transfer_->shown_url(), {}};
    transfer_.reset();
    return answer_failure(why);
  }
  const auto now = Clock::now();
  upstream_deadline_ = now + options.timeout;
  upstream_heard_ = now;
}

void ProxyConnection::continue_if_expected() {
  // RFC 9110 section 10.1.1: the client waits for this before sending its body.
  if (!expects_continue_ || !in_.empty()) return;
  expects_continue_ = false;
  out_ += k_continue;
  flush();
}

void ProxyConnection::consume_body() {
  std::size_t used = 0;
  while (!body_done_ && used < in_.size() && !dead_) {
    if (body_ == BodyMode::streamed && transfer_ && transfer_->upload_pending() >= k_upload_limit) break;
    const std::string_view available(in_.data() + used, in_.size() - used);
    std::string_view part;
    bool last = false;
    if (framing_ == BodyFraming::length) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(body_left_, available.size()));
      part = available.substr(0, n);
      body_left_ -= n;
      used += n;
      last = body_left_ == 0;
    } else {
      decoded_.clear();
      used += chunked_.feed(available, decoded_);
      if (chunked_.state() == ChunkedBody::State::malformed) {
        in_.clear();
        if (answer_ != Answer::written) {
          return refuse_and_close(400, "Bad Request", "the request body's chunked framing is malformed");
        }
        // Its answer was given already (a body being dropped): the connection just closes after it.
        body_done_ = true;
        close_after_ = true;
        closing_ = true;
        return;
      }
      part = decoded_;
      last = chunked_.state() == ChunkedBody::State::done;
    }
    deliver(part);
    if (last && !dead_) {
      body_done_ = true;
      body_complete();
    }
  }
  in_.erase(0, used);
}

void ProxyConnection::deliver(std::string_view part) {
  if (part.empty()) return;
  if (body_ == BodyMode::held) {
    request_.body.append(part);
    // Too large to hold, and so to check: what was read goes first, the rest as it comes.
    if (request_.body.size() > net::k_max_kept_body) stream_upload();
  } else if (body_ == BodyMode::streamed && transfer_) {
    transfer_->feed(part);
    streamed_request_bytes_ += part.size();
  }
}

void ProxyConnection::body_complete() {
  if (body_ == BodyMode::held) return admit_and_forward();
  if (body_ == BodyMode::streamed && transfer_) {
    transfer_->end_upload();
    upstream_deadline_ = Clock::now() + ctx_.proxy.upstream().timeout;
  }
}

std::optional<std::uint64_t> ProxyConnection::streamed_bytes() const {
  return upload_streamed_ ? std::optional<std::uint64_t>(streamed_request_bytes_) : std::nullopt;
}

void ProxyConnection::answer_failure(const Error& why) {
  answer(ctx_.proxy.finish(request_, std::move(sent_), std::unexpected(why), started_, streamed_bytes()));
}

void ProxyConnection::answer(const mock::MockResponse& response) {
  if (answer_ == Answer::streaming) return die();  // a head has left already
  transfer_.reset();
  if (response.close || peer_closed_) close_after_ = true;
  const bool body = response_has_body(request_.method, response.status);
  append_response_head(out_, response.status, response.headers, body ? ResponseFraming::length : ResponseFraming::none,
                       response.body.size(), connection_field(close_after_ || !body_done_));
  if (body) out_ += response.body;
  answer_written();
  flush();
}

ConnectionField ProxyConnection::connection_field(bool closing) const {
  if (closing) return ConnectionField::close;
  return minor_version_ == 0 ? ConnectionField::keep_alive : ConnectionField::none;
}

void ProxyConnection::answer_written() {
  answer_ = Answer::written;
  if (!body_done_) {
    // The rest of a body nobody wants is read and dropped for a while before the connection
    // closes: most clients read no answer until they have sent everything (nginx's lingering close).
    transfer_.reset();
    body_ = BodyMode::discarded;
    close_after_ = true;
    discard_until_ = Clock::now() + ctx_.options.linger;
  }
}

void ProxyConnection::start_streamed_answer(std::string first_part) {
  AnswerHead& head = transfer_->head();
  mock::MockResponse answered;
  answered.status = head.status;
  answered.headers = std::move(head.headers);
  answered.stream = std::make_shared<PassedOn>(head.content_length);
  mock::MockResponse response = ctx_.proxy.finish(request_, std::move(sent_), std::move(answered), started_, streamed_bytes());
  if (head.content_length) {
    answer_framing_ = ResponseFraming::length;
  } else if (minor_version_ >= 1) {
    answer_framing_ = ResponseFraming::chunked;
  } else {
    answer_framing_ = ResponseFraming::close;  // an HTTP/1.0 client reads to the end
    close_after_ = true;
  }
  // The request's body still coming: the connection closes after this answer (answer_written).
  if (!body_done_) close_after_ = true;
  append_response_head(out_, response.status, response.headers, answer_framing_, head.content_length.value_or(0),
                       connection_field(close_after_));
  answer_ = Answer::streaming;
  append_part(first_part);
  flush();
}

void ProxyConnection::append_part(std::string_view part) {
  if (answer_framing_ == ResponseFraming::chunked) {
    append_chunk(out_, part);
  } else {
    out_ += part;
  }
}

void ProxyConnection::on_head(UpstreamExchange& transfer) {
  guarded([&] {
    if (dead_) return;
    AnswerHead& head = transfer.head();
    // A HEAD answer's length is the GET body's: the server cannot infer it from an empty body.
    if (request_.method == "HEAD" && head.content_length) {
      head.headers.emplace_back("Content-Length", std::to_string(*head.content_length));
    }
    upstream_heard_ = Clock::now();
    if (hold_body(request_.method, head.status, head.headers, head.content_length)) {
      answer_ = Answer::holding;
      return;
    }
    start_streamed_answer({});
    rearm_after_callback();
  });
}

void ProxyConnection::rearm_after_callback() {
  // Inside libcurl, watch() cannot run (it may resume libcurl): an answer the client has not
  // taken whole gets its EPOLLOUT once libcurl has returned.
  if (!dead_ && out_sent_ < out_.size()) ctx_.resumed.push_back(this);
}

bool ProxyConnection::on_body(UpstreamExchange&, std::string_view part) {
  bool taken = true;
  guarded([&] {
    if (dead_) return;
    upstream_heard_ = Clock::now();
    if (answer_ == Answer::holding) {
      answer_body_.append(part);
      if (answer_body_.size() > net::k_max_kept_body) {
        // Too large to hold (and so to check): the rest is passed on as it comes, after what was read.
        std::string first = std::move(answer_body_);
        answer_body_ = std::string();
        start_streamed_answer(std::move(first));
        rearm_after_callback();
      }
      return;
    }
    if (answer_ != Answer::streaming) return;
    if (out_.size() - out_sent_ >= k_out_limit) {
      upstream_waiting_on_client_ = true;  // resumed once the client has taken some
      taken = false;
      return;
    }
    append_part(part);
    flush();
    rearm_after_callback();
  });
  return taken;
}

void ProxyConnection::on_upload_drained(UpstreamExchange&) {
  if (!dead_) ctx_.resumed.push_back(this);  // read on once outside libcurl
}

void ProxyConnection::on_done(UpstreamExchange&, std::optional<Error> failure) {
  guarded([&] {
    if (dead_) return;
    if (answer_ == Answer::streaming) {
      if (failure) {
        // The client sees the body cut (the connection closes before its end); the run is told.
        ctx_.proxy.passed_on_failure(request_, *failure);
        flush();
        return die();
      }
      transfer_.reset();
      if (answer_framing_ == ResponseFraming::chunked) out_ += k_last_chunk;
      answer_written();
      flush();
    } else if (failure) {
      answer_failure(*failure);
    } else if (!transfer_->head().complete) {
      answer_failure(Error{ErrorKind::runtime, "the upstream's answer had no head", transfer_->shown_url(), {}});
    } else {
      AnswerHead& head = transfer_->head();
      mock::MockResponse answered;
      answered.status = head.status;
      answered.headers = std::move(head.headers);
      answered.body = std::move(answer_body_);
      answer_body_ = std::string();
      answer(ctx_.proxy.finish(request_, std::move(sent_), std::move(answered), started_, streamed_bytes()));
    }
    if (!dead_) advance();
    watch();
  });
}

void ProxyConnection::end_exchange() {
  if (close_after_ || peer_closed_) return close_connection();
  phase_ = Phase::idle;
  idle_since_ = head_started_ = Clock::now();
  request_ = mock::MockRequest{};
  body_ = BodyMode::none;
}

void ProxyConnection::close_connection() {
  // Closing a socket with bytes still unread (a refused request's rest, requests pipelined after a
  // closing answer) sends a reset, and a reset can destroy the answer in the client's buffers
  // before it reads it: most clients read nothing until they have sent everything. So the write
  // side is shut (the client reads the answer, then the end), and what still comes is dropped
  // until the client closes or the linger time passes, as nginx's lingering close does.
  if (peer_closed_ || (!closing_ && in_.empty())) return die();
  ::shutdown(fd_, SHUT_WR);
  lingering_ = true;
  linger_until_ = Clock::now() + ctx_.options.linger;
  in_ = std::string();
  drop_input();
}

void ProxyConnection::refuse_and_close(int status, const std::string& title, const std::string& detail) {
  if (answer_ == Answer::streaming) return die();
  transfer_.reset();
  closing_ = true;
  close_after_ = true;
  phase_ = Phase::exchange;
  body_done_ = true;
  body_ = BodyMode::none;
  const mock::MockResponse response = mock::problem_response(status, title, detail);
  append_response_head(out_, response.status, response.headers, ResponseFraming::length, response.body.size(),
                       ConnectionField::close);
  out_ += response.body;
  answer_ = Answer::written;
  flush();
}

void ProxyConnection::flush() {
  while (!dead_ && out_sent_ < out_.size()) {
    const ssize_t n = ::send(fd_, out_.data() + out_sent_, out_.size() - out_sent_, MSG_NOSIGNAL);
    if (n > 0) {
      out_sent_ += static_cast<std::size_t>(n);
      last_write_ = Clock::now();
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return die();  // the client went away
  }
  if (out_sent_ == out_.size()) {
    out_.clear();
    out_sent_ = 0;
  } else if (out_sent_ >= k_out_limit) {
    out_.erase(0, out_sent_);
    out_sent_ = 0;
  }
}

void ProxyConnection::watch() {
  if (dead_) return;
  // A passed-on answer paused for this client goes on once it has taken half of what waited.
  if (upstream_waiting_on_client_ && transfer_ && out_.size() - out_sent_ < k_out_limit / 2) {
    upstream_waiting_on_client_ = false;
    upstream_heard_ = Clock::now();
    transfer_->resume_body();
  }
  std::uint32_t wanted = 0;
  if (room() > 0) wanted |= EPOLLIN;
  if (out_sent_ < out_.size()) wanted |= EPOLLOUT;
  // The wait for a client to take its answer starts when there is something it has not taken.
  if ((wanted & EPOLLOUT) && !(watching_ & EPOLLOUT)) last_write_ = Clock::now();
  if (registered_ && wanted == watching_) return;
  watching_ = wanted;
  registered_ = true;
  if (!ctx_.loop.watch(fd_, wanted, this)) die();
}

void ProxyConnection::check_time(Clock::time_point now) {
  guarded([&] {
    if (dead_) return;
    expire(now);
    if (dead_) return;
    advance();  // an answer given here (408, 502) may have left whole: the exchange ends
    watch();
  });
}

void ProxyConnection::expire(Clock::time_point now) {
  if (lingering_) {
    if (now > linger_until_) die();
    return;
  }
  if (out_sent_ < out_.size() && now - last_write_ > ctx_.options.write_timeout) return die();  // not reading
  if (phase_ == Phase::idle) {
    if (in_.empty()) {
      // Silence before a request: closed without a word (nothing was asked).
      if (now - idle_since_ > (first_request_ ? ctx_.options.head_timeout : ctx_.options.idle_timeout)) die();
    } else if (now - head_started_ > ctx_.options.head_timeout) {
      refuse_and_close(408, "Request Timeout", "the request did not arrive in time");
    }
    return;
  }
  const auto& upstream = ctx_.proxy.upstream();
  if (!body_done_) {
    if (body_ == BodyMode::discarded) {
      if (now > discard_until_) {
        body_done_ = true;
        close_after_ = true;
      }
    } else if (body_ == BodyMode::streamed && transfer_ && transfer_->upload_pending() > 0) {
      // Stalled while its answer is awaited or held (an upstream may answer early, then stop).
      if (now - transfer_->upload_taken_at() > upstream.timeout && answer_ != Answer::streaming) {
        return answer_failure(Error{ErrorKind::runtime,
                                    "the upstream took nothing of the request body for " +
                                        std::to_string(upstream.timeout.count()) + " ms after " +
                                        std::to_string(streamed_request_bytes_ - transfer_->upload_pending()) + " bytes",
                                    transfer_->shown_url(), {}});
      }
    } else if (now - last_read_ > ctx_.options.read_timeout) {
      return refuse_and_close(408, "Request Timeout", "the request body did not arrive in time");
    }
  }
  if (!transfer_) return;
  if ((answer_ == Answer::pending || answer_ == Answer::holding) && body_done_ && now > upstream_deadline_) {
    answer_failure(Error{ErrorKind::runtime,
                         "the upstream did not answer within " + std::to_string(upstream.timeout.count()) + " ms",
                         transfer_->shown_url(), {}});
  } else if (answer_ == Answer::streaming && !upstream_waiting_on_client_ && now - upstream_heard_ > upstream.timeout) {
    ctx_.proxy.passed_on_failure(request_, Error{ErrorKind::runtime,
                                                 "the upstream sent nothing for " + std::to_string(upstream.timeout.count()) +
                                                     " ms in the middle of a body; the client got it cut",
                                                 transfer_->shown_url(), {}});
    die();
  }
}

}  // namespace sonde::proxy
