#pragma once
/// The proxy's exchanges with the upstream on its event loop (core/proxy/event_loop.hpp):
/// libcurl's multi interface driven by readiness (curl_multi_socket_action), so one thread moves
/// every exchange on without blocking in any. An AsyncTransfer reports to its Listener as the
/// answer's head, its body's parts and its end arrive; the same request options as the threaded
/// Transfer (set_forward_options), so both send the same bytes. Plain http:// to an address goes
/// by the proxy's own client instead (core/proxy/plain_upstream.hpp).
#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/mock/exchange.hpp"
#include "core/net/curl_handle.hpp"
#include "core/proxy/event_loop.hpp"
#include "core/proxy/upstream_exchange.hpp"
#include "core/proxy/upstream_transfer.hpp"
#include "core/util/error.hpp"

namespace sonde::proxy {

class UpstreamMulti;

/// An exchange carried by libcurl (https, a host name, an outgoing proxy): its callbacks report to
/// the Listener, inside libcurl except on_done.
class AsyncTransfer final : public UpstreamExchange {
 public:
  /// Starts forwarding `request` (its body, unless `streamed`: then what feed() hands over).
  /// `request` (its body, read in place) must outlive the transfer.
  AsyncTransfer(UpstreamMulti& multi, Listener& listener, const mock::MockRequest& request, std::string url,
                bool insecure, const std::string& cacert, std::optional<StreamedUpload> streamed);
  ~AsyncTransfer() override;

  /// False when libcurl refused the transfer.
  bool started() const override { return added_; }
  void resume_body() override;

 private:
  friend class UpstreamMulti;
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_write(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_read(char* buffer, std::size_t size, std::size_t count, void* self);
  void upload_more() override;

  UpstreamMulti& multi_;
  net::EasyHandle easy_;
  net::Slist header_list_;
  char error_buffer_[CURL_ERROR_SIZE] = {};
  bool head_told_ = false;
  bool added_ = false;
  bool finished_ = false;
  bool body_paused_ = false;
};

class UpstreamMulti {
 public:
  explicit UpstreamMulti(EventLoop& loop);
  ~UpstreamMulti();
  UpstreamMulti(const UpstreamMulti&) = delete;
  UpstreamMulti& operator=(const UpstreamMulti&) = delete;

  /// When libcurl next wants a call without an event (its timers), if it does.
  std::optional<std::chrono::steady_clock::time_point> deadline() const { return deadline_; }
  /// Calls libcurl for its timers once the deadline has passed.
  void on_time(std::chrono::steady_clock::time_point now);

 private:
  friend class AsyncTransfer;
  class SocketWatch;
  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socket_data);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  void act(curl_socket_t fd, int events);
  void finish_done();
  net::EasyHandle take_easy();
  void give_back(net::EasyHandle easy);

  EventLoop& loop_;
  net::MultiHandle multi_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::vector<net::EasyHandle> spare_;  ///< reset and reused: their allocations are too
  std::unordered_map<curl_socket_t, std::unique_ptr<Watcher>> watches_;  ///< the sockets libcurl asked for
};

}  // namespace sonde::proxy
