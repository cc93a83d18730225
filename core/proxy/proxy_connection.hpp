#pragma once
/// One client connection of the proxy's event-loop server (core/proxy/proxy_server.hpp), moved
/// on by readiness events: requests read (pipelined ones in turn), checked and forwarded through
/// ValidatingProxy's steps, answers written back, held or passed on as they arrive. Memory stays
/// bounded both ways: a body passed on is read from one side only as fast as the other takes it.
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/proxy/chunked_body.hpp"
#include "core/proxy/event_loop.hpp"
#include "core/proxy/request_head.hpp"
#include "core/proxy/response_head.hpp"
#include "core/proxy/plain_upstream.hpp"
#include "core/proxy/upstream_multi.hpp"
#include "core/proxy/validating_proxy.hpp"

namespace sonde::proxy {

struct ProxyServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  ///< 0: any free port
  /// Connections served at once; past it a new one gets 503 and is closed.
  int max_connections = 1000;
  /// Event-loop threads, each serving the connections it accepted; 0: one per core.
  int loops = 0;
  std::chrono::milliseconds head_timeout{5000};   ///< a request head must arrive within this (408)
  std::chrono::milliseconds idle_timeout{5000};   ///< a kept-alive connection with no request closes
  std::chrono::milliseconds read_timeout{5000};   ///< the longest silence inside a request body
  std::chrono::milliseconds write_timeout{5000};  ///< the longest wait for a client to take bytes
  /// How long an unwanted request body, or what a client still sends after a refusal, is read
  /// and dropped before the connection closes.
  std::chrono::milliseconds linger{5000};
  std::chrono::milliseconds stop_grace{5000};     ///< on stop, how long exchanges under way have to finish
  std::size_t max_head = 64 * 1024;
};

class ProxyConnection;

/// What every connection of one loop shares.
struct LoopContext {
  EventLoop& loop;
  UpstreamMulti& upstream;
  PlainUpstreamPool& plain;
  ValidatingProxy& proxy;
  const ProxyServerOptions& options;
  /// Takes over a connection that opened with the HTTP/2 preface (`bytes`: what was read).
  std::function<void(int fd, std::string bytes)> hand_off_h2c;
  std::vector<ProxyConnection*> dead;  ///< closed during this batch; deleted after it
  /// Asked to move on after a batch (libcurl took what they had read ahead: more may be read).
  std::vector<ProxyConnection*> resumed;
};

class ProxyConnection final : public Watcher, public UpstreamExchange::Listener {
 public:
  using Clock = std::chrono::steady_clock;
  ProxyConnection(LoopContext& context, int fd);
  ~ProxyConnection() override;
  ProxyConnection(const ProxyConnection&) = delete;
  ProxyConnection& operator=(const ProxyConnection&) = delete;

  void start();
  void ready(std::uint32_t events) override;
  /// Deadlines: a head or body too slow, an idle connection, an upstream too slow, a client that
  /// does not read.
  void check_time(Clock::time_point now);
  /// Ends the connection at once (the server stopping, or a failure): it goes to context.dead.
  void die();
  /// The server is stopping: an idle connection or a passed-on answer ends now; an exchange
  /// under way is finished (answered and recorded), then the connection closes.
  void drain();
  /// The stop's grace is over: an exchange still awaiting its answer is answered 502 and
  /// recorded as an error of the run (the report loses nothing), then the connection ends.
  void abandon(std::chrono::milliseconds waited);
  bool dead() const { return dead_; }
  /// It opened with the HTTP/2 preface and went to hand_off_h2c (which serves it from then on).
  bool handed_off() const { return handed_off_; }
  /// Moves on after libcurl took a streamed upload's bytes (outside libcurl's callbacks).
  void resume();
  std::list<std::unique_ptr<ProxyConnection>>::iterator place;  ///< in the server's list

  void on_head(UpstreamExchange& transfer) override;
  bool on_body(UpstreamExchange& transfer, std::string_view part) override;
  void on_upload_drained(UpstreamExchange& transfer) override;
  void on_done(UpstreamExchange& transfer, std::optional<Error> failure) override;

 private:
  enum class Phase { idle, exchange };
  enum class BodyMode { none, held, streamed, discarded };
  enum class Answer { pending, holding, streaming, written };

  void expire(Clock::time_point now);  ///< check_time's decisions
  std::size_t room() const;
  /// The first bytes are (so far) the HTTP/2 preface: nothing past 16 KiB is read until it is
  /// settled, since the h2c server that may take over holds no more.
  bool may_be_h2c() const;
  void read_in();
  void peer_closed();
  void advance();
  bool read_head();
  void start_exchange(RequestHead head);
  void admit_and_forward();
  void stream_upload();
  void forward(std::optional<StreamedUpload> streamed);
  void continue_if_expected();
  void consume_body();
  void deliver(std::string_view part);
  void body_complete();
  void answer(const mock::MockResponse& response);
  void answer_failure(const Error& why);
  void start_streamed_answer(std::string first_part);
  void append_part(std::string_view part);
  void rearm_after_callback();
  void answer_written();
  /// The answer's Connection field: `close` when `closing`; an HTTP/1.0 client kept open is told so.
  ConnectionField connection_field(bool closing) const;
  void end_exchange();
  /// Closes once the exchange is over; lingers first when the client sent bytes never read.
  void close_connection();
  void drop_input();
  void refuse_and_close(int status, const std::string& title, const std::string& detail);
  void flush();
  void watch();
  std::optional<std::uint64_t> streamed_bytes() const;
  template <class Step>
  void guarded(Step&& step);

  LoopContext& ctx_;
  int fd_;
  bool dead_ = false;
  bool handed_off_ = false;
  bool first_request_ = true;
  bool peer_closed_ = false;  ///< the client shut its side (no more requests)
  bool closing_ = false;      ///< a refusal is being sent: nothing more is read
  /// The answer is out and the write side shut; what the client still sends is dropped until it
  /// closes or linger_until_ passes.
  bool lingering_ = false;
  Clock::time_point linger_until_;
  std::uint32_t watching_ = 0;
  bool registered_ = false;
  Phase phase_ = Phase::idle;
  std::string in_;
  std::string out_;
  std::size_t out_sent_ = 0;
  Clock::time_point accepted_;
  Clock::time_point last_read_;
  Clock::time_point last_write_;
  Clock::time_point idle_since_;
  Clock::time_point head_started_;

  // The exchange in progress.
  mock::MockRequest request_;
  ValidatingProxy::Started started_;
  std::vector<check::ExchangeViolation> sent_;
  BodyFraming framing_ = BodyFraming::none;
  std::uint64_t body_left_ = 0;
  std::uint64_t announced_ = 0;  ///< Content-Length, when the body has one
  std::string decoded_;          ///< scratch: a chunked body's bytes
  ChunkedBody chunked_;
  BodyMode body_ = BodyMode::none;
  bool body_done_ = true;
  bool expects_continue_ = false;
  bool keep_alive_ = true;
  bool close_after_ = false;
  int minor_version_ = 1;
  std::uint64_t streamed_request_bytes_ = 0;
  bool upload_streamed_ = false;  ///< the request body was (or is being) passed on unread
  Clock::time_point discard_until_;
  std::unique_ptr<UpstreamExchange> transfer_;
  Answer answer_ = Answer::pending;
  Clock::time_point upstream_deadline_;
  Clock::time_point upstream_heard_;
  bool upstream_waiting_on_client_ = false;  ///< paused: the client has not taken what came
  ResponseFraming answer_framing_ = ResponseFraming::none;
  std::string answer_body_;
};

}  // namespace sonde::proxy
