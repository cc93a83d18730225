#pragma once
/// The proxy's way to the real service: one request forwarded as it came (method, target,
/// headers, body bytes), over libcurl with certificate verification on, and the answer returned
/// as it came. Hop-by-hop headers (RFC 9110 section 7.6.1) stay on their hop; Host becomes the
/// upstream's (a reverse proxy). A request body is held when a check reads it (hold_request_body,
/// up to net::k_max_kept_body) and is otherwise forwarded as it arrives (StreamingForward); an
/// answer's body is held only when a check reads it (hold_body) and is
/// otherwise passed on as it arrives (MockResponse::stream): downloads and event streams flow
/// through in bounded memory, however large or long.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/mock/exchange.hpp"
#include "core/util/error.hpp"

namespace sonde::proxy {

/// Answers whose announced length is at most this are held whatever their type: small bodies are
/// checked in full (an empty body where one is documented, a body where none is) and recorded.
inline constexpr std::uint64_t k_small_body = std::uint64_t{1} << 20;

struct UpstreamOptions {
  /// "https://api.example.com" or with a path prefix: a reverse proxy, the target is appended.
  /// Empty: a forward proxy (clients with HTTP_PROXY), each request goes to its own absolute URL.
  std::string base;
  std::chrono::milliseconds timeout{30000};  ///< for the head and a held body; the longest silence in a passed-on one
  bool insecure = false;  ///< no certificate verification (a self-signed upstream under test)
  std::string cacert;
  /// Called (on the sending thread) when a body being passed on fails before its end: the upstream
  /// reset, or went silent for `timeout`. The client sees the body cut; this tells the run.
  std::function<void(const mock::MockRequest&, const Error&)> on_passed_on_failure;
};

/// The URL a request target goes to. Origin-form ("/v1/pets?limit=2") is appended to `base`; it
/// must start with "/", so a target can never change the host ("@evil.test/" after
/// "https://api.example.com" would). Absolute-form ("http://api.example.com/v1/pets", what clients
/// send to a forward proxy) keeps its own URL when `base` is empty, and only its path and query
/// are appended to `base` otherwise: a reverse proxy is never an open relay. The error (a client
/// error, answered 400) says what the proxy takes.
Result<std::string> upstream_url(std::string_view target, std::string_view base);

/// Whether the proxy holds an answer's body whole (decided from its head): when it has none (HEAD,
/// 1xx, 204, 304), when its announced length is at most k_small_body, or when it is JSON sent
/// without a Content-Encoding — the bodies the contract checks read. Anything else (a download, a
/// compressed or chunked body of another type, text/event-stream) is passed on as it arrives.
bool hold_body(const std::string& method, int status, const mock::HeaderList& headers,
               std::optional<std::uint64_t> length);

/// Whether the proxy holds a request's body (up to net::k_max_kept_body) before forwarding it,
/// decided from the request's head: when its announced length is at most k_small_body, or its
/// media type is one the request checks read (JSON, form-urlencoded, multipart/form-data) and it
/// has no Content-Encoding. Anything else (an upload of another type, a compressed body) is
/// passed on as it arrives (StreamingForward).
bool hold_request_body(const mock::HeaderList& headers);

class Transfer;

/// A request forwarded while its body still arrives from the client: a body no check reads, or
/// one that grew too large to hold. The head goes upstream at once, each part as it comes (memory
/// stays bounded: a part is handed on before the next is read), and once the body is complete the
/// answer is awaited as forward() awaits it.
class StreamingForward {
 public:
  /// Starts the exchange (`request` without its body; its Content-Length, if any, is kept). The
  /// error is forward()'s: no URL for the target, libcurl missing.
  static Result<std::unique_ptr<StreamingForward>> start(const mock::MockRequest& request, const UpstreamOptions& options);
  ~StreamingForward();

  /// Sends the next part of the body, waiting while the upstream takes it. False when it will take
  /// no more: it answered already (finish() returns that answer), failed, or took nothing for
  /// `timeout` (finish() says so). Stop feeding then.
  bool send(std::string_view part);
  /// The client's body is complete (`whole`) or stopped short: returns the upstream's answer as
  /// forward() does. A body that stopped short is abandoned upstream (the connection is closed, so
  /// the upstream sees it cut) unless the upstream had answered already.
  Result<mock::MockResponse> finish(bool whole);
  /// Whether the upstream answered before the body was complete (a refusal, typically).
  bool answered_early() const;
  std::uint64_t bytes_sent() const { return sent_; }

 private:
  StreamingForward(const mock::MockRequest& request, const UpstreamOptions& options, std::unique_ptr<Transfer> transfer);
  mock::MockRequest request_;  ///< method and target (and headers), for the answer and its messages
  UpstreamOptions options_;
  std::unique_ptr<Transfer> transfer_;
  std::uint64_t sent_ = 0;
  bool stalled_ = false;
};

/// The upstream's answer; an error (runtime, exit 4 material) when it could not be reached, or
/// its head (or a held body) did not come within `timeout`. A held body that grows past
/// net::k_max_kept_body is passed on as it arrives from there, what was read first; a passed-on
/// body fails (the client sees it cut) when the upstream stays silent for `timeout`.
Result<mock::MockResponse> forward(const mock::MockRequest& request, const UpstreamOptions& options);

/// The request's header lines as libcurl takes them ("Name: value", "Name:" to drop one of its
/// own): hop-by-hop headers, Host, Content-Length and Expect stay on this hop (libcurl writes its
/// own framing), and nothing the client did not send is added (no Accept, no Content-Type).
std::vector<std::string> upstream_header_lines(const mock::MockRequest& request);

/// True for the headers that belong to one connection, not to the message.
bool hop_by_hop(std::string_view name);

/// One line of the upstream's answer head as libcurl hands it over ("Name: value\r\n"), kept in
/// `headers` unless the hop owns it (hop-by-hop, Content-Length: the proxy's server frames its own
/// answer). A status line starts a new answer (a 1xx came first) and clears what was kept.
void take_header_line(std::string_view line, mock::HeaderList& headers);

}  // namespace sonde::proxy
