// DNSSEC records: DS, DNSKEY, RRSIG, NSEC (RFC 4034 §§2-5) and NSEC3 (RFC 5155 §3.3).
#include <ctime>

#include "core/dns/rdata/formatters.hpp"
#include "core/dns/rdata/registry.hpp"

namespace sonde::dns::rdata {

namespace {

Result<void> need(const WireReader& r, std::size_t end, std::size_t n, const char* what) {
  if (r.pos() + n > end) return std::unexpected(bad_rdata(r, std::string(what) + " RDATA too short"));
  return {};
}

// RFC 4034 §3.2: YYYYMMDDHHmmSS in UTC.
std::string timestamp(std::uint32_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

}  // namespace

Result<std::string> format_ds(WireReader& r, std::size_t end) {
  if (auto ok = need(r, end, 4, "DS"); !ok) return std::unexpected(ok.error());
  const auto key_tag = *r.u16();
  const auto algorithm = *r.u8();
  const auto digest_type = *r.u8();
  auto digest = r.bytes(end - r.pos());
  return std::to_string(key_tag) + " " + std::to_string(algorithm) + " " + std::to_string(digest_type) + " " +
         to_hex(*digest);
}

Result<std::string> format_dnskey(WireReader& r, std::size_t end) {
  if (auto ok = need(r, end, 4, "DNSKEY"); !ok) return std::unexpected(ok.error());
  const auto flags = *r.u16();
  const auto protocol = *r.u8();
  const auto algorithm = *r.u8();
  auto key = r.bytes(end - r.pos());
  return std::to_string(flags) + " " + std::to_string(protocol) + " " + std::to_string(algorithm) + " " +
         to_base64(*key);
}

Result<std::string> format_rrsig(WireReader& r, std::size_t end) {
  if (auto ok = need(r, end, 18, "RRSIG"); !ok) return std::unexpected(ok.error());
  const auto covered = *r.u16();
  const auto algorithm = *r.u8();
  const auto labels = *r.u8();
  const auto original_ttl = *r.u32();
  const auto expiration = *r.u32();
  const auto inception = *r.u32();
  const auto key_tag = *r.u16();
  auto signer = r.name();
  if (!signer) return signer;
  if (r.pos() > end) return std::unexpected(bad_rdata(r, "RRSIG signer runs past the RDATA end"));
  auto signature = r.bytes(end - r.pos());
  return type_name(covered) + " " + std::to_string(algorithm) + " " + std::to_string(labels) + " " +
         std::to_string(original_ttl) + " " + timestamp(expiration) + " " + timestamp(inception) + " " +
         std::to_string(key_tag) + " " + *signer + " " + to_base64(*signature);
}

Result<std::string> format_nsec(WireReader& r, std::size_t end) {
  auto next = r.name();
  if (!next) return next;
  if (r.pos() > end) return std::unexpected(bad_rdata(r, "NSEC next name runs past the RDATA end"));
  auto types = type_bitmap(r, end);
  if (!types) return types;
  return types->empty() ? *next : *next + " " + *types;
}

Result<std::string> format_nsec3(WireReader& r, std::size_t end) {
  if (auto ok = need(r, end, 5, "NSEC3"); !ok) return std::unexpected(ok.error());
  const auto algorithm = *r.u8();
  const auto flags = *r.u8();
  const auto iterations = *r.u16();
  const auto salt_length = *r.u8();
  if (auto ok = need(r, end, salt_length + 1u, "NSEC3"); !ok) return std::unexpected(ok.error());
  auto salt = r.bytes(salt_length);
  const auto hash_length = *r.u8();
  if (auto ok = need(r, end, hash_length, "NSEC3"); !ok) return std::unexpected(ok.error());
  auto hash = r.bytes(hash_length);
  auto types = type_bitmap(r, end);
  if (!types) return types;
  std::string out = std::to_string(algorithm) + " " + std::to_string(flags) + " " + std::to_string(iterations) +
                    " " + (salt->empty() ? std::string("-") : to_hex(*salt)) + " " + to_base32hex(*hash);
  return types->empty() ? out : out + " " + *types;
}

}  // namespace sonde::dns::rdata
