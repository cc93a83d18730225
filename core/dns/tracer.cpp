// Walking down the zone cuts for one name, with a delegation cache so later links of a CNAME
// chain and nested NS lookups start from the closest cut already known.
#include "core/dns/tracer.hpp"
#include "core/dns/rr_types.hpp"

namespace sonde::dns {

namespace {


}  // namespace

void add_unique_problem(TraceResult& result, Problem problem) {
  for (const auto& p : result.problems) {
    if (p.server == problem.server && p.zone == problem.zone && p.problem == problem.problem) return;
  }
  result.problems.push_back(std::move(problem));
}

Tracer::Tracer(const TraceOptions& opts, Transport& transport, TraceResult& result)
    : opts_(opts), transport_(transport), result_(result), deadline_(std::chrono::steady_clock::now() + opts.time_limit) {
  cuts_["."] = ZoneServers{".", opts.root_hints, 0};
}

bool Tracer::out_of_budget(std::string& why) const {
  if (result_.queries >= opts_.max_queries) {
    why = "query limit reached (" + std::to_string(opts_.max_queries) + " queries)";
    return true;
  }
  if (std::chrono::steady_clock::now() >= deadline_) {
    why = "time limit reached (" + std::to_string(opts_.time_limit.count()) + " ms)";
    return true;
  }
  return false;
}

void Tracer::add_problem(const Step& step, const std::string& problem) {
  add_unique_problem(result_, {step.server + " (" + step.address + ")", step.zone, problem});
}

const ZoneServers& Tracer::closest_cut(const std::string& qname, std::uint16_t qtype) const {
  const ZoneServers* best = &cuts_.at(".");
  for (const auto& [zone, servers] : cuts_) {
    // A DS record lives in the parent zone (RFC 4035 §2.4): never ask the child for it.
    if (qtype == k_ds && same_name(zone, qname)) continue;
    if (is_subdomain(qname, zone) && label_count(zone) > label_count(best->zone)) best = &servers;
  }
  return *best;
}

std::vector<std::string> Tracer::known_cuts() const {
  std::vector<std::string> out;
  for (const auto& [zone, servers] : cuts_) out.push_back(zone);
  return out;
}

Resolution Tracer::resolve(const std::string& qname, std::uint16_t qtype, std::vector<Step>& steps, int nesting) {
  Resolution out;
  ZoneServers cut = closest_cut(canonical_name(qname), qtype);
  std::set<std::string> visited;
  while (true) {
    if (!visited.insert(cut.zone).second) {
      out.failure = "referral loop at zone " + cut.zone;
      return out;
    }
    ZoneReply reply = ask_zone(cut, qname, qtype, steps, nesting);
    cuts_[cut.zone] = cut;  // keeps addresses found for glueless servers
    if (!reply.ok) {
      out.failure = reply.failure;
      out.zone = cut;
      return out;
    }
    if (reply.classified.verdict != Verdict::referral) {
      out.verdict = reply.classified.verdict;
      out.reply = std::move(reply.reply);
      out.zone = cut;
      return out;
    }
    const Referral& r = *reply.classified.referral;
    ZoneServers child{r.zone, {}, cut.depth + 1};
    for (const auto& ns : r.ns) {
      NameServer server{ns, {}};
      for (const auto& [name, addresses] : r.glue) {
        if (same_name(name, ns)) server.addresses = addresses;
      }
      if (auto it = addresses_.find(ns); server.addresses.empty() && it != addresses_.end()) {
        server.addresses = it->second;
      }
      child.servers.push_back(std::move(server));
    }
    cuts_[canonical_name(r.zone)] = child;
    cut = std::move(child);
  }
}

std::vector<std::string> Tracer::lookup_addresses(const std::string& ns, int nesting, std::vector<SubTrace>& lookups) {
  const std::string key = canonical_name(ns);
  if (auto it = addresses_.find(key); it != addresses_.end()) return it->second;
  SubTrace sub{ns, {}, {}, std::nullopt};
  if (nesting >= opts_.max_depth) {
    sub.failure = "nesting limit reached (" + std::to_string(opts_.max_depth) + " glueless lookups deep)";
  } else if (resolving_.contains(key)) {
    sub.failure = "glueless delegation loop: " + ns + " is needed to resolve itself";
  } else {
    resolving_.insert(key);
    for (std::uint16_t type : {k_a, k_aaaa}) {
      if (type == k_aaaa && (!opts_.ipv6 || !sub.addresses.empty())) break;
      Resolution r = resolve(key, type, sub.steps, nesting + 1);
      if (r.verdict == Verdict::lame) {
        sub.failure = r.failure;
        continue;
      }
      for (const auto& rr : r.reply.answer) {
        if (rr.type == type) sub.addresses.push_back(rr.data);
      }
    }
    resolving_.erase(key);
    if (!sub.addresses.empty()) sub.failure.reset();
    if (sub.addresses.empty() && !sub.failure) sub.failure = "no address records";
  }
  addresses_[key] = sub.addresses;
  auto found = sub.addresses;
  lookups.push_back(std::move(sub));
  return found;
}

}  // namespace sonde::dns
