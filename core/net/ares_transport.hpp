#pragma once
/// The c-ares transport: one channel per exchange, bound to exactly one server, with
/// ARES_FLAG_NOCHECKRESP (REFUSED/SERVFAIL come back to us), ARES_FLAG_IGNTC (truncation is
/// visible) and ARES_FLAG_USEVC for TCP. All channels are driven from one poll() loop, so
/// exchanges with several servers run at the same time. Each query gets a random ID (c-ares 1.18
/// sends the caller's ID as is); the channel's sockets go through our own socket functions, so
/// the datagrams c-ares silently drops for a wrong ID or question are seen and counted.
#include <map>
#include <memory>

#include "core/dns/transport.hpp"

namespace sonde::net {

class AresTransport final : public dns::Transport {
 public:
  AresTransport();
  ~AresTransport() override;
  AresTransport(const AresTransport&) = delete;
  AresTransport& operator=(const AresTransport&) = delete;

  Result<int> start(const dns::Endpoint& server, dns::Protocol protocol, std::span<const std::uint8_t> query,
                    std::chrono::milliseconds timeout) override;
  std::optional<dns::Completion> wait(std::chrono::milliseconds max_wait) override;
  void cancel(int ticket) override;
  void cancel_all() override;
  std::size_t pending() const override { return exchanges_.size(); }
  int ignored_replies() const override;
  int ignored_replies(int ticket) const override;

  struct Exchange;  ///< one channel and its outcome (defined in the .cpp)

 private:
  std::optional<dns::Completion> take_finished();
  std::map<int, std::unique_ptr<Exchange>> exchanges_;
  int next_ticket_ = 1;
  int ignored_by_gone_exchanges_ = 0;  ///< counts of exchanges already returned or abandoned
};

/// The resolvers the system is configured with (/etc/resolv.conf, as c-ares reads it).
Result<std::vector<dns::Endpoint>> system_resolvers();

}  // namespace sonde::net
