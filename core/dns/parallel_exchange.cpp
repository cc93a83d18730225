#include "core/dns/parallel_exchange.hpp"

#include <map>

#include "core/dns/message_parser.hpp"

namespace sonde::dns {

std::vector<ExchangeOutcome> exchange_all(const std::vector<ExchangeJob>& jobs, Transport& transport,
                                          std::chrono::milliseconds timeout, int& queries) {
  std::vector<ExchangeOutcome> out(jobs.size());
  std::map<int, std::size_t> running;
  auto start = [&](std::size_t i, Protocol p) {
    auto ticket = transport.start(jobs[i].server, p, jobs[i].query, timeout);
    if (!ticket) {
      Completion failed;
      failed.detail = ticket.error().message;
      out[i].completion = failed;
      return;
    }
    ++queries;
    running[*ticket] = i;
  };
  for (std::size_t i = 0; i < jobs.size(); ++i) start(i, Protocol::udp);
  while (!running.empty()) {
    auto c = transport.wait(timeout + std::chrono::milliseconds(500));
    if (!c) break;
    auto it = running.find(c->ticket);
    if (it == running.end()) continue;
    const std::size_t i = it->second;
    running.erase(it);
    out[i].completion = *c;
    if (c->status != Completion::Status::reply) continue;
    auto reply = parse_message(c->reply);
    if (!reply) {
      out[i].parse_error = reply.error().message;
      continue;
    }
    if (reply->header.tc && !out[i].truncated_then_tcp) {
      out[i].truncated_then_tcp = true;
      start(i, Protocol::tcp);
      continue;
    }
    out[i].reply = std::move(*reply);
  }
  for (const auto& [ticket, i] : running) transport.cancel(ticket);
  return out;
}

}  // namespace sonde::dns
