#pragma once
/// One exchange with the upstream on a proxy loop, whatever carries it: libcurl's multi interface
/// (AsyncTransfer, core/proxy/upstream_multi.hpp: https, host names, an outgoing proxy) or the
/// proxy's own HTTP/1.1 client (PlainTransfer, core/proxy/plain_upstream.hpp: http:// to an
/// address). The proxy's connection sees only this: the answer's head, its body's parts, its end.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/proxy/upstream_transfer.hpp"
#include "core/util/error.hpp"

namespace sonde::proxy {

class UpstreamExchange {
 public:
  using Clock = std::chrono::steady_clock;

  class Listener {
   public:
    virtual ~Listener() = default;
    /// The final answer's head is in (head()). The exchange must live on.
    virtual void on_head(UpstreamExchange& exchange) = 0;
    /// A part of the body; false when it cannot be taken now: the exchange pauses and the same
    /// part comes again after resume_body(). The exchange must live on.
    virtual bool on_body(UpstreamExchange& exchange, std::string_view part) = 0;
    /// Everything fed has been taken (a streamed upload may read on). The exchange must live on.
    virtual void on_upload_drained(UpstreamExchange& exchange) = 0;
    /// The exchange ended: `failure` says why when it did not succeed. The listener may destroy
    /// the exchange.
    virtual void on_done(UpstreamExchange& exchange, std::optional<Error> failure) = 0;
  };

  /// An unfinished exchange is abandoned: its connection is closed, so the upstream sees it cut.
  virtual ~UpstreamExchange() = default;
  UpstreamExchange(const UpstreamExchange&) = delete;
  UpstreamExchange& operator=(const UpstreamExchange&) = delete;

  /// False when it could not start (no event will ever come for it).
  virtual bool started() const = 0;
  /// After on_body said false: the same part comes again, then the rest.
  virtual void resume_body() = 0;

  const AnswerHead& head() const { return head_; }
  AnswerHead& head() { return head_; }
  std::string shown_url() const;  ///< credentials masked
  /// A streamed upload's next part / its end.
  void feed(std::string_view part);
  void end_upload();
  std::size_t upload_pending() const { return upload_.pending(); }
  /// When the upstream last took bytes of a streamed upload (or the exchange started).
  Clock::time_point upload_taken_at() const { return upload_taken_at_; }

 protected:
  UpstreamExchange(Listener& listener, std::string url)
      : listener_(listener), url_(std::move(url)), upload_taken_at_(Clock::now()) {}
  /// More of a streamed upload was fed, or its end: send what can be sent.
  virtual void upload_more() = 0;

  Listener& listener_;
  std::string url_;
  AnswerHead head_;
  UploadBuffer upload_;
  Clock::time_point upload_taken_at_;
};

}  // namespace sonde::proxy
