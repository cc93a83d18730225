#pragma once
/// Step-by-step iterative resolution from the root (RD=0), as data: every query sent, what came
/// back, the referrals, the answer and the problems found. The CLI renders it; it never prints.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dns/dnssec/anchor.hpp"
#include "core/dns/dnssec/report.hpp"
#include "core/dns/message.hpp"
#include "core/dns/root_hints.hpp"
#include "core/dns/transport.hpp"

namespace sonde::dns {

struct TraceOptions {
  std::vector<NameServer> root_hints = builtin_root_hints();
  std::chrono::milliseconds timeout{2000};   ///< per query
  std::chrono::milliseconds stagger{200};    ///< ask the zone's next server when none answered yet
  std::chrono::milliseconds time_limit{30000};
  int max_queries = 200;
  int max_depth = 5;   ///< nesting of glueless NS lookups
  int max_chain = 12;  ///< CNAME/DNAME links followed
  bool nsid = false;
  bool ipv6 = true;    ///< also use IPv6 server addresses (after the IPv4 ones)
  /// Validate the answer (RFC 4035): DO on every query, then DNSKEY/DS along the chain.
  bool dnssec = false;
  dnssec::Anchors anchors = dnssec::builtin_root_anchor();
  std::optional<std::uint32_t> now;  ///< validation time; the clock when empty
};

struct Referral {
  std::string zone;
  std::vector<std::string> ns;
  std::uint32_t ttl = 0;
  std::vector<std::pair<std::string, std::vector<std::string>>> glue;  ///< NS name -> addresses
};

struct SubTrace;

struct Step {
  std::string zone;       ///< the zone cut this server was asked as
  std::string qname;      ///< the name asked (changes along a CNAME chain)
  std::uint16_t qtype = 0;
  std::string server;     ///< the NS name ("a.root-servers.net.")
  std::string address;
  Protocol transport = Protocol::udp;
  std::optional<double> rtt_ms;  ///< none when no reply came
  std::string rcode;             ///< empty when no reply came
  std::vector<std::string> flags;
  std::optional<Referral> referral;
  std::vector<Record> answer;
  std::vector<Record> authority;  ///< the SOA of a negative answer
  std::vector<Record> proof;      ///< with --dnssec: DS, NSEC, NSEC3 and RRSIG of the authority section
  std::optional<std::string> problem;
  std::optional<std::string> nsid;
  std::string note;               ///< e.g. "truncated: retrying over TCP"
  int depth = 0;                  ///< zone cuts below the root (for indentation)
  std::vector<SubTrace> lookups;  ///< glueless NS names resolved before this query
};

/// The nested resolution of a name server's address (never through the system resolver).
struct SubTrace {
  std::string name;
  std::vector<std::string> addresses;
  std::vector<Step> steps;
  std::optional<std::string> failure;
};

struct Problem {
  std::string server;   ///< "ns1.example. (192.0.2.1)"
  std::string zone;
  std::string problem;  ///< "lame: REFUSED", "lame: upward referral", ...
};

struct TraceResult {
  std::string name;
  std::uint16_t type = 0;
  std::vector<Step> steps;
  std::vector<Record> answer;     ///< the whole CNAME/DNAME chain and the final records
  std::vector<Record> authority;  ///< SOA for NXDOMAIN/NODATA
  std::string rcode;              ///< NOERROR or NXDOMAIN; empty when resolution failed
  bool nodata = false;
  std::optional<std::uint32_t> negative_ttl;  ///< min(SOA TTL, SOA minimum), RFC 2308 §5
  std::vector<Problem> problems;
  std::optional<std::string> failure;  ///< why it could not be resolved
  int queries = 0;
  int ignored_replies = 0;  ///< replies whose id or question did not match
  double elapsed_ms = 0.0;
  std::string final_zone;                 ///< the zone that gave the answer
  std::vector<NameServer> final_servers;  ///< its servers (for --all-servers)
  /// With --dnssec: the answer's RRSIGs are in `answer`; NSEC/NSEC3 and RRSIGs of the final
  /// reply's authority section here; the validation's own queries and its verdicts.
  std::vector<Record> denial;
  std::vector<Step> dnssec_steps;
  std::optional<dnssec::Report> dnssec;
};

/// Appends `problem` unless the same server, zone and problem are already listed.
void add_unique_problem(TraceResult& result, Problem problem);

/// Resolves `name`/`type` iteratively from opts.root_hints using `transport`. Unresolvable names
/// are a TraceResult with `failure` set; an Error only for a malformed name.
Result<TraceResult> trace(const std::string& name, std::uint16_t type, const TraceOptions& opts, Transport& transport);

}  // namespace sonde::dns
