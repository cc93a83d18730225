#pragma once
/// The readable tree of `sonde dns`: one line per query, indented per zone cut, coloured by
/// outcome; then the answer, the problems and the totals.
#include <ostream>

#include "cli/render_dns_json.hpp"
#include "cli/style.hpp"

namespace sonde::cli {

void render_dns_text(std::ostream& out, const Style& style, const dns::TraceResult& trace, const DnsViews& views,
                     bool verbose);

}  // namespace sonde::cli
