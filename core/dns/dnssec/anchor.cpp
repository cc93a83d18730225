#include "core/dns/dnssec/anchor.hpp"

#include "core/dns/record_text.hpp"
#include "core/util/file_read.hpp"

namespace sonde::dns::dnssec {

namespace {

constexpr const char* k_root_ds = ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D";

}  // namespace

Anchors builtin_root_anchor() {
  Anchors a;
  auto records = parse_records_text(k_root_ds, "built-in anchor");
  if (records) a.ds.push_back(*read_ds(records->front()));
  a.origin = "built-in root KSK 20326";
  return a;
}

Result<Anchors> read_anchor_file(const std::string& path) {
  // Regular files only, at most 1 MiB (a root anchor is under 1 KiB): the project's read policy.
  auto text = read_file(path, std::size_t{1} << 20);
  if (!text) return std::unexpected(text.error());
  std::vector<std::size_t> lines;
  auto records = parse_records_text(*text, path, &lines);
  if (!records) return std::unexpected(records.error());
  Anchors a;
  a.origin = path;
  bool first = true;
  for (std::size_t i = 0; i < records->size(); ++i) {
    const Record& rr = (*records)[i];
    const std::string where = path + ":" + std::to_string(lines[i]);
    if (rr.type != k_type_ds && rr.type != k_type_dnskey) {
      return fail(ErrorKind::invalid_input, "a trust anchor holds DS or DNSKEY records only", where);
    }
    if (first) a.zone = canonical_name(rr.name);
    if (!same_name(rr.name, a.zone)) {
      return fail(ErrorKind::invalid_input, "every trust anchor record must be for one zone (" + a.zone + ")", where);
    }
    first = false;
    if (rr.type == k_type_ds) {
      auto ds = read_ds(rr);
      if (!ds) return fail(ErrorKind::invalid_input, "DS record too short", where);
      a.ds.push_back(*ds);
    } else {
      auto key = read_dnskey(rr);
      if (!key) return fail(ErrorKind::invalid_input, "DNSKEY record too short", where);
      a.keys.push_back(*key);
    }
  }
  if (a.ds.empty() && a.keys.empty()) return fail(ErrorKind::invalid_input, "the trust anchor file holds no DS or DNSKEY record", path);
  return a;
}

}  // namespace sonde::dns::dnssec
