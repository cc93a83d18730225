#include "core/dns/dnssec/denial.hpp"

#include <algorithm>
#include <cctype>

#include "core/dns/dnssec/crypto.hpp"
#include "core/dns/dnssec/records.hpp"
#include "core/dns/rdata/formatters.hpp"
#include "core/dns/rdata/registry.hpp"
#include "core/dns/wire_reader.hpp"
#include "core/dns/rr_types.hpp"

namespace sonde::dns::dnssec {

namespace {


// Labels of a presentation-form name, lower case, rightmost first. Escapes stay as written, which
// orders escaped bytes slightly differently from the wire; names with escapes do not occur in
// the zones sonde validates.
std::vector<std::string> labels_reversed(const std::string& name) {
  std::vector<std::string> out;
  std::string label;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '\\' && i + 1 < name.size()) {
      label += name[i];
      label += name[++i];
    } else if (c == '.') {
      if (!label.empty()) out.push_back(label);
      label.clear();
    } else {
      label += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  if (!label.empty()) out.push_back(label);
  std::reverse(out.begin(), out.end());
  return out;
}

std::string parent_of(const std::string& name) {
  if (name == "." || name.empty()) return ".";
  const auto dot = name.find('.');
  return dot + 1 >= name.size() ? std::string(".") : name.substr(dot + 1);
}

struct Bitmap {
  std::vector<std::uint16_t> types;
  bool has(std::uint16_t t) const { return std::find(types.begin(), types.end(), t) != types.end(); }
};

Bitmap read_bitmap(std::span<const std::uint8_t> b) {
  Bitmap out;
  std::size_t at = 0;
  while (at + 2 <= b.size()) {
    const std::uint8_t window = b[at], length = b[at + 1];
    at += 2;
    if (at + length > b.size()) break;
    for (std::size_t i = 0; i < length; ++i) {
      for (int bit = 0; bit < 8; ++bit) {
        if ((b[at + i] & (0x80 >> bit)) != 0) out.types.push_back(static_cast<std::uint16_t>((window << 8) | (i * 8 + bit)));
      }
    }
    at += length;
  }
  return out;
}

struct Nsec {
  std::string owner, next;
  Bitmap types;
};

struct Nsec3 {
  std::string owner_hash;  ///< first label of the owner, upper case
  std::string zone;        ///< the rest of the owner
  std::uint8_t flags = 0;
  std::uint16_t iterations = 0;
  std::vector<std::uint8_t> salt;
  std::string next_hash;
  Bitmap types;
  bool opt_out() const { return (flags & 1) != 0; }
};

std::vector<Nsec> nsecs(const std::vector<Record>& proof) {
  std::vector<Nsec> out;
  for (const auto& rr : proof) {
    if (rr.type != k_type_nsec) continue;
    WireReader r(rr.rdata);
    auto next = r.name();
    if (!next) continue;
    out.push_back({canonical_name(rr.name), canonical_name(*next),
                   read_bitmap(std::span(rr.rdata).subspan(r.pos()))});
  }
  return out;
}

std::vector<Nsec3> nsec3s(const std::vector<Record>& proof) {
  std::vector<Nsec3> out;
  for (const auto& rr : proof) {
    const auto& b = rr.rdata;
    if (rr.type != k_type_nsec3 || b.size() < 5 || b[0] != 1) continue;  // hash algorithm 1: SHA-1
    Nsec3 n;
    n.flags = b[1];
    n.iterations = static_cast<std::uint16_t>((b[2] << 8) | b[3]);
    std::size_t at = 4;
    const std::size_t salt_len = b[at++];
    if (at + salt_len >= b.size()) continue;
    n.salt.assign(b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + salt_len));
    at += salt_len;
    const std::size_t hash_len = b[at++];
    if (at + hash_len > b.size()) continue;
    n.next_hash = rdata::to_base32hex(std::span(b).subspan(at, hash_len));
    at += hash_len;
    n.types = read_bitmap(std::span(b).subspan(at));
    const std::string owner = canonical_name(rr.name);
    const auto dot = owner.find('.');
    n.owner_hash = owner.substr(0, dot);
    for (auto& c : n.owner_hash) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    n.zone = parent_of(owner);
    out.push_back(std::move(n));
  }
  return out;
}

// NSEC: owner < name < next, the last NSEC of a zone wrapping to the apex.
bool covers(const Nsec& n, const std::string& name) {
  const bool after_owner = compare_names(n.owner, name) < 0;
  const bool before_next = compare_names(name, n.next) < 0;
  if (compare_names(n.owner, n.next) < 0) return after_owner && before_next;
  return after_owner || before_next;  // the last NSEC: next is the apex
}

bool covers_hash(const Nsec3& n, const std::string& hash) {
  if (n.owner_hash < n.next_hash) return n.owner_hash < hash && hash < n.next_hash;
  return hash > n.owner_hash || hash < n.next_hash;
}

std::string types_text(const Bitmap& b) {
  std::string s;
  for (auto t : b.types) s += (s.empty() ? "" : " ") + rdata::type_name(t);
  return s.empty() ? "no types" : s;
}

// NSEC3: hash of `name` under the parameters of the NSEC3 records present.
struct Hasher {
  const std::vector<Nsec3>& set;
  std::string operator()(const std::string& name) const {
    return set.empty() ? std::string() : nsec3_hash(name, set.front().salt, set.front().iterations);
  }
};

// The refusal to hash NSEC3 records with too many iterations, or nullopt.
std::optional<Denial> too_costly(const std::vector<Nsec3>& set) {
  for (const auto& n : set) {
    if (n.iterations > k_nsec3_max_iterations) {
      Denial d{true, false, "NSEC3 with " + std::to_string(n.iterations) + " iterations (above RFC 9276's " +
                                std::to_string(k_nsec3_max_iterations) + "): not checked, treated as insecure"};
      d.insecure = true;
      return d;
    }
  }
  return std::nullopt;
}

const Nsec3* matching(const std::vector<Nsec3>& set, const std::string& hash) {
  for (const auto& n : set) {
    if (n.owner_hash == hash) return &n;
  }
  return nullptr;
}

const Nsec3* covering(const std::vector<Nsec3>& set, const std::string& hash) {
  for (const auto& n : set) {
    if (covers_hash(n, hash)) return &n;
  }
  return nullptr;
}

struct Encloser {
  std::string closest, next_closer;
  const Nsec3* covering_next = nullptr;
};

// RFC 5155 §8.3: the closest encloser has a matching NSEC3, the next closer name a covering one.
std::optional<Encloser> closest_encloser(const std::vector<Nsec3>& set, const std::string& qname, const std::string& zone) {
  Hasher hash{set};
  std::string next_closer = canonical_name(qname);
  std::string candidate = next_closer;
  while (true) {
    if (matching(set, hash(candidate)) != nullptr && candidate != next_closer) {
      if (const auto* cover = covering(set, hash(next_closer))) return Encloser{candidate, next_closer, cover};
      return std::nullopt;
    }
    if (same_name(candidate, zone) || candidate == ".") return std::nullopt;
    next_closer = candidate;
    candidate = parent_of(candidate);
  }
}

}  // namespace

int compare_names(const std::string& a, const std::string& b) {
  const auto la = labels_reversed(a), lb = labels_reversed(b);
  for (std::size_t i = 0; i < std::min(la.size(), lb.size()); ++i) {
    if (la[i] != lb[i]) return la[i] < lb[i] ? -1 : 1;
  }
  return la.size() == lb.size() ? 0 : la.size() < lb.size() ? -1 : 1;
}

std::string nsec3_hash(const std::string& name, std::span<const std::uint8_t> salt, std::uint16_t iterations) {
  auto wire = canonical_owner(name);
  if (!wire) return {};
  std::vector<std::uint8_t> data = *wire;
  std::vector<std::uint8_t> h;
  for (int i = 0; i <= iterations; ++i) {
    data.insert(data.end(), salt.begin(), salt.end());
    auto d = digest(Digest::sha1, data);
    if (!d) return {};
    h = std::move(*d);
    data = h;
  }
  return rdata::to_base32hex(h);
}

Denial prove_nodata(const std::vector<Record>& proof, const std::string& qname, std::uint16_t qtype,
                    const std::string& zone) {
  const std::string type = rdata::type_name(qtype);
  for (const auto& n : nsecs(proof)) {
    if (!same_name(n.owner, qname)) continue;
    if (n.types.has(qtype) || n.types.has(k_cname)) {
      return {false, false, "NSEC at " + n.owner + " lists " + type + ": the NODATA answer contradicts it"};
    }
    return {true, false, "NSEC at " + n.owner + " lists only " + types_text(n.types)};
  }
  // An empty non-terminal (RFC 4035 §3.1.3.2): an NSEC covers the name and the next name lies
  // below it, so the name exists, with no records at all.
  for (const auto& n : nsecs(proof)) {
    if (covers(n, canonical_name(qname)) && is_subdomain(n.next, qname) && !same_name(n.next, qname)) {
      return {true, false, "NSEC " + n.owner + " -> " + n.next + ": " + canonical_name(qname) + " is an empty non-terminal"};
    }
  }
  const auto set = nsec3s(proof);
  if (auto costly = too_costly(set)) return *costly;
  if (const auto* m = matching(set, Hasher{set}(qname))) {
    if (m->types.has(qtype) || m->types.has(k_cname)) {
      return {false, false, "NSEC3 for " + canonical_name(qname) + " lists " + type + ": the NODATA answer contradicts it"};
    }
    return {true, false, "NSEC3 " + m->owner_hash + " (" + canonical_name(qname) + ") lists only " + types_text(m->types)};
  }
  // A wildcard NODATA (RFC 4035 §3.1.3.4) is proved like an NXDOMAIN of the name plus the
  // wildcard's own NSEC; not distinguished here.
  if (qtype == k_ds) {
    if (auto e = closest_encloser(set, qname, zone); e && e->covering_next->opt_out()) {
      return {true, true, "NSEC3 opt-out span covers " + e->next_closer};
    }
  }
  return {false, false, "no NSEC or NSEC3 record proves that " + canonical_name(qname) + " has no " + type};
}

Denial prove_nxdomain(const std::vector<Record>& proof, const std::string& qname, const std::string& zone) {
  const std::string name = canonical_name(qname);
  const auto list = nsecs(proof);
  if (!list.empty()) {
    const Nsec* cover = nullptr;
    for (const auto& n : list) {
      if (covers(n, name)) cover = &n;
    }
    if (cover == nullptr) return {false, false, "no NSEC covers " + name};
    // The closest encloser is the longest ancestor of qname shared with the NSEC's owner or next.
    std::string ce = name;
    while (ce != "." && !(is_subdomain(cover->owner, ce) || is_subdomain(cover->next, ce))) ce = parent_of(ce);
    if (!is_subdomain(ce, zone)) ce = canonical_name(zone);
    const std::string wildcard = "*." + (ce == "." ? std::string() : ce);
    for (const auto& n : list) {
      if (covers(n, wildcard) || (same_name(n.owner, ce) && compare_names(wildcard, n.next) < 0)) {
        return {true, false, "NSEC " + cover->owner + " -> " + cover->next + " covers " + name + "; no wildcard " + wildcard};
      }
    }
    return {false, false, "no NSEC proves that the wildcard " + wildcard + " does not exist"};
  }
  const auto set = nsec3s(proof);
  if (auto costly = too_costly(set)) return *costly;
  if (set.empty()) return {false, false, "no NSEC or NSEC3 record proves that " + name + " does not exist"};
  auto e = closest_encloser(set, name, zone);
  if (!e) return {false, false, "no NSEC3 closest-encloser proof for " + name};
  const std::string wildcard = "*." + e->closest;
  if (covering(set, Hasher{set}(wildcard)) == nullptr) {
    return {false, false, "no NSEC3 proves that the wildcard " + wildcard + " does not exist"};
  }
  return {true, e->covering_next->opt_out(),
          "NSEC3: closest encloser " + e->closest + ", next closer " + e->next_closer + " covered, no wildcard"};
}

Denial prove_no_ds(const std::vector<Record>& proof, const std::string& child, const std::string& zone) {
  const std::string name = canonical_name(child);
  for (const auto& n : nsecs(proof)) {
    if (!same_name(n.owner, name)) continue;
    if (n.types.has(k_ds)) return {false, false, "NSEC at " + name + " lists a DS"};
    if (!n.types.has(k_ns) || n.types.has(k_soa)) return {false, false, "NSEC at " + name + " is not a delegation's"};
    return {true, false, "NSEC at " + name + " in " + canonical_name(zone) + " proves no DS"};
  }
  const auto set = nsec3s(proof);
  if (auto costly = too_costly(set)) return *costly;
  if (const auto* m = matching(set, Hasher{set}(name))) {
    if (m->types.has(k_ds)) return {false, false, "NSEC3 for " + name + " lists a DS"};
    if (!m->types.has(k_ns) || m->types.has(k_soa)) return {false, false, "NSEC3 for " + name + " is not a delegation's"};
    return {true, false, "NSEC3 " + m->owner_hash + " (" + name + ") proves no DS"};
  }
  if (auto e = closest_encloser(set, name, zone); e && e->covering_next->opt_out()) {
    return {true, true, "NSEC3 opt-out span covers " + e->next_closer + ": an unsigned delegation"};
  }
  return {false, false, "no NSEC or NSEC3 record proves that " + name + " has no DS"};
}

Denial prove_wildcard_expansion(const std::vector<Record>& proof, const std::string& qname,
                                const std::string& wildcard, const std::string& zone) {
  const std::string name = canonical_name(qname);
  for (const auto& n : nsecs(proof)) {
    if (covers(n, name)) return {true, false, "NSEC " + n.owner + " -> " + n.next + " proves " + name + " does not exist"};
  }
  const auto set = nsec3s(proof);
  if (auto costly = too_costly(set)) return *costly;
  if (!set.empty()) {
    const std::string ce = parent_of(canonical_name(wildcard));
    // The next closer: the ancestor of qname one label below the closest encloser.
    std::string next = name;
    while (next != "." && !same_name(parent_of(next), ce)) next = parent_of(next);
    if (const auto* c = covering(set, Hasher{set}(next))) {
      return {true, c->opt_out(), "NSEC3 covers the next closer name " + next};
    }
  }
  (void)zone;
  return {false, false, "no NSEC or NSEC3 record proves that " + name + " does not exist (wildcard answer)"};
}

}  // namespace sonde::dns::dnssec
