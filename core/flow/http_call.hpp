#pragma once
/// One request of a `sonde test` entry over libcurl, redirects followed by sonde (so credentials
/// never reach another origin, see core/timing/hop_plan.hpp), timed in the phases `time` reports.
/// One session per file: connections and the cookie jar carry over between its entries.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

enum class HttpVersion { any, http1_0, http1_1, http2 };
enum class Netrc { off, optional, required };

/// How a call is made: the transfer options of Hurl's [Options] (and of sonde test's flags),
/// each mapped to the libcurl option curl's own flag of that name sets.
struct CallOptions {
  bool follow_location = false;
  long max_redirs = 50;
  bool location_trusted = false;
  bool insecure = false;
  std::string cacert;
  std::string cert;                                ///< client certificate (PEM) for mutual TLS
  std::string cert_password;                       ///< its private key's passphrase
  std::string key;                                 ///< the private key when not in `cert`'s file
  std::string pinned_public_key;                   ///< sha256//BASE64[;...] or a PEM/DER public key file
  std::chrono::milliseconds timeout{30000};        ///< the whole call, redirects included
  std::chrono::milliseconds connect_timeout{0};    ///< 0: libcurl's own (300 s, within `timeout`)
  HttpVersion http_version = HttpVersion::any;     ///< any: HTTP/2 over TLS when offered, else 1.1
  int ip_version = 0;                              ///< 4 or 6 to resolve only that family; 0: both
  bool compressed = false;                         ///< ask for gzip/deflate/br/zstd and decode it
  bool path_as_is = false;                         ///< send /../ and /./ unchanged
  std::int64_t limit_rate = 0;                     ///< bytes/s received at most; 0: unlimited
  std::string proxy;                               ///< [scheme://][user:password@]host[:port]
  std::string unix_socket;                         ///< connect through this socket instead of TCP
  std::string user;                                ///< user:password (Basic, or AWS keys with aws_sigv4)
  std::string aws_sigv4;                           ///< provider1[:provider2[:region[:service]]]
  Netrc netrc = Netrc::off;
  std::string netrc_file;                          ///< implies netrc (required) when set
  std::vector<std::string> resolve;                ///< HOST:PORT:ADDR[,ADDR]
  std::vector<std::string> connect_to;             ///< HOST1:PORT1:HOST2:PORT2

  bool operator==(const CallOptions&) const = default;
};

/// curl's --cert FILE[:PASSPHRASE] (and Hurl's `cert` option): the first ':' not escaped with a
/// backslash starts the passphrase; "\\:" and "\\\\" stand for ':' and '\\' in the file name.
void set_certificate(CallOptions& options, std::string_view file_and_passphrase);

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
  HttpSession(const HttpSession&) = delete;  // the handle points into it (error_buffer_)
  HttpSession& operator=(const HttpSession&) = delete;
  /// Sends `request`; a transfer failure is a runtime error (exit 4) naming the URL.
  Result<Call> send(const OutgoingRequest& request, const CallOptions& options);

 private:
  Result<void> one_hop(const OutgoingRequest& request, const CallOptions& options, std::chrono::milliseconds budget,
                       Call& call);
  /// Sets every transfer option of `options` (each to its default when unset: the handle carries
  /// over between entries). `lists` keeps the slists alive until the transfer ends.
  void apply(const CallOptions& options, std::vector<net::Slist>& lists);

  net::EasyHandle handle_;
  std::vector<std::string> resolved_;  ///< HOST:PORT of the last `resolve` entries (libcurl keeps them cached)
  /// The options the handle holds, and the slists they point to: most entries of a file share
  /// their options, and setting them all again cost ~20 libcurl calls per request.
  std::optional<CallOptions> applied_;
  std::vector<net::Slist> applied_lists_;
  /// The header list of a request with no header and no body ("Expect:" only, which removes
  /// libcurl's own): built once, most GETs use it.
  net::Slist expect_only_;
  char error_buffer_[CURL_ERROR_SIZE] = {};  ///< CURLOPT_ERRORBUFFER, set once for the handle
};

}  // namespace sonde::flow
