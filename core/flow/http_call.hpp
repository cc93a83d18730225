#pragma once
/// One request of a `sonde test` entry over libcurl, redirects followed by sonde (so credentials
/// never reach another origin, see core/timing/hop_plan.hpp), timed in the phases `time` reports.
/// One session per file: connections and the cookie jar carry over between its entries.
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/net/curl_handle.hpp"
#include "core/timing/phases.hpp"
#include "core/util/error.hpp"

namespace sonde::flow {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct OutgoingRequest {
  std::string method;
  std::string url;
  HeaderList headers;
  std::string body;
  bool has_body = false;
  std::string cookies;  ///< "a=1; b=2" from [Cookies], sent beside the session's own cookies
};

struct CallOptions {
  bool follow_location = false;
  long max_redirs = 50;
  bool location_trusted = false;
  bool insecure = false;
  std::string cacert;
  std::chrono::milliseconds timeout{30000};  ///< the whole call, redirects included
};

struct Call {
  OutgoingRequest request;            ///< as sent on the last hop
  int status = 0;
  std::string version;                ///< "HTTP/1.1", "HTTP/2"
  HeaderList headers;                 ///< of the last response
  std::string body;                   ///< bytes as received (after Content-Encoding)
  std::string url;                    ///< the last hop's URL
  std::vector<std::string> redirects; ///< URLs followed, in order
  std::string ip;
  timing::Phases phases;              ///< the hops added up
  std::map<std::string, std::string> certificate;  ///< Subject, Issuer, Start-Date, Expire-Date, Serial-Number
  std::vector<std::string> withheld;  ///< credential headers not sent past a cross-origin redirect
};

class HttpSession {
 public:
  HttpSession();
  /// Sends `request`; a transfer failure is a runtime error (exit 4) naming the URL.
  Result<Call> send(const OutgoingRequest& request, const CallOptions& options);

 private:
  Result<void> one_hop(const OutgoingRequest& request, const CallOptions& options, std::chrono::milliseconds budget,
                       Call& call);
  net::EasyHandle handle_;
};

}  // namespace sonde::flow
