#pragma once
/// The request model every reader produces and the sender consumes: method, URL, ordered headers
/// and body bytes, plus where the request was defined (for messages).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sonde::replay {

struct Header {
  std::string name;
  std::string value;
};

using Headers = std::vector<Header>;

/// How the request travels, when its source asked for more than bytes on the wire (curl's -k,
/// --cacert, --cert/--key, -x, --digest/--ntlm, --compressed; .http's Digest helper). Command-line
/// flags of sonde itself take precedence where both are given. The curl-only fields below are
/// handed to libcurl's own options, as curl does, so those headers land where curl puts them.
struct Transport {
  enum class Auth { none, basic, digest, ntlm, bearer };
  bool insecure = false;         ///< skip certificate verification
  std::string ca_file;           ///< CA bundle to verify the server with
  std::string client_cert;       ///< client certificate (PEM) for mutual TLS
  std::string client_key;        ///< its private key
  std::string proxy;             ///< proxy URL, passed to libcurl as is
  Auth auth = Auth::none;        ///< digest/ntlm need libcurl's challenge-response
  std::string credentials;       ///< "user:password" for `auth` (the token for bearer)
  std::string proxy_credentials;   ///< "user:password" for `proxy` (curl -U)
  std::optional<std::string> user_agent;  ///< curl -A (empty: no User-Agent at all)
  std::string referer;             ///< curl -e
  std::string cookie;              ///< curl -b 'a=b; c=d'
  std::vector<std::string> cookie_files;  ///< curl -b FILE: Netscape or header-style cookie files
  std::string cookie_jar;          ///< curl -c FILE: where to write the cookies after the request
  std::string range;               ///< curl -r: byte ranges such as "600-" or "0-99,200-"
  std::string http_version;        ///< curl --http1.0/--http1.1/--http2: "1.0", "1.1", "2"; empty: libcurl's
  /// An empty POST/PUT/PATCH body still goes out with Content-Length: 0 (RFC 9110 8.6, browsers);
  /// curl sends none when no data option was given (-X POST alone).
  bool length_for_empty_body = true;
  bool decode_compressed = false;  ///< ask for and decode gzip/deflate/br/zstd (curl --compressed)
  bool follow_redirects = false;   ///< only where the source asked (curl -L); credentials stay same-origin
  bool location_trusted = false;   ///< curl --location-trusted: credentials follow to other origins too
};

struct Request {
  std::string name;    ///< `# @name`, HAR index or "request"
  std::string method = "GET";
  std::string url;
  Headers headers;     ///< in the order they will be sent
  std::string body;    ///< exact bytes; empty means no body
  std::string origin;  ///< file:line where the request was defined, or "--curl", "command line"
  Transport transport;
};

/// A response as received: status, headers in order, body bytes.
struct Response {
  int status = 0;
  std::string status_line;  ///< e.g. "HTTP/1.1 503 Service Unavailable"
  Headers headers;
  std::string body;
};

/// ASCII case-insensitive comparison (header names, methods).
bool iequals(std::string_view a, std::string_view b);

/// The value of the first header called `name` (case-insensitive), if any.
std::optional<std::string> header_value(const Headers& headers, std::string_view name);

/// Replaces every header called `name` by one with `value` (appended when absent).
void set_header(Headers& headers, std::string_view name, std::string value);

/// Removes every header called `name`.
void remove_header(Headers& headers, std::string_view name);

/// Strips spaces and tabs on both ends.
std::string_view trim(std::string_view text);

}  // namespace sonde::replay
