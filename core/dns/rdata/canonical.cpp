// RDATA in DNSSEC canonical form (RFC 4034 §6.2 as amended by RFC 6840 §5.1): every embedded
// name expanded from compression, and lower-cased in the types that list names. What signatures
// are computed over, so the validator needs it byte for byte.
#include <array>
#include <string_view>

#include "core/dns/rdata/formatters.hpp"
#include "core/dns/rdata/registry.hpp"

namespace sonde::dns::rdata {

namespace {

// How to walk a type's RDATA: 'n' a name lower-cased, 'N' a name kept as is, '2'/'4'/'6' that many
// fixed bytes, '8' eighteen (RRSIG's fixed part), 'c' a <character-string>; the rest is copied.
struct Shape {
  std::uint16_t type;
  std::string_view walk;
};

constexpr std::array k_shapes{
    Shape{2, "n"},   Shape{3, "n"},   Shape{4, "n"},    Shape{5, "n"},   Shape{6, "nn"},   Shape{7, "n"},
    Shape{8, "n"},   Shape{9, "n"},   Shape{12, "n"},   Shape{14, "nn"}, Shape{15, "2n"},  Shape{17, "nn"},
    Shape{18, "2n"}, Shape{21, "2n"}, Shape{24, "8n"},  Shape{26, "2nn"}, Shape{33, "6n"}, Shape{35, "4cccn"},
    Shape{36, "2n"}, Shape{39, "n"},  Shape{46, "8n"},  Shape{47, "N"},
};

void lower(std::vector<std::uint8_t>& name) {
  // Label length bytes are at most 63, never in 'A'..'Z', so every byte can be folded.
  for (auto& b : name) {
    if (b >= 'A' && b <= 'Z') b = static_cast<std::uint8_t>(b + ('a' - 'A'));
  }
}

}  // namespace

Result<std::vector<std::uint8_t>> canonical(WireReader& r, std::uint16_t type, std::uint16_t length) {
  const std::size_t end = r.pos() + length;
  if (end > r.size()) return std::unexpected(bad_rdata(r, "RDATA length runs past the end of the message"));
  std::string_view walk;
  for (const auto& s : k_shapes) {
    if (s.type == type) walk = s.walk;
  }
  std::vector<std::uint8_t> out;
  out.reserve(length);
  auto copy = [&](std::size_t n) -> Result<void> {
    if (r.pos() + n > end) return std::unexpected(bad_rdata(r, "RDATA too short"));
    auto bytes = r.bytes(n);
    if (!bytes) return std::unexpected(bytes.error());
    out.insert(out.end(), bytes->begin(), bytes->end());
    return {};
  };
  for (char step : walk) {
    Result<void> ok;
    if (step == 'n' || step == 'N') {
      auto name = r.name_wire();
      if (!name) return std::unexpected(name.error());
      if (r.pos() > end) return std::unexpected(bad_rdata(r, "name runs past the RDATA end"));
      if (step == 'n') lower(*name);
      out.insert(out.end(), name->begin(), name->end());
    } else if (step == 'c') {
      if (r.pos() >= end) return std::unexpected(bad_rdata(r, "RDATA too short"));
      ok = copy(std::size_t{r.message()[r.pos()]} + 1);
    } else {
      ok = copy(step == '8' ? 18 : static_cast<std::size_t>(step - '0'));
    }
    if (!ok) return std::unexpected(ok.error());
  }
  if (auto rest = copy(end - r.pos()); !rest) return std::unexpected(rest.error());
  return out;
}

}  // namespace sonde::dns::rdata
