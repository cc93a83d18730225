#pragma once
/// DNS over TLS (RFC 7858) and DNS over HTTPS (RFC 8484) as a dns::Transport, over libcurl: the
/// resolver's certificate is verified (its name for SNI and the check), a DoH query is a POST of
/// application/dns-message (HTTP/2 when the server offers it), or a GET when the URL is RFC 8484's
/// URI template with "{?dns}" (the message base64url-encoded), a DoT query is the message with
/// its two-byte length on a TLS connection. `sonde dns --server tls://... | https://...` uses it.
/// Exchanges run one at a time, when started: a --server question needs no racing.
#include <cstdint>
#include <deque>
#include <string>

#include "core/dns/transport.hpp"

namespace sonde::net {

struct EncryptedResolver {
  enum class Kind { tls, https };
  Kind kind = Kind::https;
  std::string url;   ///< https://host[:port]/path as given; tls:// as given
  std::string host;  ///< the name the certificate must carry (or an address literal)
  std::uint16_t port = 443;
  std::string cacert;  ///< CA bundle to verify with; empty: the system's
  bool get = false;    ///< the URL ends in RFC 8484's "{?dns}" template: ask with GET
};

/// "tls://HOST[:PORT]" (853 by default) or "https://HOST[:PORT]/PATH" (/dns-query when no path;
/// "/PATH{?dns}" for GET);
/// nullopt-like usage error for anything else.
Result<EncryptedResolver> parse_encrypted_resolver(const std::string& text);

/// True for the schemes parse_encrypted_resolver reads.
bool is_encrypted_resolver(const std::string& text);

class EncryptedTransport final : public dns::Transport {
 public:
  explicit EncryptedTransport(EncryptedResolver resolver) : resolver_(std::move(resolver)) {}

  Result<int> start(const dns::Endpoint& server, dns::Protocol protocol, std::span<const std::uint8_t> query,
                    std::chrono::milliseconds timeout) override;
  std::optional<dns::Completion> wait(std::chrono::milliseconds max_wait) override;
  void cancel(int ticket) override;
  void cancel_all() override { finished_.clear(); }
  std::size_t pending() const override { return finished_.size(); }

 private:
  EncryptedResolver resolver_;
  std::deque<dns::Completion> finished_;
  int next_ticket_ = 1;
};

/// Routes each exchange by its endpoint: one with a `url` (tls://, https://) through an
/// EncryptedTransport made for it, the others through `plain` (c-ares: UDP, TCP). Lets --compare
/// ask a list of resolvers over mixed transports in one run.
class RoutingTransport final : public dns::Transport {
 public:
  RoutingTransport(dns::Transport& plain, std::string cacert) : plain_(plain), cacert_(std::move(cacert)) {}

  Result<int> start(const dns::Endpoint& server, dns::Protocol protocol, std::span<const std::uint8_t> query,
                    std::chrono::milliseconds timeout) override;
  std::optional<dns::Completion> wait(std::chrono::milliseconds max_wait) override;
  void cancel(int ticket) override;
  void cancel_all() override;
  std::size_t pending() const override { return finished_.size() + plain_.pending(); }
  int ignored_replies() const override { return plain_.ignored_replies(); }
  int ignored_replies(int ticket) const override { return ticket > 0 ? plain_.ignored_replies(ticket) : 0; }

 private:
  dns::Transport& plain_;
  std::string cacert_;
  std::deque<dns::Completion> finished_;  ///< encrypted exchanges (negative tickets), done when started
  int next_ticket_ = -1;
};

/// One resolver in any form sonde takes: ADDRESS[:PORT] or udp://ADDRESS[:PORT] (UDP, TCP again
/// when truncated), tcp://ADDRESS[:PORT] (TCP only), tls://HOST[:PORT], https://HOST[:PORT]/PATH.
/// The endpoint's url is set for the last three (what RoutingTransport routes by).
Result<dns::Endpoint> parse_resolver(const std::string& text);

/// A list of resolvers for --compare: one per line in parse_resolver's forms; '#' starts a
/// comment. Errors name file:line.
Result<std::vector<dns::Endpoint>> read_resolver_list(const std::string& path);

}  // namespace sonde::net
