#include "cli/render_dns_text.hpp"

#include <cstdio>

#include "cli/render_dnssec.hpp"
#include "core/dns/rdata/registry.hpp"
#include "core/util/text.hpp"
#include "cli/text_columns.hpp"

namespace sonde::cli {

namespace {


std::string record_line(const dns::Record& rr) {
  return rr.name + "  " + std::to_string(rr.ttl) + "  " + dns::rdata::type_name(rr.type) + "  " + rr.data;
}

void render_steps(std::ostream& out, const Style& st, const std::vector<dns::Step>& steps, int base, bool verbose);

// The asked name and type are shown when they are not the trace's own (CNAME links, lookups).
void render_step(std::ostream& out, const Style& st, const dns::Step& s, int base, bool verbose) {
  const std::string pad(static_cast<std::size_t>(2 * (base + s.depth)), ' ');
  for (const auto& l : s.lookups) {
    out << pad << st.dim("┌ resolving glueless NS " + l.name + " (from the closest known zone cut)") << "\n";
    render_steps(out, st, l.steps, base + s.depth + 1, verbose);
    const std::string found = l.failure ? st.red("✘ " + *l.failure) : st.green(join(l.addresses, " "));
    out << pad << st.dim("└ ") << l.name << " → " << found << "\n";
  }
  std::string head = pad + st.bold(s.zone.empty() ? "@" : s.zone) + "  " + s.server + " " + st.dim(s.address) + " " +
                     dns::protocol_name(s.transport);
  if (s.rtt_ms) head += " " + ms(*s.rtt_ms);
  if (!s.rcode.empty()) head += " " + (s.rcode == "NOERROR" ? s.rcode : st.yellow(s.rcode));
  if (!s.flags.empty()) head += " " + st.dim("[" + join(s.flags, " ") + "]");
  if (s.nsid) head += " " + st.dim("nsid=" + *s.nsid);
  if (verbose) head += " " + st.dim(s.qname + " " + dns::rdata::type_name(s.qtype));
  out << head << "\n";
  const std::string inner = pad + "    ";
  if (s.problem) {
    const bool slow = s.problem->rfind("slow", 0) == 0 || s.problem->rfind("ignored", 0) == 0;
    out << inner << (slow ? st.yellow("! " + *s.problem) : st.red("✘ " + *s.problem)) << "\n";
  }
  if (!s.note.empty()) out << inner << st.yellow("↻ " + s.note) << "\n";
  if (s.referral) {
    out << inner << st.green("→ " + s.referral->zone) << " NS (TTL " << s.referral->ttl << "):";
    const char* sep = " ";
    for (const auto& ns : s.referral->ns) {
      std::string glue = st.dim(" (no glue)");
      for (const auto& [name, addresses] : s.referral->glue) {
        if (name == ns) glue = " " + st.dim("(" + join(addresses, ", ") + ")");
      }
      out << sep << ns << glue;
      sep = ", ";
    }
    out << "\n";
  }
  for (const auto& rr : s.answer) out << inner << st.green(record_line(rr)) << "\n";
  for (const auto& rr : s.authority) out << inner << st.cyan("SOA " + record_line(rr)) << "\n";
  for (const auto& rr : s.proof) out << inner << st.dim(record_line(rr)) << "\n";
}

void render_steps(std::ostream& out, const Style& st, const std::vector<dns::Step>& steps, int base, bool verbose) {
  std::string asked;
  for (const auto& s : steps) {
    if (s.qname != asked && !verbose) {
      out << std::string(static_cast<std::size_t>(2 * base), ' ') << st.dim(";; " + s.qname + " " + dns::rdata::type_name(s.qtype)) << "\n";
      asked = s.qname;
    }
    render_step(out, st, s, base, verbose);
  }
}

void render_checks(std::ostream& out, const Style& st, const char* title, const std::vector<dns::ServerCheck>& checks) {
  out << "\n" << st.bold(title) << "\n";
  for (const auto& c : checks) {
    out << "  " << c.server << " " << st.dim(c.address);
    if (c.rtt_ms) out << " " << ms(*c.rtt_ms);
    if (!c.rcode.empty()) out << " " << c.rcode;
    if (c.serial) out << " serial " << *c.serial;
    if (c.nsid) out << " " << st.dim("nsid=" + *c.nsid);
    out << (c.problem ? "  " + st.red("✘ " + *c.problem) : "  " + st.green(join(c.answer, ", ")));
    if (c.ttl) out << " " << st.dim("TTL " + std::to_string(*c.ttl));
    out << "\n";
  }
}

}  // namespace

void render_dns_text(std::ostream& out, const Style& st, const dns::TraceResult& t, const DnsViews& views, bool verbose) {
  render_steps(out, st, t.steps, 0, verbose);
  out << "\n";
  if (t.failure) {
    out << st.red("✘ unresolved: " + *t.failure) << "\n";
  } else {
    std::string status = t.rcode == "NXDOMAIN" ? "NXDOMAIN" : (t.nodata ? "NODATA" : t.rcode);
    out << st.bold("answer") << " (" << status << "):\n";
    for (const auto& rr : t.answer) out << "  " << record_line(rr) << "\n";
    for (const auto& rr : t.authority) out << "  " << st.cyan("SOA " + record_line(rr)) << "\n";
    if (t.negative_ttl) out << "  negative TTL " << *t.negative_ttl << "\n";
  }
  if (t.dnssec) {
    if (verbose && !t.dnssec_steps.empty()) {
      out << "\n" << st.bold("validation queries") << ":\n";
      render_steps(out, st, t.dnssec_steps, 1, verbose);
    }
    render_dnssec_text(out, st, *t.dnssec);
  }
  if (views.asked_all_servers) render_checks(out, st, "servers of the final zone:", views.all_servers);
  if (views.asked_compare) render_checks(out, st, views.resolver_list ? "resolvers:" : "system resolvers:", views.resolvers);
  if (!t.problems.empty()) {
    out << "\n" << st.bold("problems") << ":\n";
    for (const auto& p : t.problems) {
      out << "  " << st.red(p.problem) << "  " << p.server << (p.zone.empty() ? "" : " in " + p.zone) << "\n";
    }
  }
  out << st.dim(std::to_string(t.queries) + " queries, " + ms(t.elapsed_ms) +
                (t.ignored_replies > 0 ? ", " + std::to_string(t.ignored_replies) + " mismatching replies ignored" : ""))
      << "\n";
}

}  // namespace sonde::cli
