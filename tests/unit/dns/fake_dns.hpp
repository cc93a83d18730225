#pragma once
// Test doubles for the trace engine: hand-built DNS replies and a Transport that answers from a
// responder function on a virtual clock (no sockets, no sleeping).
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/dns/message_parser.hpp"
#include "core/dns/query_builder.hpp"
#include "core/dns/transport.hpp"

namespace fake_dns {

using Bytes = std::vector<std::uint8_t>;

struct RR {
  std::string name;
  std::uint16_t type;
  std::uint32_t ttl;
  Bytes rdata;
};

inline Bytes name(const std::string& n) { return *sonde::dns::encode_name(n); }
inline Bytes a(std::uint8_t a0, std::uint8_t a1, std::uint8_t a2, std::uint8_t a3) { return {a0, a1, a2, a3}; }
inline Bytes soa(const std::string& mname) {
  Bytes b = name(mname);
  Bytes r = name("hostmaster." + mname);
  b.insert(b.end(), r.begin(), r.end());
  for (std::uint32_t v : {1u, 7200u, 3600u, 1209600u, 300u}) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(v >> s));
  }
  return b;
}

struct Reply {
  bool aa = false, tc = false;
  std::uint16_t rcode = 0;
  std::vector<RR> answer, authority, additional;
  std::optional<std::string> qname_override;  ///< answer a different question (hostile)
};

inline void put16(Bytes& b, unsigned v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}

inline Bytes build(const sonde::dns::Message& query, const Reply& r) {
  Bytes b;
  put16(b, query.header.id);
  put16(b, 0x8000u | (r.aa ? 0x0400u : 0u) | (r.tc ? 0x0200u : 0u) | r.rcode);
  put16(b, 1);
  put16(b, static_cast<unsigned>(r.answer.size()));
  put16(b, static_cast<unsigned>(r.authority.size()));
  put16(b, static_cast<unsigned>(r.additional.size()));
  Bytes q = name(r.qname_override.value_or(query.questions[0].name));
  b.insert(b.end(), q.begin(), q.end());
  put16(b, query.questions[0].type);
  put16(b, 1);
  for (const auto* section : {&r.answer, &r.authority, &r.additional}) {
    for (const auto& rr : *section) {
      Bytes n = name(rr.name);
      b.insert(b.end(), n.begin(), n.end());
      put16(b, rr.type);
      put16(b, 1);
      put16(b, rr.ttl >> 16);
      put16(b, rr.ttl & 0xFFFF);
      put16(b, static_cast<unsigned>(rr.rdata.size()));
      b.insert(b.end(), rr.rdata.begin(), rr.rdata.end());
    }
  }
  return b;
}

/// What a server does with one query.
struct Behaviour {
  enum Kind { reply, silent, unreachable } kind = reply;
  Reply message;
  double delay_ms = 1.0;
};

using Responder = std::function<Behaviour(const std::string& address, sonde::dns::Protocol, const sonde::dns::Message& query)>;

class FakeTransport final : public sonde::dns::Transport {
 public:
  explicit FakeTransport(Responder responder) : responder_(std::move(responder)) {}

  sonde::Result<int> start(const sonde::dns::Endpoint& server, sonde::dns::Protocol protocol,
                           std::span<const std::uint8_t> query, std::chrono::milliseconds timeout) override {
    auto parsed = sonde::dns::parse_message(query);
    REQUIRE(parsed);
    sent.push_back({server.address, protocol, parsed->questions[0].name, parsed->questions[0].type});
    Behaviour b = responder_(server.address, protocol, *parsed);
    const int ticket = next_++;
    sonde::dns::Completion c;
    c.ticket = ticket;
    double due = now_ms + b.delay_ms;
    if (b.kind == Behaviour::silent) {
      c.status = sonde::dns::Completion::Status::timeout;
      due = now_ms + static_cast<double>(timeout.count());
    } else if (b.kind == Behaviour::unreachable) {
      c.status = sonde::dns::Completion::Status::unreachable;
    } else {
      c.status = sonde::dns::Completion::Status::reply;
      c.reply = build(*parsed, b.message);
    }
    c.rtt_ms = due - now_ms;
    pending_[ticket] = {due, std::move(c)};
    return ticket;
  }

  std::optional<sonde::dns::Completion> wait(std::chrono::milliseconds max_wait) override {
    auto best = pending_.end();
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (best == pending_.end() || it->second.first < best->second.first) best = it;
    }
    const double limit = now_ms + static_cast<double>(max_wait.count());
    if (best == pending_.end() || best->second.first > limit) {
      now_ms = limit;
      return std::nullopt;
    }
    now_ms = std::max(now_ms, best->second.first);
    auto c = std::move(best->second.second);
    pending_.erase(best);
    return c;
  }

  void cancel(int ticket) override { pending_.erase(ticket); }
  void cancel_all() override { pending_.clear(); }
  std::size_t pending() const override { return pending_.size(); }

  struct Sent {
    std::string address;
    sonde::dns::Protocol protocol;
    std::string qname;
    std::uint16_t qtype;
  };
  std::vector<Sent> sent;
  double now_ms = 0.0;  ///< virtual time

 private:
  Responder responder_;
  std::map<int, std::pair<double, sonde::dns::Completion>> pending_;
  int next_ = 1;
};

}  // namespace fake_dns
