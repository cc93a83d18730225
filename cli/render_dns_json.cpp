#include "cli/render_dns_json.hpp"

#include <cmath>

#include "cli/render_dnssec.hpp"
#include "core/dns/rdata/registry.hpp"

namespace sonde::cli {

namespace {

using json = nlohmann::ordered_json;

json records(const std::vector<dns::Record>& rrs) {
  json out = json::array();
  for (const auto& rr : rrs) {
    out.push_back({{"name", rr.name}, {"type", dns::rdata::type_name(rr.type)}, {"ttl", rr.ttl}, {"data", rr.data}});
  }
  return out;
}

json rounded(double ms) { return std::round(ms * 100.0) / 100.0; }

json optional_text(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json steps_json(const std::vector<dns::Step>& steps);

json lookups_json(const std::vector<dns::SubTrace>& lookups) {
  json out = json::array();
  for (const auto& l : lookups) {
    out.push_back({{"name", l.name}, {"addresses", l.addresses}, {"steps", steps_json(l.steps)},
                   {"failure", optional_text(l.failure)}});
  }
  return out;
}

json step_json(const dns::Step& s) {
  json referral = nullptr;
  if (s.referral) {
    json glue = json::object();
    for (const auto& [name, addresses] : s.referral->glue) glue[name] = addresses;
    referral = {{"zone", s.referral->zone}, {"ns", s.referral->ns}, {"ttl", s.referral->ttl}, {"glue", glue}};
  }
  json j = {{"zone", s.zone},
            {"name", s.qname},
            {"type", dns::rdata::type_name(s.qtype)},
            {"server", s.server},
            {"address", s.address},
            {"transport", dns::protocol_name(s.transport)},
            {"rtt_ms", s.rtt_ms ? rounded(*s.rtt_ms) : json(nullptr)},
            {"rcode", s.rcode.empty() ? json(nullptr) : json(s.rcode)},
            {"flags", s.flags},
            {"referral", referral},
            {"answer", records(s.answer)},
            {"authority", records(s.authority)},
            {"problem", optional_text(s.problem)}};
  if (s.nsid) j["nsid"] = *s.nsid;
  if (!s.note.empty()) j["note"] = s.note;
  if (!s.lookups.empty()) j["lookups"] = lookups_json(s.lookups);
  if (!s.proof.empty()) j["proof"] = records(s.proof);
  return j;
}

json steps_json(const std::vector<dns::Step>& steps) {
  json out = json::array();
  for (const auto& s : steps) out.push_back(step_json(s));
  return out;
}

json checks_json(const std::vector<dns::ServerCheck>& checks) {
  json out = json::array();
  for (const auto& c : checks) {
    out.push_back({{"server", c.server},
                   {"address", c.address},
                   {"rtt_ms", c.rtt_ms ? rounded(*c.rtt_ms) : json(nullptr)},
                   {"rcode", c.rcode.empty() ? json(nullptr) : json(c.rcode)},
                   {"answer", c.answer},
                   {"ttl", c.ttl ? json(*c.ttl) : json(nullptr)},
                   {"serial", c.serial ? json(*c.serial) : json(nullptr)},
                   {"nsid", optional_text(c.nsid)},
                   {"problem", optional_text(c.problem)}});
  }
  return out;
}

}  // namespace

nlohmann::ordered_json dns_to_json(const dns::TraceResult& t, const DnsViews& views) {
  json problems = json::array();
  for (const auto& p : t.problems) problems.push_back({{"server", p.server}, {"zone", p.zone}, {"problem", p.problem}});
  json j = {{"query", {{"name", t.name}, {"type", dns::rdata::type_name(t.type)}}},
            {"steps", steps_json(t.steps)},
            {"answer", records(t.answer)},
            {"rcode", t.rcode.empty() ? json(nullptr) : json(t.rcode)},
            {"nodata", t.nodata},
            {"authority", records(t.authority)},
            {"negative_ttl", t.negative_ttl ? json(*t.negative_ttl) : json(nullptr)},
            {"problems", problems},
            {"failure", optional_text(t.failure)},
            {"queries", t.queries},
            {"ignored_replies", t.ignored_replies},
            {"elapsed_ms", rounded(t.elapsed_ms)}};
  if (t.dnssec) {
    j["denial"] = records(t.denial);
    j["dnssec"] = dnssec_to_json(*t.dnssec);
    j["dnssec"]["steps"] = steps_json(t.dnssec_steps);
  }
  if (views.asked_all_servers) j["servers"] = checks_json(views.all_servers);
  if (views.asked_compare) j["resolvers"] = checks_json(views.resolvers);
  return j;
}

}  // namespace sonde::cli
