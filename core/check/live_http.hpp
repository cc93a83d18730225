#pragma once
/// The one HTTP call of live mode, over libcurl (the only file of core/check that includes it).
#include <string>
#include <vector>

#include "core/check/exchange.hpp"
#include "core/util/error.hpp"

namespace sonde::check {

struct LiveRequest {
  std::string method;
  std::string url;
  std::vector<std::string> headers;  ///< "Name: value"
  std::string body;                  ///< sent when non-empty
  double max_time_s = 30;
};

/// A client that keeps its connections open between requests (one per worker thread).
class LiveClient {
 public:
  LiveClient();
  ~LiveClient();
  LiveClient(const LiveClient&) = delete;
  LiveClient& operator=(const LiveClient&) = delete;
  /// As send_live(), over this client's connections.
  Result<HttpExchange> send(const LiveRequest& request);

 private:
  void* handle_ = nullptr;  ///< the CURL easy handle (libcurl is loaded lazily: no curl.h here)
};

/// Sends the request and returns the exchange (response headers of the last hop, body as
/// received). Connection failures and timeouts are `runtime` errors naming host:port.
Result<HttpExchange> send_live(const LiveRequest& request);

}  // namespace sonde::check
