#pragma once
/// What `sonde time` is asked to do, and what it measured. Defaults live here.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/net/ares_resolve.hpp"
#include "core/timing/phases.hpp"
#include "core/timing/tls_info.hpp"

namespace sonde::timing {

enum class HttpVersion { any, http1_1, http2 };

/// One request, in curl's terms.
struct RequestOptions {
  std::string url;
  std::string method;                       ///< empty: GET, or POST when there is a body
  std::vector<std::string> headers;         ///< "Name: value"
  std::optional<std::string> body;          ///< the bytes to send (already read from @file)
  HttpVersion http_version = HttpVersion::any;
  net::Family family = net::Family::any;
  std::vector<std::string> resolve;         ///< HOST:PORT:ADDR, as curl --resolve
  std::vector<std::string> connect_to;      ///< HOST1:PORT1:HOST2:PORT2, as curl --connect-to
  std::string cacert, cert, key;
  bool insecure = false;
  std::chrono::milliseconds timeout{30000};  ///< per run, every hop and its DNS included (curl --max-time)
  long max_redirs = 10;                      ///< hops sonde follows; 0 = report the redirect itself
  bool location_trusted = false;             ///< send credentials to other origins on redirect
  std::string proxy;
};

struct TimingOptions {
  RequestOptions request;
  int runs = 1;
  bool warm = false;     ///< reuse one connection after the first run
  int concurrency = 1;   ///< >1: curl_multi with this many requests in flight
  std::function<void(int done, int total)> on_progress;  ///< optional; called after each run
};

/// How the host name became an address for one hop.
struct DnsInfo {
  std::string source;  ///< "c-ares", "ip-literal", "--resolve", "cached", "proxy", "connect-to"
  std::vector<std::string> ipv4, ipv6;
};

struct Hop {
  std::string url;
  std::string method;
  long status = 0;
  std::string http_version;  ///< "1.0", "1.1", "2", "3"
  std::string remote;        ///< ip:port (IPv6 in brackets)
  bool reused = false;
  Phases phases;
  DnsInfo dns;
  std::optional<TlsInfo> tls;  ///< https only
  std::string location;        ///< the redirect target, when the hop redirected
  std::vector<std::string> withheld;  ///< credential headers not sent: the hop left the first origin
  std::int64_t bytes = 0;      ///< response body bytes
  std::vector<std::string> attempts;  ///< connect attempts (ADDR:PORT) per family race; empty when reused
};

struct Run {
  Phases phases;  ///< the hops added up
  std::vector<Hop> hops;
  bool warm = false;  ///< this run went over a connection kept from an earlier one
};

struct TimingResult {
  std::string url;
  std::vector<Run> runs;
};

}  // namespace sonde::timing
