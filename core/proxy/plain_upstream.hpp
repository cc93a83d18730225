#pragma once
/// The proxy's own HTTP/1.1 client for plain http:// upstreams given by address (the common case
/// of a proxy in front of a service under test): one exchange per kept-alive connection, driven by
/// the loop's readiness like libcurl's, without libcurl's per-transfer work and its two liveness
/// polls per exchange. Requests are written as they came (core/proxy/plain_request.hpp); answers
/// are read with their framing (Content-Length, chunked, or to the connection's end) and handed
/// on undecoded otherwise. A kept-alive connection that turns out closed when reused is replaced
/// once, as libcurl does, when nothing of the answer came and the request can be sent again.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/net/curl_error.hpp"
#include "core/proxy/answer_reader.hpp"
#include "core/proxy/event_loop.hpp"
#include "core/proxy/plain_pool.hpp"
#include "core/proxy/plain_request.hpp"
#include "core/proxy/upstream_exchange.hpp"

namespace sonde::proxy {

class PlainTransfer final : public UpstreamExchange {
 public:
  /// Starts forwarding `request` to `route` (its body, unless `streamed`: then what feed() hands
  /// over). `request` (its body, read in place) must outlive the transfer, as AsyncTransfer's
  /// must. A failure to connect comes as on_done on the loop's next turn, never from here.
  PlainTransfer(PlainUpstreamPool& pool, Listener& listener, const mock::MockRequest& request, std::string url,
                PlainRoute route, std::optional<StreamedUpload> streamed);
  ~PlainTransfer() override;

  bool started() const override { return true; }
  void resume_body() override;

 private:
  friend class PlainUpstreamPool;
  friend class PlainConnection;

  void upload_more() override;
  void ready(std::uint32_t events);
  void step(std::uint32_t events);
  std::string_view unsent() const;  ///< the next bytes of the request to send
  void sent(std::size_t n);
  void turn();  ///< the pool's deferred call
  void settle();
  bool open();
  void connect_from(std::size_t endpoint);
  void connect_done();
  void send_out();
  bool refill();
  void read_in();
  void pump();
  void at_end_of_input(int error);
  void retry();
  void complete();
  void fail(net::TransferFailure failure, std::string message);
  void rewatch();
  void close_socket();

  PlainUpstreamPool& pool_;
  PlainRoute route_;
  std::string method_;
  std::unique_ptr<PlainConnection> connection_;
  std::size_t endpoint_ = 0;
  bool connecting_ = false;
  bool reused_ = false;  ///< the connection served an earlier exchange
  bool retried_ = false;
  bool refused_ = false;  ///< an endpoint refused the connection

  std::string request_head_;     ///< sent again on a retry
  std::string_view held_body_;   ///< the request's held body, read in place (sent again on a retry)
  std::size_t head_sent_ = 0;
  std::size_t body_sent_ = 0;
  std::string out_;          ///< a streamed body's framed parts
  std::size_t out_sent_ = 0;
  bool streamed_ = false;
  bool chunked_upload_ = false;
  bool upload_done_ = true;
  bool upload_started_ = false;  ///< part of a streamed body left the upload buffer
  bool send_broken_ = false;

  AnswerReader reader_{method_, head_};
  bool body_paused_ = false;
  bool resume_asked_ = false;
  std::string paused_part_;

  bool done_ = false;
  bool told_ = false;
  std::optional<Error> failure_;
};

}  // namespace sonde::proxy
