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
  std::string address;  ///< empty: glueless, looked up when its turn comes
};

struct Flight {
  std::size_t candidate = 0;
  Protocol protocol = Protocol::udp;
  std::vector<SubTrace> lookups;
  Clock::time_point started;
  bool swept = false;  ///< asked by the sweep after the race was won: only labels the server
};

// IPv4 addresses of every server first, then IPv6, then the glueless names.
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

namespace {

// Names a server that sent datagrams the transport dropped (another ID or question).
void add_note(Step& step, const std::string& note) { step.note += (step.note.empty() ? "" : "; ") + note; }

std::string ignored_note(int ignored) {
  if (ignored == 0) return {};
  return std::to_string(ignored) + (ignored == 1 ? " forged or mismatching reply" : " forged or mismatching replies") +
         " ignored";
}

}  // namespace

/// One race among the servers of a zone for one question.
class ZoneRace {
 public:
  ZoneRace(Tracer& tracer, ZoneServers& zone, const std::string& qname, std::uint16_t qtype, std::vector<Step>& steps,
           int nesting, std::vector<std::uint8_t> query)
      : t_(tracer), zone_(zone), qname_(qname), qtype_(qtype), steps_(steps), nesting_(nesting),
        query_(std::move(query)), candidates_(candidates_of(zone, tracer.opts_.ipv6)) {}

  Tracer::ZoneReply run() {
    launch_next();
    while (true) {
      if (flights_.empty()) {
        if (next_ >= candidates_.size() || t_.out_of_budget(why_)) break;
        launch_next();
        continue;
      }
      const auto left = std::chrono::duration_cast<milliseconds>(t_.deadline_ - Clock::now());
      const auto max_wait = next_ < candidates_.size() ? std::min(t_.opts_.stagger, left) : left;
      std::set<int> tickets;
      for (const auto& [ticket, flight] : flights_) tickets.insert(ticket);
      auto c = t_.wait_for(tickets, std::max(max_wait, milliseconds(0)));
      if (!c) {
        if (Clock::now() >= t_.deadline_) break;
        launch_next();  // stagger elapsed: bring in the next server
        continue;
      }
      if (handle(std::move(*c))) {
        if (met_lame_) sweep();
        abandon_the_rest();
        return std::move(won_);
      }
    }
    for (const auto& [ticket, flight] : flights_) t_.transport_.cancel(ticket);
    Tracer::ZoneReply lost;
    lost.failure = why_.empty() ? "no server of zone " + zone_.zone + " gave a usable reply" : why_;
    return lost;
  }

 private:
  Step make_step(const Flight& f) const {
    Step s;
    s.zone = zone_.zone;
    s.qname = qname_;
    s.qtype = qtype_;
    s.server = candidates_[f.candidate].ns;
    s.address = candidates_[f.candidate].address;
    s.transport = f.protocol;
    s.depth = zone_.depth;
    return s;
  }

  void record(Step step, const std::optional<std::string>& problem) {
    if (problem) {
      met_lame_ = true;
      step.problem = problem;
      t_.add_problem(step, *problem);
    }
    steps_.push_back(std::move(step));
  }

  // Finds the addresses of a glueless server; the extra addresses become candidates of their own.
  bool resolve_glueless(std::size_t index, Flight& f) {
    auto found = t_.lookup_addresses(candidates_[index].ns, nesting_, f.lookups);
    if (found.empty()) {
      Step s = make_step(f);
      s.lookups = std::move(f.lookups);
      record(std::move(s), "lame: cannot resolve the server's address");
      return false;
    }
    candidates_[index].address = found.front();
    for (std::size_t k = 1; k < found.size(); ++k) {
      candidates_.insert(candidates_.begin() + static_cast<long>(index + k), {candidates_[index].ns, found[k]});
    }
    for (auto& server : zone_.servers) {
      if (same_name(server.name, candidates_[index].ns)) server.addresses = found;
    }
    return true;
  }

  void launch(std::size_t index, Protocol protocol) {
    Flight f{index, protocol, {}, Clock::now(), sweeping_};
    if (candidates_[index].address.empty() && !resolve_glueless(index, f)) return;
    auto endpoint = parse_endpoint(candidates_[index].address);
    if (!endpoint) return;
    auto ticket = t_.transport_.start(*endpoint, protocol, query_, t_.opts_.timeout);
    if (!ticket) return;
    ++t_.result_.queries;
    f.started = Clock::now();
    flights_.emplace(*ticket, std::move(f));
  }

  void launch_next() {
    if (sweeping_) return;
    if (next_ < candidates_.size() && !t_.out_of_budget(why_)) launch(next_++, Protocol::udp);
  }

  // Takes one completion; true when it won the race (won_ is then filled).
  bool handle(Completion c) {
    Flight flight = std::move(flights_.at(c.ticket));
    flights_.erase(c.ticket);
    Step step = make_step(flight);
    step.lookups = std::move(flight.lookups);
    step.note = ignored_note(c.ignored_replies);
    if (c.status != Completion::Status::reply && flight.swept && c.status != Completion::Status::unreachable) {
      // Only an ICMP or TCP refusal is evidence enough after the fact; a sweep timeout is not.
      add_note(step, "not checked: " + outcome_problem(c).substr(6));
      record(std::move(step), std::nullopt);
      return false;
    }
    if (c.status != Completion::Status::reply) {
      record(std::move(step), outcome_problem(c));
      launch_next();
      return false;
    }
    step.rtt_ms = c.rtt_ms;
    auto reply = parse_message(c.reply);
    if (!reply) {
      record(std::move(step), "lame: malformed reply (" + reply.error().message + ")");
      launch_next();
      return false;
    }
    describe_reply(*reply, step);
    if (!question_matches(*reply, qname_, qtype_)) {
      ++t_.result_.ignored_replies;
      step.problem = "ignored: reply does not match the question";
      record(std::move(step), std::nullopt);
      launch_next();
      return false;
    }
    if (reply->header.tc && flight.protocol == Protocol::udp && flight.swept) {
      // A truncated reply has no sections to judge; the answer is already known.
      add_note(step, "truncated: not retried over TCP (the answer is known)");
      record(std::move(step), std::nullopt);
      return false;
    }
    if (reply->header.tc && flight.protocol == Protocol::udp) {
      add_note(step, "truncated: retrying over TCP");
      record(std::move(step), std::nullopt);
      if (!t_.out_of_budget(why_)) launch(flight.candidate, Protocol::tcp);
      return false;
    }
    Classified verdict = classify(*reply, qname_, zone_.zone);
    if (verdict.verdict == Verdict::lame) {
      record(std::move(step), verdict.problem);
      launch_next();
      return false;
    }
    if (flight.swept || sweeping_) {
      add_note(step, "usable too");
      record(std::move(step), std::nullopt);
      return false;
    }
    step.referral = verdict.referral;
    if (verdict.verdict == Verdict::answer) step.answer = reply->answer;
    for (const auto& rr : reply->authority) {
      if (rr.type == 6 && verdict.verdict != Verdict::referral) step.authority.push_back(rr);
      // DS (43), RRSIG (46), NSEC (47), NSEC3 (50): what a validator needs from a referral.
      if (t_.opts_.dnssec && (rr.type == 43 || rr.type == 46 || rr.type == 47 || rr.type == 50)) step.proof.push_back(rr);
    }
    record(std::move(step), std::nullopt);
    won_v6_ = candidates_[flight.candidate].address.find(':') != std::string::npos;
    won_.ok = true;
    won_.reply = std::move(*reply);
    won_.classified = std::move(verdict);
    return true;
  }

  // A zone that showed a lame server has its other servers asked too (in parallel, for at most
  // one stagger), so every lame one is named rather than only those the race happened to reach.
  // Healthy zones cost no extra query. Left out: glueless servers (a sub-trace each), addresses
  // of the other family than the answer's (an IPv4-only host cannot reach IPv6 ones), and the
  // whole sweep when it would take more than half of the query budget left.
  void sweep() {
    std::vector<std::size_t> sweepable;
    for (std::size_t k = next_; k < candidates_.size(); ++k) {
      const std::string& address = candidates_[k].address;
      if (!address.empty() && (address.find(':') != std::string::npos) == won_v6_) sweepable.push_back(k);
    }
    const int budget_left = t_.opts_.max_queries - t_.result_.queries;
    if (sweepable.empty() || static_cast<int>(sweepable.size()) * 2 > budget_left) return;
    sweeping_ = true;
    next_ = candidates_.size();
    for (std::size_t k : sweepable) launch(k, Protocol::udp);
    const auto until = std::min(Clock::now() + t_.opts_.stagger, t_.deadline_);
    while (!flights_.empty()) {
      const auto left = std::chrono::duration_cast<milliseconds>(until - Clock::now());
      if (left.count() <= 0) break;
      std::set<int> tickets;
      for (const auto& [ticket, flight] : flights_) tickets.insert(ticket);
      auto c = t_.wait_for(tickets, left);
      if (!c) break;
      handle(std::move(*c));
    }
  }

  // Servers still silent when another answered are abandoned, and worth naming.
  void abandon_the_rest() {
    for (const auto& [ticket, flight] : flights_) {
      const auto waited = std::chrono::duration_cast<milliseconds>(Clock::now() - flight.started).count();
      Step step = make_step(flight);
      step.note = ignored_note(t_.transport_.ignored_replies(ticket));
      if (flight.swept) {
        add_note(step, "not checked: no reply within " + std::to_string(waited) + " ms of the answer");
        record(std::move(step), std::nullopt);
      } else {
        record(std::move(step), "slow: no reply within " + std::to_string(waited) + " ms (abandoned)");
      }
      t_.transport_.cancel(ticket);
    }
    flights_.clear();
  }

  Tracer& t_;
  ZoneServers& zone_;
  const std::string& qname_;
  std::uint16_t qtype_;
  std::vector<Step>& steps_;
  int nesting_;
  std::vector<std::uint8_t> query_;
  std::vector<Candidate> candidates_;
  std::map<int, Flight> flights_;
  std::size_t next_ = 0;
  bool met_lame_ = false;  ///< a server of this zone was found lame during the race
  bool sweeping_ = false;  ///< the race is won; replies now only label servers
  bool won_v6_ = false;    ///< the answer came over IPv6
  std::string why_;
  Tracer::ZoneReply won_;
};

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
    mailbox_.emplace(c->ticket, std::move(*c));  // an outer race's, finished while a lookup ran
  }
}

Tracer::ZoneReply Tracer::ask_zone(ZoneServers& zone, const std::string& qname, std::uint16_t qtype,
                                   std::vector<Step>& steps, int nesting) {
  auto query = build_query(qname, qtype, {.recursion_desired = false, .udp_size = 1232, .dnssec_ok = opts_.dnssec, .nsid = opts_.nsid});
  if (!query) {
    ZoneReply failed;
    failed.failure = query.error().message;
    return failed;
  }
  return ZoneRace(*this, zone, qname, qtype, steps, nesting, std::move(*query)).run();
}

}  // namespace sonde::dns
