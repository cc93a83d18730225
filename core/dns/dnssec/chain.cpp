#include "core/dns/dnssec/chain.hpp"

#include <algorithm>
#include <map>

#include "core/dns/dnssec/crypto.hpp"
#include "core/dns/dnssec/denial.hpp"
#include "core/dns/dnssec/rrset_verify.hpp"
#include "core/dns/rdata/registry.hpp"
#include "core/dns/rr_types.hpp"

namespace sonde::dns::dnssec {

const char* security_name(Security security) {
  switch (security) {
    case Security::secure: return "secure";
    case Security::insecure: return "insecure";
    case Security::bogus: return "bogus";
    case Security::indeterminate: return "indeterminate";
  }
  return "indeterminate";
}

namespace {


std::string tags_text(const std::vector<std::uint16_t>& tags) {
  std::string s;
  for (auto t : tags) s += (s.empty() ? "" : ", ") + std::to_string(t);
  return s;
}

struct ZoneState {
  Link link;
  std::vector<Dnskey> keys;  ///< trusted zone keys when secure
  /// When not secure: the topmost link where it stopped being secure and why (the broken link).
  std::string origin_zone, origin_detail;
};

class Validator {
 public:
  Validator(Source& source, const Anchors& anchors, std::uint32_t now, Report& report)
      : source_(source), anchors_(anchors), now_(now), report_(report) {
    for (const auto& c : source_.cuts()) cuts_.push_back(canonical_name(c));
  }

  // The chain of trust down to `zone`, each link validated once.
  Result<const ZoneState*> zone(const std::string& name) {
    const std::string z = canonical_name(name);
    if (auto it = states_.find(z); it != states_.end()) return &it->second;
    ZoneState state;
    state.link.zone = z;
    if (same_name(z, anchors_.zone)) {
      auto ok = at_anchor(state);
      if (!ok) return std::unexpected(ok.error());
    } else if (!is_subdomain(z, anchors_.zone)) {
      state.link.security = Security::indeterminate;
      state.link.detail = "no trust anchor above " + z + " (the anchor is for " + anchors_.zone + ")";
    } else {
      auto parent = zone(parent_cut(z));
      if (!parent) return std::unexpected(parent.error());
      auto ok = below(**parent, state);
      if (!ok) return std::unexpected(ok.error());
    }
    if (state.link.security != Security::secure && state.origin_zone.empty()) {
      state.origin_zone = z;
      state.origin_detail = state.link.detail;
    }
    auto [it, inserted] = states_.emplace(z, std::move(state));
    report_.chain.push_back(it->second.link);
    return &it->second;
  }

  // The closest known cut strictly above `z` (the anchor's zone at the top).
  std::string parent_cut(const std::string& z) const {
    std::string best = anchors_.zone;
    for (const auto& c : cuts_) {
      if (!same_name(c, z) && is_subdomain(z, c) && label_count(c) > label_count(best)) best = c;
    }
    return best;
  }

  // The zone whose keys sign data at `owner` when no RRSIG names one: the closest known cut.
  std::string zone_of(const std::string& owner) const {
    std::string best = ".";
    for (const auto& c : cuts_) {
      if (is_subdomain(owner, c) && label_count(c) > label_count(best)) best = c;
    }
    return best;
  }

  // An unsigned RRset in a secure zone may sit below a zone cut the trace never saw (one server
  // serving parent and child answers from the child at once). As a resolver's insecurity proof
  // does: ask the secure zone for the DS of each name between it and the owner; a proven absent
  // DS at a delegation makes the data insecure. Empty when none is found (the data is bogus).
  Result<std::string> hidden_insecure_cut(const std::string& owner, const ZoneState& zs) {
    std::vector<std::string> between;  // longest first, then reversed: from just below the zone
    for (std::string n = canonical_name(owner); !same_name(n, zs.link.zone) && n != "."; n = n.substr(n.find('.') + 1)) {
      between.push_back(n);
      if (n.find('.') + 1 >= n.size()) break;
    }
    std::reverse(between.begin(), between.end());
    for (std::size_t i = 0; i < between.size() && i < 4; ++i) {
      const std::string& name = between[i];
      if (cut_known(name)) break;
      ++report_.queries;
      auto reply = source_.ask(zs.link.zone, name, k_type_ds);
      if (!reply) return std::string();
      std::vector<Record> records = reply->answer;
      records.insert(records.end(), reply->authority.begin(), reply->authority.end());
      if (std::any_of(records.begin(), records.end(), [](const Record& rr) { return rr.type == k_type_ds; })) break;
      std::vector<Record> verified;
      auto bad = verify_denial(records, zs, verified);
      if (!bad) return std::unexpected(bad.error());
      if (!bad->empty()) break;
      if (auto d = prove_no_ds(verified, name, zs.link.zone); d.proven) return "insecure delegation " + name + ": " + d.detail;
    }
    return std::string();
  }

  bool cut_known(const std::string& name) const {
    return std::any_of(cuts_.begin(), cuts_.end(), [&](const std::string& c) { return same_name(c, name); });
  }

  // Verifies every NSEC/NSEC3 RRset in `records` with `keys` of `zone`; the bogus reason if one fails.
  Result<std::string> verify_denial(const std::vector<Record>& records, const ZoneState& zs, std::vector<Record>& verified) {
    for (const auto& g : group_rrsets(records)) {
      if (g.type != k_type_nsec && g.type != k_type_nsec3) continue;
      auto check = verify_rrset(g.records, g.rrsigs, zs.keys, zs.link.zone, now_);
      if (!check) return std::unexpected(check.error());
      if (check->status != RrsetCheck::Status::secure) return check->reason;
      verified.insert(verified.end(), g.records.begin(), g.records.end());
    }
    return std::string();
  }

 private:
  Result<std::vector<Record>> fetch_dnskeys(const std::string& z, ZoneState& state) {
    ++report_.queries;
    auto reply = source_.ask(z, z, k_type_dnskey);
    if (!reply) {
      state.link.security = Security::indeterminate;
      state.link.detail = "no DNSKEY reply from " + z + ": " + reply.error().message;
      return std::vector<Record>{};
    }
    std::vector<Record> out;
    for (const auto& rr : reply->answer) {
      if (same_name(rr.name, z) && (rr.type == k_type_dnskey || rr.type == k_type_rrsig)) out.push_back(rr);
    }
    return out;
  }

  // Checks the DNSKEY RRset against the keys the parent (or anchor) designates.
  Result<void> keys_signed_by(const std::vector<Record>& records, const std::vector<Dnskey>& entry, ZoneState& state,
                              const std::string& designated) {
    std::vector<Dnskey> all;
    std::vector<Record> keyset, sigs;
    for (const auto& rr : records) {
      if (rr.type == k_type_dnskey) {
        keyset.push_back(rr);
        if (auto k = read_dnskey(rr)) all.push_back(*k);
      } else {
        sigs.push_back(rr);
      }
    }
    for (const auto& k : all) state.link.keys.push_back(k.key_tag);
    auto check = verify_rrset(keyset, sigs, entry, state.link.zone, now_);
    if (!check) return std::unexpected(check.error());
    if (check->status == RrsetCheck::Status::secure) {
      state.link.security = Security::secure;
      state.link.detail = designated + "; DNSKEY set signed by " + std::to_string(*check->key_tag);
      state.keys = all;
    } else if (check->status == RrsetCheck::Status::unsupported_algorithm) {
      state.link.security = Security::insecure;
      state.link.detail = "DNSKEY set signed only with algorithms sonde does not verify";
    } else {
      state.link.security = Security::bogus;
      state.link.detail = check->reason;
    }
    return {};
  }

  Result<void> at_anchor(ZoneState& state) {
    const std::string& z = state.link.zone;
    for (const auto& d : anchors_.ds) state.link.ds.push_back(d.key_tag);
    for (const auto& k : anchors_.keys) state.link.ds.push_back(k.key_tag);
    auto records = fetch_dnskeys(z, state);
    if (!records) return std::unexpected(records.error());
    if (records->empty()) {
      if (state.link.detail.empty()) {
        state.link.security = Security::bogus;
        state.link.detail = "no DNSKEY for the trust anchor's zone " + z;
      }
      return {};
    }
    std::vector<Dnskey> entry;
    for (const auto& rr : *records) {
      auto key = rr.type == k_type_dnskey ? read_dnskey(rr) : std::nullopt;
      if (!key) continue;
      bool trusted = false;
      for (const auto& a : anchors_.keys) trusted = trusted || a.rdata == key->rdata;
      for (const auto& d : anchors_.ds) {
        auto m = ds_matches(d, *key);
        if (!m) return std::unexpected(m.error());
        trusted = trusted || *m;
      }
      if (trusted) entry.push_back(*key);
    }
    if (entry.empty()) {
      state.link.security = Security::bogus;
      state.link.detail = "trust anchor key tag " + tags_text(state.link.ds) + " matches no DNSKEY of " + z;
      for (const auto& rr : *records) {
        if (auto k = rr.type == k_type_dnskey ? read_dnskey(rr) : std::nullopt) state.link.keys.push_back(k->key_tag);
      }
      return {};
    }
    return keys_signed_by(*records, entry, state, "trust anchor → DNSKEY " + std::to_string(entry.front().key_tag));
  }

  Result<void> below(const ZoneState& parent, ZoneState& state) {
    const std::string& z = state.link.zone;
    const std::string& p = parent.link.zone;
    if (parent.link.security != Security::secure) {
      state.link.security = parent.link.security;
      state.link.detail = "below " + std::string(security_name(parent.link.security)) + " " + p;
      state.origin_zone = parent.origin_zone;
      state.origin_detail = parent.origin_detail;
      return {};
    }
    // The DS set (or its denial) from the referral, else asked of the parent.
    std::vector<Record> proof = source_.referral_proof(z);
    bool has_ds = std::any_of(proof.begin(), proof.end(), [&](const Record& rr) { return rr.type == k_type_ds; });
    bool has_denial = std::any_of(proof.begin(), proof.end(), [](const Record& rr) {
      return rr.type == k_type_nsec || rr.type == k_type_nsec3;
    });
    if (!has_ds && !has_denial) {
      ++report_.queries;
      auto reply = source_.ask(p, z, k_type_ds);
      if (!reply) {
        state.link.security = Security::indeterminate;
        state.link.detail = "no DS reply from " + p + ": " + reply.error().message;
        return {};
      }
      proof = reply->answer;
      proof.insert(proof.end(), reply->authority.begin(), reply->authority.end());
      has_ds = std::any_of(proof.begin(), proof.end(), [&](const Record& rr) { return rr.type == k_type_ds; });
    }
    if (!has_ds) {
      std::vector<Record> verified;
      auto bad = verify_denial(proof, parent, verified);
      if (!bad) return std::unexpected(bad.error());
      if (!bad->empty()) {
        state.link.security = Security::bogus;
        state.link.detail = *bad;
        return {};
      }
      auto denial = prove_no_ds(verified, z, p);
      state.link.security = denial.proven || denial.insecure ? Security::insecure : Security::bogus;
      state.link.detail = denial.proven ? "insecure delegation: " + denial.detail : denial.detail;
      return {};
    }
    std::vector<Record> ds_records, ds_sigs;
    for (const auto& rr : proof) {
      if (rr.type == k_type_ds && same_name(rr.name, z)) ds_records.push_back(rr);
      if (rr.type == k_type_rrsig && same_name(rr.name, z)) ds_sigs.push_back(rr);
    }
    auto ds_check = verify_rrset(ds_records, ds_sigs, parent.keys, p, now_);
    if (!ds_check) return std::unexpected(ds_check.error());
    std::vector<Ds> ds_set;
    for (const auto& rr : ds_records) {
      if (auto d = read_ds(rr)) {
        ds_set.push_back(*d);
        state.link.ds.push_back(d->key_tag);
      }
    }
    if (ds_check->status != RrsetCheck::Status::secure) {
      state.link.security = Security::bogus;
      state.link.detail = ds_check->reason;
      return {};
    }
    const bool any_usable = std::any_of(ds_set.begin(), ds_set.end(), [](const Ds& d) {
      return algorithm_supported(d.algorithm) && (d.digest_type == 1 || d.digest_type == 2 || d.digest_type == 4);
    });
    if (!any_usable) {
      state.link.security = Security::insecure;
      state.link.detail = "every DS uses an algorithm or digest sonde does not verify (RFC 4035 §5.2)";
      return {};
    }
    auto records = fetch_dnskeys(z, state);
    if (!records) return std::unexpected(records.error());
    if (records->empty()) {
      if (state.link.detail.empty()) {
        state.link.security = Security::bogus;
        state.link.detail = "the parent " + p + " has a DS for " + z + " but " + z + " serves no DNSKEY";
      }
      return {};
    }
    std::vector<Dnskey> entry;
    std::string designated;
    for (const auto& rr : *records) {
      auto key = rr.type == k_type_dnskey ? read_dnskey(rr) : std::nullopt;
      if (!key) continue;
      for (const auto& d : ds_set) {
        auto m = ds_matches(d, *key);
        if (!m) return std::unexpected(m.error());
        if (*m) {
          entry.push_back(*key);
          if (designated.empty()) {
            designated = "DS " + std::to_string(d.key_tag) + " (" + algorithm_name(d.algorithm) + ", " +
                         digest_name(d.digest_type) + ") → DNSKEY " + std::to_string(key->key_tag);
          }
          break;
        }
      }
    }
    if (entry.empty()) {
      for (const auto& rr : *records) {
        if (auto k = rr.type == k_type_dnskey ? read_dnskey(rr) : std::nullopt) state.link.keys.push_back(k->key_tag);
      }
      const auto& d = ds_set.front();
      state.link.security = Security::bogus;
      state.link.detail = "DS key tag " + std::to_string(d.key_tag) + " (" + algorithm_name(d.algorithm) +
                          ") matches no DNSKEY of " + z + " (its keys: " + tags_text(state.link.keys) + ")";
      return {};
    }
    return keys_signed_by(*records, entry, state, designated);
  }

  Source& source_;
  const Anchors& anchors_;
  std::uint32_t now_;
  Report& report_;
  std::vector<std::string> cuts_;
  std::map<std::string, ZoneState> states_;
};

Security worst(Security a, Security b) {
  auto rank = [](Security s) {
    switch (s) {
      case Security::bogus: return 3;
      case Security::indeterminate: return 2;
      case Security::insecure: return 1;
      case Security::secure: return 0;
    }
    return 2;
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace

Result<Report> validate(const Answer& answer, Source& source, const Anchors& anchors, std::uint32_t now) {
  Report report;
  report.anchor = anchors.origin;
  if (!answer.resolved) {
    report.verdict = Security::indeterminate;
    report.reason = "the name was not resolved";
    return report;
  }
  Validator v(source, anchors, now, report);
  Security verdict = Security::secure;
  std::string reason;
  // The overall verdict is the worst one; its reason is the first RRset that made it so.
  auto judge = [&](RrsetSecurity r) {
    const Security next = worst(verdict, r.security);
    if (r.security != Security::secure && (next != verdict || reason.empty())) {
      reason = r.owner + " " + r.type + ": " + r.detail;
    }
    verdict = next;
    report.rrsets.push_back(std::move(r));
  };

  // Checks one group against the chain of its signer; returns the zone state used.
  auto check_group = [&](const RrsetGroup& g) -> Result<RrsetSecurity> {
    RrsetSecurity r{g.owner, rdata::type_name(g.type), {}, Security::indeterminate, {}};
    std::string signer = v.zone_of(g.owner);
    if (!g.rrsigs.empty()) {
      if (auto sig = read_rrsig(g.rrsigs.front()); sig && is_subdomain(g.owner, sig->signer)) signer = sig->signer;
    }
    r.signer = canonical_name(signer);
    auto zs = v.zone(signer);
    if (!zs) return std::unexpected(zs.error());
    const Link& link = (*zs)->link;
    if (link.security != Security::secure) {
      r.security = link.security;
      r.detail = link.security == Security::insecure
                     ? "in the insecure zone " + link.zone
                     : std::string(security_name(link.security)) + " chain at " + (*zs)->origin_zone + ": " + (*zs)->origin_detail;
      return r;
    }
    if (g.rrsigs.empty()) {
      // A CNAME synthesised from a DNAME carries no signature of its own (RFC 6672 §5.3.1): the
      // DNAME's is what counts, and it is checked as its own RRset.
      const bool synthesised = g.type == k_cname && std::any_of(answer.answer.begin(), answer.answer.end(), [&](const Record& rr) {
        return rr.type == k_dname && is_subdomain(g.owner, rr.name) && !same_name(g.owner, rr.name);
      });
      if (synthesised) {
        r.security = Security::secure;
        r.detail = "synthesised from a DNAME (checked on its own)";
        return r;
      }
      auto insecure = v.hidden_insecure_cut(g.owner, **zs);
      if (!insecure) return std::unexpected(insecure.error());
      if (!insecure->empty()) {
        r.security = Security::insecure;
        r.detail = *insecure;
        return r;
      }
    }
    auto check = verify_rrset(g.records, g.rrsigs, (*zs)->keys, link.zone, now);
    if (!check) return std::unexpected(check.error());
    switch (check->status) {
      case RrsetCheck::Status::secure:
        r.security = Security::secure;
        r.detail = "RRSIG by " + std::to_string(*check->key_tag) + " verified";
        if (check->wildcard) {
          std::vector<Record> verified;
          auto bad = v.verify_denial(answer.authority, **zs, verified);
          if (!bad) return std::unexpected(bad.error());
          auto proof = prove_wildcard_expansion(verified, g.owner, *check->wildcard, link.zone);
          if (bad->empty() && proof.insecure) {
            r.security = Security::insecure;
            r.detail = "answer synthesised from " + *check->wildcard + "; " + proof.detail;
          } else if (!bad->empty() || !proof.proven) {
            r.security = Security::bogus;
            r.detail = "answer synthesised from " + *check->wildcard + " without proof: " + (bad->empty() ? proof.detail : *bad);
          } else {
            r.detail += " (from the wildcard " + *check->wildcard + "; " + proof.detail + ")";
          }
        }
        break;
      case RrsetCheck::Status::unsupported_algorithm:
        r.security = Security::insecure;
        r.detail = check->reason;
        break;
      case RrsetCheck::Status::bogus:
        r.security = Security::bogus;
        r.detail = check->reason;
        break;
    }
    return r;
  };

  for (const auto& g : group_rrsets(answer.answer)) {
    auto r = check_group(g);
    if (!r) return std::unexpected(r.error());
    judge(std::move(*r));
  }

  if (answer.nxdomain || answer.nodata) {
    // The name denied: the end of the CNAME chain, if any.
    std::string denied = answer.qname;
    for (const auto& rr : answer.answer) {
      if (rr.type == k_cname && same_name(rr.name, denied)) denied = rr.data;
    }
    std::string zone = v.zone_of(denied);
    for (const auto& rr : answer.authority) {
      if (rr.type == k_soa) zone = rr.name;
    }
    for (const auto& g : group_rrsets(answer.authority)) {
      if (g.type != k_soa) continue;
      auto r = check_group(g);
      if (!r) return std::unexpected(r.error());
      judge(std::move(*r));
    }
    auto zs = v.zone(zone);
    if (!zs) return std::unexpected(zs.error());
    RrsetSecurity r{canonical_name(denied), answer.nxdomain ? "NXDOMAIN" : "NODATA " + rdata::type_name(answer.qtype),
                    canonical_name(zone), Security::indeterminate, {}};
    if ((*zs)->link.security != Security::secure) {
      r.security = (*zs)->link.security;
      r.detail = r.security == Security::insecure
                     ? "in the insecure zone " + (*zs)->link.zone
                     : std::string(security_name(r.security)) + " chain at " + (*zs)->origin_zone + ": " + (*zs)->origin_detail;
    } else {
      std::vector<Record> verified;
      auto bad = v.verify_denial(answer.authority, **zs, verified);
      if (!bad) return std::unexpected(bad.error());
      Denial d = !bad->empty() ? Denial{false, false, *bad}
                 : answer.nxdomain ? prove_nxdomain(verified, denied, zone)
                                   : prove_nodata(verified, denied, answer.qtype, zone);
      // An opt-out span proves the name absent from the signed data; an unsigned delegation may
      // still hide in it (RFC 5155 §9.2), which the detail says. BIND's validator calls this
      // secure, and so does sonde.
      r.security = d.insecure ? Security::insecure : d.proven ? Security::secure : Security::bogus;
      r.detail = d.proven && d.opt_out ? d.detail + " (NSEC3 opt-out span)" : d.detail;
    }
    judge(std::move(r));
  } else if (answer.answer.empty()) {
    verdict = Security::indeterminate;
    reason = "no answer to validate";
  }

  report.verdict = verdict;
  report.reason = verdict == Security::secure ? std::string() : reason;
  std::sort(report.chain.begin(), report.chain.end(),
            [](const Link& a, const Link& b) { return label_count(a.zone) < label_count(b.zone); });
  return report;
}

}  // namespace sonde::dns::dnssec
