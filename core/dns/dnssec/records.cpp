#include "core/dns/dnssec/records.hpp"

#include <ctime>

#include "core/dns/dnssec/crypto.hpp"
#include "core/dns/query_builder.hpp"
#include "core/dns/wire_reader.hpp"

namespace sonde::dns::dnssec {

namespace {

std::uint16_t u16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

std::uint32_t u32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) | (std::uint32_t{b[at + 2]} << 8) |
         std::uint32_t{b[at + 3]};
}

}  // namespace

std::uint16_t key_tag(std::span<const std::uint8_t> rdata) {
  if (rdata.size() >= 4 && rdata[3] == 1) {  // RSA/MD5: the third and second to last octets of the key
    return rdata.size() >= 7 ? u16(rdata, rdata.size() - 3) : 0;
  }
  std::uint32_t ac = 0;
  for (std::size_t i = 0; i < rdata.size(); ++i) ac += (i & 1) != 0 ? rdata[i] : std::uint32_t{rdata[i]} << 8;
  ac += (ac >> 16) & 0xFFFF;
  return static_cast<std::uint16_t>(ac & 0xFFFF);
}

std::optional<Dnskey> read_dnskey(const Record& rr) {
  const auto& b = rr.rdata;
  if (b.size() < 5) return std::nullopt;
  Dnskey k;
  k.owner = canonical_name(rr.name);
  k.flags = u16(b, 0);
  k.protocol = b[2];
  k.algorithm = b[3];
  k.public_key.assign(b.begin() + 4, b.end());
  k.key_tag = key_tag(b);
  k.rdata = b;
  return k;
}

std::optional<Ds> read_ds(const Record& rr) {
  const auto& b = rr.rdata;
  if (b.size() < 5) return std::nullopt;
  Ds d;
  d.owner = canonical_name(rr.name);
  d.key_tag = u16(b, 0);
  d.algorithm = b[2];
  d.digest_type = b[3];
  d.digest.assign(b.begin() + 4, b.end());
  return d;
}

std::optional<Rrsig> read_rrsig(const Record& rr) {
  const auto& b = rr.rdata;
  if (b.size() < 19) return std::nullopt;
  Rrsig s;
  s.type_covered = u16(b, 0);
  s.algorithm = b[2];
  s.labels = b[3];
  s.original_ttl = u32(b, 4);
  s.expiration = u32(b, 8);
  s.inception = u32(b, 12);
  s.key_tag = u16(b, 16);
  WireReader r(b);
  if (!r.bytes(18)) return std::nullopt;
  auto signer = r.name();  // canonical RDATA has no compression pointers left
  if (!signer || r.pos() >= b.size()) return std::nullopt;
  s.signer = canonical_name(*signer);
  s.signed_fields.assign(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(r.pos()));
  s.signature.assign(b.begin() + static_cast<std::ptrdiff_t>(r.pos()), b.end());
  return s;
}

Result<std::vector<std::uint8_t>> canonical_owner(const std::string& name) {
  auto wire = encode_name(canonical_name(name));
  if (!wire) return wire;
  for (auto& c : *wire) {
    if (c >= 'A' && c <= 'Z') c = static_cast<std::uint8_t>(c + ('a' - 'A'));
  }
  return wire;
}

Result<std::optional<std::vector<std::uint8_t>>> ds_digest(const Dnskey& key, std::uint8_t digest_type) {
  if (digest_type != 1 && digest_type != 2 && digest_type != 4) return std::optional<std::vector<std::uint8_t>>{};
  auto data = canonical_owner(key.owner);
  if (!data) return std::unexpected(data.error());
  data->insert(data->end(), key.rdata.begin(), key.rdata.end());
  auto d = digest(static_cast<Digest>(digest_type), *data);
  if (!d) return std::unexpected(d.error());
  return std::optional<std::vector<std::uint8_t>>(std::move(*d));
}

Result<bool> ds_matches(const Ds& ds, const Dnskey& key) {
  if (ds.key_tag != key.key_tag || ds.algorithm != key.algorithm || !same_name(ds.owner, key.owner)) return false;
  auto d = ds_digest(key, ds.digest_type);
  if (!d) return std::unexpected(d.error());
  return d->has_value() && **d == ds.digest;
}

std::string digest_name(std::uint8_t digest_type) {
  switch (digest_type) {
    case 1: return "SHA-1";
    case 2: return "SHA-256";
    case 4: return "SHA-384";
    default: return "digest type " + std::to_string(digest_type);
  }
}

std::string rrsig_time(std::uint32_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace sonde::dns::dnssec
