#include "core/dns/reply_classifier.hpp"

#include "core/dns/message_parser.hpp"
#include "core/dns/rr_types.hpp"

namespace sonde::dns {

namespace {


Classified lame(std::string why) { return {Verdict::lame, "lame: " + std::move(why), std::nullopt}; }

Referral collect_referral(const Message& reply, const std::string& child, const std::string& zone) {
  Referral r;
  r.zone = child;
  for (const auto& rr : reply.authority) {
    if (rr.type != k_ns || !same_name(rr.name, child)) continue;
    r.ns.push_back(canonical_name(rr.data));
    r.ttl = rr.ttl;
  }
  for (const auto& ns : r.ns) {
    std::vector<std::string> addresses;
    // Glue outside the asked server's zone is not trusted (RFC 2181 §5.4.1 ranking).
    if (!is_subdomain(ns, zone)) continue;
    for (int family : {k_a, k_aaaa}) {
      for (const auto& rr : reply.additional) {
        if (rr.type == family && same_name(rr.name, ns)) addresses.push_back(rr.data);
      }
    }
    if (!addresses.empty()) r.glue.emplace_back(ns, std::move(addresses));
  }
  return r;
}

}  // namespace

bool question_matches(const Message& reply, const std::string& qname, std::uint16_t qtype) {
  return reply.header.qr && reply.questions.size() == 1 && same_name(reply.questions[0].name, qname) &&
         reply.questions[0].type == qtype && reply.questions[0].klass == 1;
}

Classified classify(const Message& reply, const std::string& qname, const std::string& zone) {
  const auto& h = reply.header;
  if (h.rcode != 0 && h.rcode != 3) return lame(rcode_name(h.rcode));
  if (h.rcode == 3) return h.aa ? Classified{Verdict::nxdomain, {}, {}} : lame("not authoritative");
  if (!reply.answer.empty()) return h.aa ? Classified{Verdict::answer, {}, {}} : lame("not authoritative");
  std::optional<std::string> child;
  bool soa = false;
  for (const auto& rr : reply.authority) {
    if (rr.type == k_ns && !child) child = canonical_name(rr.name);
    if (rr.type == k_soa) soa = true;
  }
  if (child && !soa && !h.aa) {
    if (is_subdomain(*child, zone) && !same_name(*child, zone) && is_subdomain(qname, *child)) {
      return {Verdict::referral, {}, collect_referral(reply, *child, zone)};
    }
    if (is_subdomain(zone, *child)) return lame(same_name(*child, zone) ? "sideways referral" : "upward referral");
    return lame("sideways referral");
  }
  if (h.aa) return {Verdict::nodata, {}, {}};
  return lame("not authoritative");
}

}  // namespace sonde::dns
