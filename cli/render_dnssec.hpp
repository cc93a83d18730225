#pragma once
/// The DNSSEC part of `sonde dns --dnssec`: the chain of trust with a verdict per zone, the verdict
/// per RRset and overall, as text and as JSON.
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/style.hpp"
#include "core/dns/dnssec/report.hpp"

namespace sonde::cli {

void render_dnssec_text(std::ostream& out, const Style& style, const dns::dnssec::Report& report);

nlohmann::ordered_json dnssec_to_json(const dns::dnssec::Report& report);

}  // namespace sonde::cli
