// Records whose RDATA is one or more names with numbers: NS, CNAME, DNAME, PTR, SOA, MX, SRV.
#include "core/dns/rdata/formatters.hpp"

namespace sonde::dns::rdata {

namespace {

Result<std::string> name_in(WireReader& r, std::size_t end) {
  auto name = r.name();
  if (!name) return name;
  if (r.pos() > end) return std::unexpected(bad_rdata(r, "name runs past the RDATA end"));
  return name;
}

Result<std::string> number16(WireReader& r, std::size_t end) {
  if (r.pos() + 2 > end) return std::unexpected(bad_rdata(r, "RDATA too short"));
  auto v = r.u16();
  if (!v) return std::unexpected(v.error());
  return std::to_string(*v);
}

}  // namespace

Result<std::string> format_single_name(WireReader& r, std::size_t end) {
  auto name = name_in(r, end);
  if (!name) return name;
  if (auto ok = expect_end(r, end); !ok) return std::unexpected(ok.error());
  return name;
}

Result<std::string> format_soa(WireReader& r, std::size_t end) {
  auto mname = name_in(r, end);
  if (!mname) return mname;
  auto rname = name_in(r, end);
  if (!rname) return rname;
  if (end - r.pos() != 20) return std::unexpected(bad_rdata(r, "SOA counters have the wrong length"));
  std::string out = *mname + " " + *rname;
  for (int i = 0; i < 5; ++i) out += " " + std::to_string(*r.u32());
  return out;
}

Result<std::string> format_mx(WireReader& r, std::size_t end) {
  auto preference = number16(r, end);
  if (!preference) return preference;
  auto exchange = format_single_name(r, end);
  if (!exchange) return exchange;
  return *preference + " " + *exchange;
}

Result<std::string> format_srv(WireReader& r, std::size_t end) {
  std::string out;
  for (int i = 0; i < 3; ++i) {  // priority, weight, port (RFC 2782)
    auto n = number16(r, end);
    if (!n) return n;
    out += *n + " ";
  }
  auto target = format_single_name(r, end);
  if (!target) return target;
  return out + *target;
}

}  // namespace sonde::dns::rdata
