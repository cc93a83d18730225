// Asking one zone: its servers are raced. The first is asked at once; the next one when the
// previous replied lame or after `stagger` without a reply, so a silent server costs `stagger`,
// not its timeout, and a healthy zone costs one query.
#include <algorithm>

#include "core/dns/message_parser.hpp"
#include "core/dns/query_builder.hpp"
#include "core/dns/tracer.hpp"

namespace sonde::dns {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

struct Candidate {
  std::string ns;
  std::string address;  ///< empty: glueless, look it up when its turn comes
};

struct Flight {
  std::size_t candidate = 0;
  Protocol protocol = Protocol::udp;
  std::vector<SubTrace> lookups;
  Clock::time_point started;
};

std::vector<Candidate> candidates_of(const ZoneServers& zone, bool ipv6) {
  std::vector<Candidate> out;
  for (bool want_v6 : {false, true}) {
    if (want_v6 && !ipv6) break;
    for (const auto& s : zone.servers) {
      for (const auto& a : s.addresses) {
        if ((a.find(':') != std::string::npos) == want_v6) out.push_back({s.name, a});
      }
    }
  }
  for (const auto& s : zone.servers) {
    if (s.addresses.empty()) out.push_back({s.name, {}});
  }
  return out;
}

std::string outcome_problem(const Completion& c) {
  switch (c.status) {
    case Completion::Status::timeout: return "lame: timeout";
    case Completion::Status::unreachable: return "lame: unreachable";
    default: return "lame: " + c.detail;
  }
}

}  // namespace

void describe_reply(const Message& reply, Step& step) {
  const auto& h = reply.header;
  step.rcode = rcode_name(h.rcode);
  const std::pair<bool, const char*> flags[] = {{h.qr, "qr"}, {h.aa, "aa"}, {h.tc, "tc"}, {h.rd, "rd"},
                                                {h.ra, "ra"}, {h.ad, "ad"}, {h.cd, "cd"}};
  for (const auto& [on, name] : flags) {
    if (on) step.flags.emplace_back(name);
  }
  if (reply.edns && reply.edns->nsid) step.nsid = reply.edns->nsid;
}

std::optional<Completion> Tracer::wait_for(const std::set<int>& mine, milliseconds max_wait) {
  for (int t : mine) {
    if (auto it = mailbox_.find(t); it != mailbox_.end()) {
      Completion c = std::move(it->second);
      mailbox_.erase(it);
      return c;
    }
  }
  const auto until = Clock::now() + max_wait;
  while (true) {
    const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
    if (left.count() < 0) return std::nullopt;
    auto c = transport_.wait(left);
    if (!c) return std::nullopt;
    if (mine.contains(c->ticket)) return c;
    mailbox_.emplace(c->ticket, std::move(*c));  // belongs to an outer race, waiting on a lookup
  }
}

Tracer::ZoneReply Tracer::ask_zone(ZoneServers& zone, const std::string& qname, std::uint16_t qtype,
                                   std::vector<Step>& steps, int nesting) {
  ZoneReply out;
  auto query = build_query(qname, qtype, {.recursion_desired = false, .udp_size = 1232, .dnssec_ok = false, .nsid = opts_.nsid});
  if (!query) {
    out.failure = query.error().message;
    return out;
  }
  std::vector<Candidate> candidates = candidates_of(zone, opts_.ipv6);
  std::map<int, Flight> flights;
  std::set<int> tickets;
  std::size_t next = 0;
  std::string why;

  auto make_step = [&](const Flight& f) {
    Step s;
    s.zone = zone.zone;
    s.qname = qname;
    s.qtype = qtype;
    s.server = candidates[f.candidate].ns;
    s.address = candidates[f.candidate].address;
    s.transport = f.protocol;
    s.depth = zone.depth;
    return s;
  };
  auto launch = [&](std::size_t index, Protocol protocol) {
    Flight f{index, protocol, {}, Clock::now()};
    if (candidates[index].address.empty()) {
      auto found = lookup_addresses(candidates[index].ns, nesting, f.lookups);
      if (found.empty()) {
        Step s = make_step(f);
        s.lookups = std::move(f.lookups);
        s.problem = "lame: cannot resolve the server's address";
        add_problem(s, *s.problem);
        steps.push_back(std::move(s));
        return;
      }
      candidates[index].address = found.front();
      for (std::size_t k = 1; k < found.size(); ++k) {
        candidates.insert(candidates.begin() + static_cast<long>(index + k), {candidates[index].ns, found[k]});
      }
      for (auto& server : zone.servers) {
        if (same_name(server.name, candidates[index].ns)) server.addresses = found;
      }
    }
    auto endpoint = parse_endpoint(candidates[index].address);
    if (!endpoint) return;
    auto ticket = transport_.start(*endpoint, protocol, *query, opts_.timeout);
    if (!ticket) return;
    ++result_.queries;
    f.started = Clock::now();
    flights.emplace(*ticket, std::move(f));
    tickets.insert(*ticket);
  };
  auto launch_next = [&] {
    if (next < candidates.size() && !out_of_budget(why)) launch(next++, Protocol::udp);
  };

  launch_next();
  while (true) {
    if (tickets.empty()) {
      if (next >= candidates.size() || out_of_budget(why)) break;
      launch_next();
      continue;
    }
    auto left = std::chrono::duration_cast<milliseconds>(deadline_ - Clock::now());
    auto max_wait = next < candidates.size() ? std::min(opts_.stagger, left) : left;
    auto c = wait_for(tickets, std::max(max_wait, milliseconds(0)));
    if (!c) {
      if (Clock::now() >= deadline_) break;
      launch_next();
      continue;
    }
    Flight flight = std::move(flights.at(c->ticket));
    flights.erase(c->ticket);
    tickets.erase(c->ticket);
    Step step = make_step(flight);
    step.lookups = std::move(flight.lookups);
    if (c->status != Completion::Status::reply) {
      step.problem = outcome_problem(*c);
      add_problem(step, *step.problem);
      steps.push_back(std::move(step));
      launch_next();
      continue;
    }
    step.rtt_ms = c->rtt_ms;
    auto reply = parse_message(c->reply);
    if (!reply) {
      step.problem = "lame: malformed reply (" + reply.error().message + ")";
      add_problem(step, *step.problem);
      steps.push_back(std::move(step));
      launch_next();
      continue;
    }
    describe_reply(*reply, step);
    if (!question_matches(*reply, qname, qtype)) {
      ++result_.ignored_replies;
      step.problem = "ignored: reply does not match the question";
      steps.push_back(std::move(step));
      launch_next();
      continue;
    }
    if (reply->header.tc && flight.protocol == Protocol::udp) {
      step.note = "truncated: retrying over TCP";
      steps.push_back(std::move(step));
      if (!out_of_budget(why)) launch(flight.candidate, Protocol::tcp);
      continue;
    }
    Classified verdict = classify(*reply, qname, zone.zone);
    if (verdict.verdict == Verdict::lame) {
      step.problem = verdict.problem;
      add_problem(step, verdict.problem);
      steps.push_back(std::move(step));
      launch_next();
      continue;
    }
    step.referral = verdict.referral;
    if (verdict.verdict == Verdict::answer) step.answer = reply->answer;
    for (const auto& rr : reply->authority) {
      if (rr.type == 6 && verdict.verdict != Verdict::referral) step.authority.push_back(rr);
    }
    steps.push_back(std::move(step));
    for (int t : tickets) {  // servers still silent: abandoned, and worth naming
      Step slow = make_step(flights.at(t));
      const auto waited = std::chrono::duration_cast<milliseconds>(Clock::now() - flights.at(t).started).count();
      slow.problem = "slow: no reply within " + std::to_string(waited) + " ms (abandoned)";
      add_problem(slow, *slow.problem);
      steps.push_back(std::move(slow));
      transport_.cancel(t);
    }
    out.ok = true;
    out.reply = std::move(*reply);
    out.classified = std::move(verdict);
    return out;
  }
  for (int t : tickets) transport_.cancel(t);
  out.failure = why.empty() ? "no server of zone " + zone.zone + " gave a usable reply" : why;
  return out;
}

}  // namespace sonde::dns
