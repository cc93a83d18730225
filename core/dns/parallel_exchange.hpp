#pragma once
/// Sends several independent queries at once and collects every outcome, retrying over TCP the
/// ones that come back truncated (RFC 7766 §5).
#include <optional>
#include <vector>

#include "core/dns/message.hpp"
#include "core/dns/transport.hpp"

namespace sonde::dns {

struct ExchangeJob {
  Endpoint server;
  std::vector<std::uint8_t> query;
};

struct ExchangeOutcome {
  std::optional<Completion> completion;  ///< the last completion (TCP when it was retried)
  std::optional<Message> reply;          ///< parsed, when a well-formed reply came
  std::string parse_error;
  bool truncated_then_tcp = false;
};

/// Runs every job to completion (or its timeout); outcomes in the jobs' order.
std::vector<ExchangeOutcome> exchange_all(const std::vector<ExchangeJob>& jobs, Transport& transport,
                                          std::chrono::milliseconds timeout, int& queries);

}  // namespace sonde::dns
