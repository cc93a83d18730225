#pragma once
/// Trust anchors: the DS or DNSKEY records validation starts from. Built in: the IANA root
/// KSK-2017 (key tag 20326) as a DS; `--trust-anchor FILE` replaces it with records in
/// presentation form (one or more DS or DNSKEY lines, as `dig DNSKEY .` or a .ds file print them).
#include <string>
#include <vector>

#include "core/dns/dnssec/records.hpp"

namespace sonde::dns::dnssec {

struct Anchors {
  std::string zone = ".";
  std::vector<Ds> ds;
  std::vector<Dnskey> keys;
  std::string origin;  ///< "built-in root KSK 20326" or the file
};

/// The IANA root trust anchor (https://data.iana.org/root-anchors/root-anchors.xml).
Anchors builtin_root_anchor();

/// Reads an anchor file: DS and DNSKEY records of one zone. invalid_input Errors name the line.
Result<Anchors> read_anchor_file(const std::string& path);

}  // namespace sonde::dns::dnssec
