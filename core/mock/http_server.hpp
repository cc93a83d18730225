#pragma once
/// Serves a MockService over HTTP/1.1 (keep-alive) or HTTPS, through the HTTP module loaded on
/// first use (see http_backend.hpp). Requests are logged through a callback; the core never prints.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/mock/mock_service.hpp"
#include "core/util/error.hpp"

namespace sonde::mock {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  ///< 0: any free port
  std::string cert_file;  ///< with key_file: HTTPS
  std::string key_file;
  int threads = 32;  ///< worker threads kept ready; more start while all are busy, up to max_connections
  /// Connections served at once (each holds a thread while open); past it a new connection gets
  /// 503 and is closed. Lowered to fit the open-file limit.
  int max_connections = 1000;
  /// The request line and headers must arrive within this (slowloris clients are cut: 408).
  std::chrono::milliseconds head_timeout{5000};
  /// And the body within this once the head is in.
  std::chrono::milliseconds body_timeout{30000};
  /// Compress answers for clients that accept gzip or br (httplib's own). The proxy turns it off:
  /// it forwards the upstream's bytes as they came.
  bool compress = true;
  /// Request bodies reach the handler as the client sent them: a gzip-encoded body stays encoded
  /// (httplib would decompress it and leave its Content-Encoding on). The proxy forwards them.
  bool raw_request_bodies = false;
  /// POST, PUT, PATCH and DELETE bodies are left for the handler to read as they arrive
  /// (MockRequest::read_body), any size: the proxy forwards those no check reads. The body's
  /// 30-second deadline then gives way to a limit on silence (5 s without a byte), as a proxy
  /// streaming a large upload needs; holding a body is the handler's choice, and its limit.
  bool stream_request_bodies = false;
};

/// One line per request, for the log on stderr.
struct RequestLog {
  std::string method;
  std::string target;
  int status = 0;
  double latency_ms = 0;
  std::string operation;
  std::string fault;
};

/// `answer(request)`, or, when it throws, a 500 problem+json that names nothing internal and closes
/// the connection. What the module calls back on sonde's side goes through here: no exception
/// crosses into the module, whose C++ runtime is not sonde's (a body stream's failure cuts the body).
MockResponse answer_safely(const std::function<MockResponse(const MockRequest&)>& answer, const MockRequest& request);

/// Serves one client connection that opened with the HTTP/2 preface (h2c with prior knowledge),
/// accepted elsewhere (the proxy's event loop), on the calling thread until it ends or `serving`
/// turns -1; `bytes`: what was read of it already (at most 16 KiB). Closes `fd`. Fails only when
/// the HTTP module cannot be loaded.
Result<void> serve_h2c_connection(int fd, std::string_view bytes, const std::function<MockResponse(const MockRequest&)>& answer,
                                  const std::atomic<int>& serving);

class HttpServer {
 public:
  ~HttpServer();
  /// Binds the socket (so the port is known before serving). Fails with host:port.
  static Result<std::unique_ptr<HttpServer>> bind(std::shared_ptr<MockService> service, const ServerOptions& options,
                                                  std::function<void(const RequestLog&)> log);
  /// The same server for any request handler (sonde check --proxy answers with the upstream's).
  static Result<std::unique_ptr<HttpServer>> bind(std::function<MockResponse(const MockRequest&)> answer,
                                                  const ServerOptions& options,
                                                  std::function<void(const RequestLog&)> log);
  /// "http://127.0.0.1:43211"
  std::string url() const;
  int port() const { return port_; }
  /// Serves until stop() is called (from any thread). Returns false when serving failed.
  bool serve();
  void stop();

 private:
  struct Impl;
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace sonde::mock
