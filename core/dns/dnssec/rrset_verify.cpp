#include "core/dns/dnssec/rrset_verify.hpp"

#include <algorithm>

#include "core/dns/dnssec/crypto.hpp"
#include "core/dns/rdata/registry.hpp"

namespace sonde::dns::dnssec {

namespace {

void put16(std::vector<std::uint8_t>& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

// The owner as signed: lower case, and "*." plus the rightmost `labels` labels when the RRSIG's
// label count says the record was synthesised from a wildcard (RFC 4035 §5.3.2).
std::vector<std::uint8_t> signed_owner(std::vector<std::uint8_t> wire, std::uint8_t labels) {
  int count = 0;
  for (std::size_t at = 0; at < wire.size() && wire[at] != 0; at += 1u + wire[at]) ++count;
  if (labels >= count) return wire;
  std::size_t at = 0;
  for (int skip = count - labels; skip > 0; --skip) at += 1u + wire[at];
  std::vector<std::uint8_t> out{1, '*'};
  out.insert(out.end(), wire.begin() + static_cast<std::ptrdiff_t>(at), wire.end());
  return out;
}

// RFC 4034 §6.3 order: left-justified octet strings, a prefix first. (Written out: GCC 12 warns
// falsely on the memcmp inside std::vector's operator<.)
int compare(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.size() == b.size() ? 0 : a.size() < b.size() ? -1 : 1;
}

// RFC 1982 serial arithmetic on the 32-bit RRSIG times (RFC 4034 §3.1.5).
bool before(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }

std::string rrset_label(const std::vector<Record>& rrset) {
  return rrset.empty() ? std::string("empty RRset") : rrset.front().name + " " + rdata::type_name(rrset.front().type);
}

}  // namespace

Result<std::vector<std::uint8_t>> signed_data(const std::vector<Record>& rrset, const Rrsig& sig) {
  std::vector<std::uint8_t> out = sig.signed_fields;
  if (rrset.empty()) return out;
  auto owner = canonical_owner(rrset.front().name);
  if (!owner) return std::unexpected(owner.error());
  const auto signed_name = signed_owner(std::move(*owner), sig.labels);
  std::vector<const std::vector<std::uint8_t>*> rdatas;
  for (const auto& rr : rrset) rdatas.push_back(&rr.rdata);
  std::sort(rdatas.begin(), rdatas.end(), [](const auto* a, const auto* b) { return compare(*a, *b) < 0; });
  rdatas.erase(std::unique(rdatas.begin(), rdatas.end(), [](const auto* a, const auto* b) { return compare(*a, *b) == 0; }),
               rdatas.end());
  for (const auto* rd : rdatas) {
    out.insert(out.end(), signed_name.begin(), signed_name.end());
    put16(out, rrset.front().type);
    put16(out, rrset.front().klass);
    put16(out, sig.original_ttl >> 16);
    put16(out, sig.original_ttl & 0xFFFF);
    put16(out, static_cast<std::uint32_t>(rd->size()));
    out.insert(out.end(), rd->begin(), rd->end());
  }
  return out;
}

Result<RrsetCheck> verify_rrset(const std::vector<Record>& rrset, const std::vector<Record>& rrsigs,
                                const std::vector<Dnskey>& keys, const std::string& zone, std::uint32_t now) {
  RrsetCheck check;
  if (rrset.empty()) {
    check.reason = "nothing to verify";
    return check;
  }
  const auto& first = rrset.front();
  const int owner_labels = label_count(first.name);
  std::string reason;  // the first failure, the one reported when no signature verifies
  int unsupported = 0, candidates = 0;
  auto note = [&](std::string why) {
    if (reason.empty()) reason = std::move(why);
  };
  for (const auto& rr : rrsigs) {
    auto sig = read_rrsig(rr);
    if (!sig || sig->type_covered != first.type || !same_name(rr.name, first.name)) continue;
    ++candidates;
    if (!same_name(sig->signer, zone)) {
      note("RRSIG over " + rrset_label(rrset) + " is signed by " + sig->signer + ", not by the zone " + zone);
      continue;
    }
    if (sig->labels > owner_labels) {
      note("RRSIG over " + rrset_label(rrset) + " claims " + std::to_string(sig->labels) + " labels");
      continue;
    }
    if (!algorithm_supported(sig->algorithm)) {
      ++unsupported;
      continue;
    }
    if (before(sig->expiration, now)) {
      note("RRSIG over " + rrset_label(rrset) + " expired " + rrsig_time(sig->expiration));
      continue;
    }
    if (before(now, sig->inception)) {
      note("RRSIG over " + rrset_label(rrset) + " not valid before " + rrsig_time(sig->inception));
      continue;
    }
    auto data = signed_data(rrset, *sig);
    if (!data) return std::unexpected(data.error());
    bool key_found = false;
    for (const auto& key : keys) {
      if (key.key_tag != sig->key_tag || key.algorithm != sig->algorithm || !key.zone_key() || key.revoked() ||
          key.protocol != 3) {
        continue;
      }
      key_found = true;
      auto verdict = verify_signature(sig->algorithm, key.public_key, *data, sig->signature);
      if (!verdict) return std::unexpected(verdict.error());
      if (*verdict == SignatureCheck::valid) {
        check.status = RrsetCheck::Status::secure;
        check.key_tag = key.key_tag;
        check.reason.clear();
        if (sig->labels < owner_labels) {
          std::string name = canonical_name(first.name);
          for (int skip = owner_labels - sig->labels; skip > 0; --skip) name = name.substr(name.find('.') + 1);
          check.wildcard = "*." + name;
        }
        return check;
      }
      note("RRSIG over " + rrset_label(rrset) + " by key " + std::to_string(key.key_tag) + " (" +
           algorithm_name(key.algorithm) + ") does not verify: the data or the signature was altered");
    }
    if (!key_found) {
      note("RRSIG over " + rrset_label(rrset) + " names key tag " + std::to_string(sig->key_tag) + " (" +
           algorithm_name(sig->algorithm) + "), which matches no DNSKEY of " + zone);
    }
  }
  if (candidates == 0) {
    check.reason = "no RRSIG over " + rrset_label(rrset);
  } else if (unsupported == candidates) {
    check.status = RrsetCheck::Status::unsupported_algorithm;
    check.reason = "signed only with algorithms sonde does not verify";
  } else {
    check.reason = reason;
  }
  return check;
}

std::vector<RrsetGroup> group_rrsets(const std::vector<Record>& records) {
  std::vector<RrsetGroup> groups;
  auto find = [&](const std::string& owner, std::uint16_t type) -> RrsetGroup* {
    for (auto& g : groups) {
      if (g.type == type && same_name(g.owner, owner)) return &g;
    }
    return nullptr;
  };
  for (const auto& rr : records) {
    if (rr.type == k_type_rrsig) continue;
    if (auto* g = find(rr.name, rr.type)) {
      g->records.push_back(rr);
    } else {
      groups.push_back({rr.name, rr.type, {rr}, {}});
    }
  }
  for (const auto& rr : records) {
    if (rr.type != k_type_rrsig) continue;
    auto sig = read_rrsig(rr);
    if (!sig) continue;
    if (auto* g = find(rr.name, sig->type_covered)) g->rrsigs.push_back(rr);
  }
  return groups;
}

}  // namespace sonde::dns::dnssec
