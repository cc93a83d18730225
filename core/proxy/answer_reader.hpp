#pragma once
/// An HTTP/1.1 answer read off an upstream connection as its bytes arrive, in any split (RFC 9112):
/// interim 1xx answers skipped, the final head taken line by line into an AnswerHead (the same
/// reader libcurl's lines go through), then the body by its framing — none (HEAD, 204, 304),
/// Content-Length, chunked (decoded, trailers dropped), or up to the connection's end. No socket
/// here: the proxy's own client (core/proxy/plain_upstream.hpp) feeds it, the fuzz target too.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/net/curl_error.hpp"
#include "core/proxy/chunked_body.hpp"
#include "core/proxy/upstream_transfer.hpp"

namespace sonde::proxy {

class AnswerReader {
 public:
  enum class Event {
    more,    ///< nothing more can be said before more bytes arrive
    head,    ///< the final head is in (once)
    body,    ///< a part of the body: part()
    end,     ///< the answer is whole
    failed,  ///< it cannot be read: failure() and why()
  };

  /// `head` receives the final head (it must outlive the reader); `method` decides whether a body
  /// may follow.
  AnswerReader(std::string method, AnswerHead& head) : method_(std::move(method)), head_(&head) {}

  /// Adds bytes that arrived.
  void append(std::string_view bytes);
  /// The next thing the bytes say. A body part stays valid until the next call to append or next.
  Event next();
  /// The connection ended (`error` 0: closed cleanly, else its errno): `end` when the answer runs
  /// to the connection's end, `failed` when it stopped short.
  Event closed(int error);

  std::string_view part() const { return part_; }
  net::TransferFailure failure() const { return failure_; }
  const std::string& why() const { return why_; }
  bool heard() const { return heard_; }  ///< a byte of the answer came
  /// Once ended: the connection may carry another exchange (the answer was delimited, nothing
  /// followed it, nothing said close).
  bool reusable() const;

 private:
  enum class Framing { none, length, chunked, close };
  bool read_head();
  void take_field(std::string_view line);
  void begin_body();
  Event fail(net::TransferFailure failure, std::string why);

  std::string method_;
  AnswerHead* head_;
  std::string in_;
  std::size_t used_ = 0;
  bool heard_ = false;
  std::size_t head_bytes_ = 0;
  bool expect_status_ = true;
  bool http10_ = false;
  bool close_field_ = false;
  bool keep_alive_field_ = false;
  bool transfer_coded_ = false;
  bool chunked_answer_ = false;
  bool head_told_ = false;
  Framing framing_ = Framing::none;
  std::optional<std::uint64_t> length_;  ///< the final head's Content-Length, checked
  std::uint64_t body_left_ = 0;
  ChunkedBody chunked_;
  std::string decoded_;
  std::string_view part_;
  bool ended_ = false;
  bool failed_ = false;
  net::TransferFailure failure_ = net::TransferFailure::none;
  std::string why_;
};

}  // namespace sonde::proxy
