#include "core/dns/server_checks.hpp"

#include <algorithm>
#include <sstream>

#include "core/dns/message_parser.hpp"
#include "core/dns/parallel_exchange.hpp"
#include "core/dns/query_builder.hpp"
#include "core/dns/rdata/registry.hpp"
#include "core/dns/reply_classifier.hpp"
#include "core/dns/tracer.hpp"
#include "core/dns/rr_types.hpp"

namespace sonde::dns {

namespace {


std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "(nothing)" : out;
}

// The last name of the chain: the one whose records are final.
std::string final_name(const TraceResult& t) {
  for (auto it = t.steps.rbegin(); it != t.steps.rend(); ++it) {
    if (!it->problem && !it->rcode.empty()) return it->qname;
  }
  return t.name;
}

ServerCheck to_check(const std::string& server, const Endpoint& e, const ExchangeOutcome& o) {
  ServerCheck c{server, e.address, {}, {}, {}, {}, {}, {}, {}};
  if (!o.completion || o.completion->status != Completion::Status::reply) {
    const bool timeout = o.completion && o.completion->status == Completion::Status::timeout;
    c.problem = timeout ? "lame: timeout" : "lame: unreachable";
    // A failure that is neither a timeout nor a refusal says why (a DoT/DoH certificate, an HTTP
    // status, c-ares' own words).
    if (o.completion && o.completion->status == Completion::Status::failed && !o.completion->detail.empty()) {
      c.problem = "lame: " + o.completion->detail;
    }
    return c;
  }
  c.rtt_ms = o.completion->rtt_ms;
  if (!o.reply) {
    c.problem = "lame: malformed reply (" + o.parse_error + ")";
    return c;
  }
  c.rcode = rcode_name(o.reply->header.rcode);
  if (o.reply->edns && o.reply->edns->nsid) c.nsid = o.reply->edns->nsid;
  return c;
}

std::vector<std::string> answer_set(const Message& m, const std::string& name, std::uint16_t type, bool any_type) {
  std::vector<std::string> out;
  for (const auto& rr : m.answer) {
    if ((any_type && same_name(rr.name, name)) || rr.type == type) out.push_back(rdata::type_name(rr.type) + " " + rr.data);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<TraceResult> ask_server(const std::string& name, std::uint16_t type, const Endpoint& server,
                               const TraceOptions& opts, Transport& transport, const ServerLabel* label) {
  if (name.empty()) return fail(ErrorKind::usage, "empty domain name", {}, "use '.' for the root");
  auto query = build_query(name, type, {.recursion_desired = true, .udp_size = 1232, .dnssec_ok = false, .nsid = opts.nsid});
  if (!query) return std::unexpected(query.error());
  TraceResult out;
  out.name = name.back() == '.' ? name : name + ".";
  out.type = type;
  const auto started = std::chrono::steady_clock::now();
  auto outcome = exchange_all({{server, *query}}, transport, opts.timeout, out.queries)[0];
  Step step;
  step.zone = "";
  step.qname = out.name;
  step.qtype = type;
  const std::string shown = label ? label->text : server.text();
  step.server = shown;
  step.address = server.address;
  step.transport = label ? label->protocol : outcome.truncated_then_tcp ? Protocol::tcp : Protocol::udp;
  ServerCheck check = to_check(shown, server, outcome);
  step.rtt_ms = check.rtt_ms;
  step.problem = check.problem;
  if (outcome.reply) {
    describe_reply(*outcome.reply, step);
    step.answer = outcome.reply->answer;
    for (const auto& rr : outcome.reply->authority) {
      if (rr.type == k_soa) step.authority.push_back(rr);
    }
    if (outcome.truncated_then_tcp) step.note = "truncated over UDP: answered over TCP";
    out.rcode = step.rcode;
    out.answer = step.answer;
    out.authority = step.authority;
    out.nodata = out.rcode == "NOERROR" && out.answer.empty();
  } else {
    out.failure = "no usable reply from " + shown + (check.problem ? ": " + *check.problem : "");
  }
  out.steps.push_back(std::move(step));
  out.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

namespace {

// The SOA serial (third field of the presentation form), when the reply carries the SOA.
std::optional<std::uint32_t> soa_serial(const ExchangeOutcome& o) {
  if (!o.reply || !o.reply->header.aa) return std::nullopt;
  for (const auto& rr : o.reply->answer) {
    if (rr.type != k_soa) continue;
    std::istringstream fields(rr.data);
    std::string mname, rname;
    std::uint32_t serial = 0;
    if (fields >> mname >> rname >> serial) return serial;
  }
  return std::nullopt;
}

// Addresses of a glueless server the trace did not need, by a trace of its own from the root.
std::vector<std::string> look_up(const std::string& name, const TraceOptions& opts, Transport& transport, int& queries) {
  std::vector<std::string> out;
  for (std::uint16_t type : {std::uint16_t{1}, std::uint16_t{28}}) {
    if (type == 28 && (!opts.ipv6 || !out.empty())) break;
    auto t = trace(name, type, opts, transport);
    if (!t) continue;
    queries += t->queries;
    for (const auto& rr : t->answer) {
      if (rr.type == type) out.push_back(rr.data);
    }
  }
  return out;
}

// Marks every healthy server that disagrees with the first healthy one.
void mark_inconsistent(std::vector<ServerCheck>& asked) {
  const ServerCheck* reference = nullptr;
  for (const auto& c : asked) {
    if (!c.problem && reference == nullptr) reference = &c;
  }
  if (reference == nullptr) return;
  auto serial = [](const ServerCheck& c) { return c.serial ? std::to_string(*c.serial) : std::string("none"); };
  for (auto& c : asked) {
    if (c.problem || &c == reference) continue;
    if (c.answer != reference->answer || c.rcode != reference->rcode) {
      c.problem = "inconsistent: " + c.rcode + " " + join(c.answer) + " where " + reference->server + " says " +
                  reference->rcode + " " + join(reference->answer);
    } else if (c.serial != reference->serial) {
      c.problem = "inconsistent: SOA serial " + serial(c) + " where " + reference->server + " has " + serial(*reference);
    }
  }
}

}  // namespace

std::vector<ServerCheck> check_all_servers(TraceResult& trace, const TraceOptions& opts, Transport& transport) {
  const std::string qname = final_name(trace);
  const std::string& zone = trace.final_zone;
  auto question = build_query(qname, trace.type, {.recursion_desired = false, .udp_size = 1232, .dnssec_ok = false, .nsid = opts.nsid});
  auto soa = build_query(zone, k_soa, {});
  std::vector<ServerCheck> unchecked;
  if (!question || !soa || zone.empty()) return unchecked;
  std::vector<ExchangeJob> jobs;  // two per address: the question, then the zone's SOA
  std::vector<std::string> names;
  for (auto s : trace.final_servers) {
    if (s.addresses.empty()) s.addresses = look_up(s.name, opts, transport, trace.queries);
    for (const auto& a : s.addresses) {
      auto e = parse_endpoint(a);
      if (!e || (!opts.ipv6 && a.find(':') != std::string::npos)) continue;
      jobs.push_back({*e, *question});
      jobs.push_back({*e, *soa});
      names.push_back(s.name);
    }
    if (s.addresses.empty()) unchecked.push_back({s.name, "", {}, {}, {}, {}, {}, {}, "lame: cannot resolve the server's address"});
  }
  auto outcomes = exchange_all(jobs, transport, opts.timeout, trace.queries);
  std::vector<ServerCheck> asked;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto& o = outcomes[2 * i];
    ServerCheck c = to_check(names[i], jobs[2 * i].server, o);
    if (o.reply && !c.problem) {
      Classified v = classify(*o.reply, qname, zone);
      if (v.verdict == Verdict::lame) c.problem = v.problem;
      if (v.verdict == Verdict::referral) c.problem = "lame: referral instead of an answer";
      c.answer = answer_set(*o.reply, qname, trace.type, true);
    }
    c.serial = soa_serial(outcomes[2 * i + 1]);
    asked.push_back(std::move(c));
  }
  mark_inconsistent(asked);
  for (const auto& c : asked) {
    if (c.problem) add_unique_problem(trace, {c.server + " (" + c.address + ")", zone, *c.problem});
  }
  asked.insert(asked.end(), unchecked.begin(), unchecked.end());
  return asked;
}

std::vector<ServerCheck> compare_resolvers(TraceResult& trace, const std::vector<Endpoint>& resolvers,
                                           const TraceOptions& opts, Transport& transport) {
  auto question = build_query(trace.name, trace.type, {.recursion_desired = true, .udp_size = 1232, .dnssec_ok = false, .nsid = false});
  std::vector<ServerCheck> checks;
  if (!question) return checks;
  std::vector<ExchangeJob> jobs;
  for (const auto& r : resolvers) jobs.push_back({r, *question});
  auto outcomes = exchange_all(jobs, transport, opts.timeout, trace.queries);
  std::vector<std::string> authoritative;
  for (const auto& rr : trace.answer) {
    if (rr.type == trace.type) authoritative.push_back(rdata::type_name(rr.type) + " " + rr.data);
  }
  std::sort(authoritative.begin(), authoritative.end());
  const std::string want_rcode = trace.rcode.empty() ? "SERVFAIL" : trace.rcode;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    ServerCheck c = to_check("resolver", jobs[i].server, outcomes[i]);
    c.address = jobs[i].server.text();
    if (outcomes[i].reply) {
      c.answer = answer_set(*outcomes[i].reply, trace.name, trace.type, false);
      for (const auto& rr : outcomes[i].reply->answer) {
        if (rr.type == trace.type) c.ttl = c.ttl ? std::min(*c.ttl, rr.ttl) : rr.ttl;
      }
      if (c.rcode != want_rcode || c.answer != authoritative) {
        c.problem = "differs: " + c.rcode + " " + join(c.answer) + " where the authoritative answer is " + want_rcode +
                    " " + join(authoritative);
      }
    }
    if (c.problem) add_unique_problem(trace, {"resolver (" + c.address + ")", "", *c.problem});
    checks.push_back(std::move(c));
  }
  return checks;
}

}  // namespace sonde::dns
