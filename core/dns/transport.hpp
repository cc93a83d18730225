#pragma once
/// What the trace engine needs from the network: start exchanges with chosen servers and collect
/// them as they finish, so that several servers can be raced. net::AresTransport is the real one;
/// tests may plug in their own. The transport gives every query a fresh random ID.
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace sonde::dns {

struct Endpoint {
  std::string address;  ///< IPv4 or IPv6 literal
  std::uint16_t port = 53;
  /// A resolver's URL (tls://..., https://...) when it is asked through an encrypted transport:
  /// shown instead of the address, and what net::RoutingTransport routes by.
  std::string url = {};
  /// The URL when there is one, else "127.0.0.1" or "127.0.0.1:5353"; IPv6 as "[::1]:5353" when
  /// the port is not 53.
  std::string text() const;
};

/// Parses "IP", "IP:PORT", "[IPv6]:PORT" or a bare IPv6 literal; usage Error otherwise.
Result<Endpoint> parse_endpoint(const std::string& text);

/// tls (DoT) and https (DoH) only through net::EncryptedTransport.
enum class Protocol { udp, tcp, tls, https };

/// The protocol's name in outputs: "udp", "tcp", "tls", "https".
const char* protocol_name(Protocol protocol);

struct Completion {
  enum class Status { reply, timeout, unreachable, failed };
  int ticket = 0;
  Status status = Status::failed;
  std::vector<std::uint8_t> reply;  ///< the whole message when status is reply
  double rtt_ms = 0.0;              ///< measured by sonde from send to receive
  std::string detail;               ///< transport error text when not a reply
  int ignored_replies = 0;          ///< datagrams dropped on the way: another ID or question
};

class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends `query` to `server` over `protocol`; the completion comes later from wait().
  virtual Result<int> start(const Endpoint& server, Protocol protocol, std::span<const std::uint8_t> query,
                            std::chrono::milliseconds timeout) = 0;
  /// Waits at most `max_wait` for one started exchange to finish; nullopt if none did.
  virtual std::optional<Completion> wait(std::chrono::milliseconds max_wait) = 0;
  /// Abandons one unfinished exchange (its completion never comes).
  virtual void cancel(int ticket) = 0;
  /// Abandons every unfinished exchange.
  virtual void cancel_all() = 0;
  /// Exchanges started and not yet returned by wait().
  virtual std::size_t pending() const = 0;
  /// Replies the transport dropped because their ID or question did not match the query (a
  /// spoofing attempt or a confused server), over every exchange so far, abandoned ones included.
  virtual int ignored_replies() const { return 0; }
  /// The same, for one unfinished exchange (to name the server before abandoning it).
  virtual int ignored_replies(int /*ticket*/) const { return 0; }
};

}  // namespace sonde::dns
