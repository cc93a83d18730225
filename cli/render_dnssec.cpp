#include "cli/render_dnssec.hpp"

#include <algorithm>

namespace sonde::cli {

namespace {

using dns::dnssec::Security;

std::string coloured(const Style& st, Security s) {
  const std::string name = dns::dnssec::security_name(s);
  switch (s) {
    case Security::secure: return st.green(name);
    case Security::insecure: return st.yellow(name);
    case Security::bogus: return st.red(name);
    case Security::indeterminate: return st.yellow(name);
  }
  return name;
}

std::string padded(const std::string& s, std::size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

}  // namespace

void render_dnssec_text(std::ostream& out, const Style& st, const dns::dnssec::Report& r) {
  out << "\n" << st.bold("DNSSEC") << " " << st.dim("(trust anchor: " + r.anchor + ")") << "\n";
  for (const auto& n : r.notes) out << "  " << st.yellow("! " + n) << "\n";
  std::size_t width = 0;
  for (const auto& l : r.chain) width = std::max(width, l.zone.size());
  for (const auto& s : r.rrsets) width = std::max(width, s.owner.size() + 1 + s.type.size());
  width += 2;
  for (const auto& l : r.chain) {
    const std::string state = dns::dnssec::security_name(l.security);
    out << "  " << padded(l.zone, width) << coloured(st, l.security) << std::string(14 - state.size(), ' ') << l.detail
        << "\n";
  }
  for (const auto& s : r.rrsets) {
    const std::string state = dns::dnssec::security_name(s.security);
    out << "  " << padded(s.owner + " " + s.type, width) << coloured(st, s.security) << std::string(14 - state.size(), ' ')
        << s.detail << "\n";
  }
  out << "verdict: " << coloured(st, r.verdict);
  if (!r.reason.empty()) out << " — " << r.reason;
  out << "\n" << st.dim(std::to_string(r.queries) + (r.queries == 1 ? " validation query" : " validation queries")) << "\n";
}

nlohmann::ordered_json dnssec_to_json(const dns::dnssec::Report& r) {
  using Json = nlohmann::ordered_json;  // not "json": render_dns_json.cpp names that in this namespace
  Json chain = Json::array();
  for (const auto& l : r.chain) {
    chain.push_back({{"zone", l.zone},
                     {"security", dns::dnssec::security_name(l.security)},
                     {"detail", l.detail},
                     {"ds", l.ds},
                     {"keys", l.keys}});
  }
  Json rrsets = Json::array();
  for (const auto& s : r.rrsets) {
    rrsets.push_back({{"name", s.owner},
                      {"type", s.type},
                      {"signer", s.signer},
                      {"security", dns::dnssec::security_name(s.security)},
                      {"detail", s.detail}});
  }
  return {{"verdict", dns::dnssec::security_name(r.verdict)},
          {"reason", r.reason.empty() ? Json(nullptr) : Json(r.reason)},
          {"anchor", r.anchor},
          {"notes", r.notes},
          {"chain", chain},
          {"rrsets", rrsets},
          {"queries", r.queries}};
}

}  // namespace sonde::cli
