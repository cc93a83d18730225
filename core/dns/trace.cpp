// The top of a trace: resolve the name, then follow CNAME/DNAME links (RFC 1034 §3.6.2,
// RFC 6672) into other zones until the final records, a negative answer or a limit.
#include "core/dns/trace.hpp"

#include <algorithm>
#include <set>

#include "core/dns/message_parser.hpp"
#include "core/dns/query_builder.hpp"
#include "core/dns/trace_dnssec.hpp"
#include "core/dns/tracer.hpp"
#include "core/dns/rr_types.hpp"

namespace sonde::dns {

namespace {


// Replaces the `owner` suffix of `name` by `target` (DNAME substitution, RFC 6672 §2.2).
std::string substitute(const std::string& name, const std::string& owner, const std::string& target) {
  std::string prefix = name.substr(0, name.size() - owner.size());
  return target == "." ? prefix : prefix + target;
}

std::uint32_t soa_minimum(const std::string& data) {
  const auto space = data.find_last_of(' ');
  try {
    return static_cast<std::uint32_t>(std::stoul(data.substr(space + 1)));
  } catch (...) {
    return 0;
  }
}

// Appends `rr` and, with --dnssec, the RRSIGs in `reply` that cover it (once per RRset).
void push_signed(const Message& reply, const Record& rr, std::vector<Record>& out) {
  const bool first_of_set = std::none_of(out.begin(), out.end(), [&](const Record& o) {
    return o.type == rr.type && same_name(o.name, rr.name);
  });
  out.push_back(rr);
  if (!first_of_set || rr.type == k_rrsig) return;
  for (const auto& sig : reply.answer) {
    if (sig.type == k_rrsig && same_name(sig.name, rr.name) && sig.rdata.size() >= 2 &&
        ((sig.rdata[0] << 8) | sig.rdata[1]) == rr.type) {
      out.push_back(sig);
    }
  }
}

// Walks the chain inside one answer section; returns the name still to resolve ("" when done).
std::string walk_answer(const Message& reply, std::string current, std::uint16_t type, TraceResult& out, int& links,
                        int max_chain) {
  std::set<std::string> seen{canonical_name(current)};
  while (true) {
    bool final_found = false;
    for (const auto& rr : reply.answer) {
      if (same_name(rr.name, current) && (rr.type == type || type == k_any)) {
        push_signed(reply, rr, out.answer);
        final_found = true;
      }
    }
    if (final_found) return "";
    std::string next;
    for (const auto& rr : reply.answer) {
      if (rr.type == k_dname && is_subdomain(current, rr.name) && !same_name(current, rr.name) && next.empty()) {
        push_signed(reply, rr, out.answer);
        next = substitute(current, rr.name, rr.data);
      }
    }
    for (const auto& rr : reply.answer) {
      if (rr.type == k_cname && same_name(rr.name, current)) {
        push_signed(reply, rr, out.answer);
        next = rr.data;
        break;
      }
    }
    if (next.empty()) return current;
    if (++links > max_chain) {
      out.failure = "CNAME/DNAME chain longer than " + std::to_string(max_chain) + " links";
      return "";
    }
    if (!seen.insert(canonical_name(next)).second) {
      out.failure = "CNAME/DNAME loop at " + next;
      return "";
    }
    current = next;
  }
}

}  // namespace

Result<TraceResult> trace(const std::string& name, std::uint16_t type, const TraceOptions& opts, Transport& transport) {
  if (name.empty()) return fail(ErrorKind::usage, "empty domain name", {}, "use '.' for the root");
  if (auto check = encode_name(name); !check) return std::unexpected(check.error());
  const auto started = std::chrono::steady_clock::now();
  TraceResult out;
  out.name = name == "." ? "." : (name.back() == '.' ? name : name + ".");
  out.type = type;
  Tracer tracer(opts, transport, out);
  // The transport may have served earlier traces (several types, --all-servers lookups).
  const int ignored_before = transport.ignored_replies();
  std::string current = out.name;
  std::set<std::string> chain_names{canonical_name(current)};
  int links = 0;
  while (!out.failure) {
    Resolution r = tracer.resolve(current, type, out.steps, 0);
    out.final_zone = r.zone.zone;
    out.final_servers = r.zone.servers;
    if (r.verdict == Verdict::lame) {
      out.failure = same_name(current, out.name) ? r.failure : r.failure + " (resolving " + current + ")";
      break;
    }
    const std::string rest = walk_answer(r.reply, current, type, out, links, opts.max_chain);
    if (out.failure) break;
    if (r.verdict == Verdict::nxdomain || r.verdict == Verdict::nodata || rest.empty() ||
        (same_name(rest, current) && r.verdict == Verdict::answer)) {
      out.rcode = rcode_name(r.reply.header.rcode);
      if (r.verdict != Verdict::answer || same_name(rest, current)) {
        out.nodata = r.verdict != Verdict::nxdomain;
        for (const auto& rr : r.reply.authority) {
          if (rr.type != k_soa) continue;
          out.authority.push_back(rr);
          out.negative_ttl = std::min(rr.ttl, soa_minimum(rr.data));
        }
      }
      if (opts.dnssec) {
        for (const auto& rr : r.reply.authority) {
          if (rr.type == k_nsec || rr.type == k_nsec3 || rr.type == k_rrsig) out.denial.push_back(rr);
        }
      }
      break;
    }
    if (!chain_names.insert(canonical_name(rest)).second) {
      out.failure = "CNAME/DNAME loop at " + rest;
      break;
    }
    current = rest;
  }
  if (opts.dnssec) {
    auto report = validate_trace(out, tracer, opts);
    if (!report) return std::unexpected(report.error());
    out.dnssec = std::move(*report);
  }
  // Replies the transport dropped (wrong ID or question) never reached the races above.
  out.ignored_replies += transport.ignored_replies() - ignored_before;
  out.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace sonde::dns
