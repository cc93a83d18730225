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
/// flags of sonde itself take precedence where both are given.
struct Transport {
  enum class Auth { none, basic, digest, ntlm };
  bool insecure = false;         ///< skip certificate verification
  std::string ca_file;           ///< CA bundle to verify the server with
  std::string client_cert;       ///< client certificate (PEM) for mutual TLS
  std::string client_key;        ///< its private key
  std::string proxy;             ///< proxy URL, passed to libcurl as is
  Auth auth = Auth::none;        ///< digest/ntlm need libcurl's challenge-response
  std::string credentials;       ///< "user:password" for `auth`
  bool decode_compressed = false;  ///< ask for and decode gzip/deflate/br/zstd (curl --compressed)
  bool follow_redirects = false;   ///< only where the source asked (curl -L); credentials stay same-origin
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
