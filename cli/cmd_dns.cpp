// sonde dns: step-by-step resolution from the root (see man/sonde-dns.1).
#include <CLI/CLI.hpp>
#include <memory>
#include <sstream>

#include "cli/command.hpp"
#include "cli/json_text.hpp"
#include "cli/output_options.hpp"
#include "cli/render_dns_json.hpp"
#include "cli/render_dns_text.hpp"
#include "core/dns/dnssec/anchor.hpp"
#include "core/dns/rdata/registry.hpp"
#include "core/dns/reverse_name.hpp"
#include "core/dns/server_checks.hpp"
#include "core/net/encrypted_dns.hpp"
#include "core/net/ares_transport.hpp"
#include "core/util/duration.hpp"
#include "core/util/file_read.hpp"

namespace sonde::cli {

namespace {

struct DnsArgs {
  std::vector<std::string> positional;  ///< NAME [TYPE ...], or only TYPEs with -x
  std::string reverse;
  std::string root_hints;
  std::string server;
  std::string cacert;  ///< for a tls:// or https:// --server
  bool all_servers = false;
  bool compare = false;
  std::string compare_file;  ///< --compare FILE: resolvers from a list instead of the system's
  bool nsid = false;
  bool dnssec = false;
  std::string trust_anchor;
  bool ipv4_only = false;
  std::string timeout = "2s";  ///< a duration (core/util/duration.hpp)
  OutputOptions output;
};

struct Plan {
  std::string name;
  std::vector<std::uint16_t> types;
  dns::TraceOptions options;
  std::optional<dns::Endpoint> server;
  std::optional<net::EncryptedResolver> encrypted;  ///< --server tls://... or https://...
};

Result<Plan> to_plan(const DnsArgs& a) {
  Plan p;
  std::size_t first_type = 0;
  if (!a.reverse.empty()) {
    auto name = dns::reverse_name(a.reverse);
    if (!name) return std::unexpected(name.error());
    p.name = *name;
  } else {
    if (a.positional.empty()) return fail(ErrorKind::usage, "missing NAME", {}, "try 'sonde dns www.example.com'");
    p.name = a.positional[0];
    first_type = 1;
  }
  for (std::size_t i = first_type; i < a.positional.size(); ++i) {
    auto code = dns::rdata::type_code(a.positional[i]);
    if (!code) return fail(ErrorKind::usage, "unknown record type", a.positional[i], "use a mnemonic such as AAAA or TYPE65");
    p.types.push_back(*code);
  }
  if (p.types.empty()) p.types.push_back(a.reverse.empty() ? 1 : 12);
  auto timeout = parse_duration(a.timeout, "--timeout");
  if (!timeout) return std::unexpected(timeout.error());
  if (timeout->count() > 60.0) return fail(ErrorKind::usage, "--timeout must be more than 0 and at most 60 seconds", a.timeout);
  p.options.timeout = std::max(std::chrono::milliseconds(1), duration_as<std::chrono::milliseconds>(*timeout));
  p.options.stagger = std::min(p.options.stagger, p.options.timeout);
  p.options.nsid = a.nsid;
  p.options.ipv6 = !a.ipv4_only;
  if (!a.root_hints.empty()) {
    auto hints = dns::load_root_hints(a.root_hints);
    if (!hints) return std::unexpected(hints.error());
    p.options.root_hints = std::move(*hints);
  }
  if (!a.server.empty()) {
    auto e = net::parse_resolver(a.server);
    if (!e) return std::unexpected(e.error());
    p.server = *e;
    if (net::is_encrypted_resolver(a.server)) p.encrypted = *net::parse_encrypted_resolver(a.server);
  }
  p.options.dnssec = a.dnssec;
  if (!a.trust_anchor.empty()) {
    if (!a.dnssec) return fail(ErrorKind::usage, "--trust-anchor needs --dnssec");
    auto anchors = dns::dnssec::read_anchor_file(a.trust_anchor);
    if (!anchors) return std::unexpected(anchors.error());
    p.options.anchors = std::move(*anchors);
  }
  if (p.server && a.dnssec) {
    return fail(ErrorKind::usage, "--dnssec validates the iterative trace; it cannot be combined with --server yet",
                {}, "drop --server to trace from the root with validation");
  }
  if (p.server && a.all_servers) return fail(ErrorKind::usage, "--all-servers cannot be combined with --server");
  if (auto ok = check_library_file(a.cacert, "--cacert"); !ok) return std::unexpected(ok.error());
  if (!a.cacert.empty() && !p.encrypted && a.compare_file.empty()) {
    return fail(ErrorKind::usage, "--cacert applies to tls:// and https:// resolvers only (--server, --compare FILE)");
  }
  return p;
}

report::Suite to_suite(const std::vector<dns::TraceResult>& traces) {
  report::Suite suite{"sonde dns", {}};
  for (const auto& t : traces) {
    report::TestCase c{t.name + " " + dns::rdata::type_name(t.type), "sonde.dns", report::Outcome::passed, t.elapsed_ms, {}};
    if (t.failure) {
      c.outcome = report::Outcome::error;
      c.findings.push_back({*t.failure, "unresolved", t.name});
    }
    for (const auto& p : t.problems) {
      if (c.outcome == report::Outcome::passed) c.outcome = report::Outcome::failed;
      c.findings.push_back({p.problem, p.problem.substr(0, p.problem.find(':')), p.server});
    }
    if (t.dnssec && t.dnssec->verdict == dns::dnssec::Security::bogus) {
      if (c.outcome == report::Outcome::passed) c.outcome = report::Outcome::failed;
      c.findings.push_back({t.dnssec->reason, "dnssec-bogus", t.name});
    }
    suite.cases.push_back(std::move(c));
  }
  return suite;
}

Result<int> run_dns(const DnsArgs& args, Context& ctx) {
  auto plan = to_plan(args);
  if (!plan) return std::unexpected(plan.error());
  net::AresTransport udp_tcp;
  net::RoutingTransport transport(udp_tcp, args.cacert);  // tls:// and https:// endpoints over libcurl
  std::vector<dns::TraceResult> traces;
  std::vector<DnsViews> views;
  std::vector<dns::Endpoint> resolvers;
  if (!args.compare_file.empty()) {
    auto listed = net::read_resolver_list(args.compare_file);
    if (!listed) {
      Error e = listed.error();
      if (e.hint.empty() && e.message.starts_with("cannot")) e.hint = "--compare takes an optional FILE: put NAME before it";
      return std::unexpected(e);
    }
    resolvers = std::move(*listed);
  } else if (args.compare) {
    auto found = net::system_resolvers();
    if (!found) return std::unexpected(found.error());
    resolvers = std::move(*found);
  }
  for (std::uint16_t type : plan->types) {
    if (!ctx.global.quiet && ctx.stderr_is_tty) ctx.err << "tracing " << plan->name << " " << dns::rdata::type_name(type) << "…\n";
    std::optional<dns::ServerLabel> label;
    if (plan->encrypted) {
      label = dns::ServerLabel{plan->encrypted->url, plan->encrypted->kind == net::EncryptedResolver::Kind::tls
                                                         ? dns::Protocol::tls
                                                         : dns::Protocol::https};
    } else if (plan->server && plan->server->url.starts_with("tcp://")) {
      label = dns::ServerLabel{plan->server->url, dns::Protocol::tcp};
    }
    auto t = plan->server ? dns::ask_server(plan->name, type, *plan->server, plan->options, transport,
                                            label ? &*label : nullptr)
                          : dns::trace(plan->name, type, plan->options, transport);
    if (!t) return std::unexpected(t.error());
    DnsViews v;
    v.asked_all_servers = args.all_servers;
    v.asked_compare = args.compare;
    v.resolver_list = !args.compare_file.empty();
    if (args.all_servers && !t->failure) v.all_servers = dns::check_all_servers(*t, plan->options, transport);
    if (args.compare) v.resolvers = dns::compare_resolvers(*t, resolvers, plan->options, transport);
    traces.push_back(std::move(*t));
    views.push_back(std::move(v));
  }
  nlohmann::ordered_json doc;
  if (traces.size() == 1) {
    doc = dns_to_json(traces[0], views[0]);
  } else {
    doc = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < traces.size(); ++i) doc.push_back(dns_to_json(traces[i], views[i]));
  }
  const std::string rendered = json_text(doc) + "\n";
  if (args.output.format == "json") {
    ctx.out << rendered;
  } else {
    for (std::size_t i = 0; i < traces.size(); ++i) {
      if (i > 0) ctx.out << "\n";
      render_dns_text(ctx.out, ctx.out_style, traces[i], views[i], ctx.global.verbose > 0);
    }
  }
  if (auto written = write_report_files(args.output, rendered, to_suite(traces)); !written) {
    return std::unexpected(written.error());
  }
  bool problems = false;
  for (const auto& t : traces) {
    if (t.failure) {
      return fail(ErrorKind::runtime, "cannot resolve " + t.name + " " + dns::rdata::type_name(t.type) + ": " + *t.failure,
                  {}, "the steps above show which servers failed and why");
    }
    problems = problems || !t.problems.empty() || (t.dnssec && t.dnssec->verdict == dns::dnssec::Security::bogus);
  }
  return problems ? 1 : 0;
}

}  // namespace

Runner setup_dns(CLI::App& sub) {
  auto args = std::make_shared<DnsArgs>();
  sub.add_option("NAME", args->positional,
                 "The name to resolve, then record TYPEs (default A; with -x only TYPEs, default PTR)")
      ->type_name("");
  sub.add_option("-x", args->reverse, "Reverse lookup: the PTR record of ADDRESS (IPv4 or IPv6)")->type_name("ADDRESS");
  sub.add_option("--root-hints", args->root_hints, "Start from the root servers in FILE (named.root format) instead of IANA's")
      ->type_name("FILE");
  sub.add_option("--server", args->server,
                 "Ask only this server one question, with RD set (like dig @server): ADDRESS[:PORT], "
                 "udp:// or tcp://ADDRESS[:PORT], tls://HOST[:PORT] (DoT) or https://HOST[:PORT]/PATH (DoH; "
                 "PATH{?dns} asks with GET)")
      ->type_name("SERVER");
  sub.add_option("--cacert", args->cacert, "CA certificates (PEM) to verify a tls:// or https:// --server with")
      ->type_name("FILE");
  sub.add_flag("--all-servers", args->all_servers,
               "After the trace, ask every server of the final zone and report differing answers or SOA serials");
  // A flag that may take a FILE: "--compare" alone asks the system's resolvers.
  auto* compare = sub.add_option("--compare", args->compare_file,
                                 "After the trace, ask the system's resolvers (or those listed in FILE: ADDRESS[:PORT], "
                                 "tls://HOST, https://HOST/PATH per line) and report where they differ")
                      ->expected(0, 1)
                      ->type_name("[FILE]");
  sub.add_flag("--dnssec", args->dnssec,
               "Validate the answer from the trust anchor down: DS and DNSKEY of every zone, every RRSIG, NSEC/NSEC3 "
               "proofs; a verdict per step (exit 1 when bogus)");
  sub.add_option("--trust-anchor", args->trust_anchor,
                 "Start validation from the DS or DNSKEY records in FILE instead of the IANA root KSK 20326")
      ->type_name("FILE");
  sub.add_flag("--nsid", args->nsid, "Ask every server for its NSID (RFC 5001) and show it");
  sub.add_flag("-4,--ipv4", args->ipv4_only, "Use only IPv4 addresses of name servers");
  sub.add_option("--timeout", args->timeout, "Per-query timeout: 250ms, 1.5s, 2m or a bare number of seconds")
      ->type_name("DURATION")
      ->default_str("2s");
  add_output_options(sub, args->output, {"text", "json"}, true);
  sub.footer(
      "Examples:\n"
      "  sonde dns www.example.com                   trace A from the IANA root servers\n"
      "  sonde dns example.com MX TXT --format json  two traces as a JSON array\n"
      "  sonde dns -x 192.0.2.1                      the PTR record of an address\n"
      "  sonde dns www.shop.test --root-hints ../shared/labs/dns/root.hints --all-servers\n"
      "  sonde dns www.example.com --server 127.0.0.53 --compare\n"
      "  sonde dns www.example.com --server https://dns.example/dns-query   one question over DoH\n"
      "  sonde dns www.example.com --compare resolvers.txt   has the change propagated? (TTL left per resolver)\n"
      "  sonde dns www.shop.test --dnssec --trust-anchor root.ds --root-hints lab.hints   where does the chain break?\n"
      "Exit: 0 resolved (NXDOMAIN and NODATA are answers), 1 resolved with problems (lame or inconsistent\n"
      "servers, or a bogus DNSSEC verdict), 4 cannot resolve.");
  return [args, compare](Context& ctx) -> Result<int> {
    args->compare = compare->count() > 0;
    return run_dns(*args, ctx);
  };
}

}  // namespace sonde::cli
