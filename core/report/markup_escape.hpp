#pragma once
/// Escaping for the report formats that are markup (HTML pages, JUnit XML): text and attribute
/// values alike. The five special characters become references (&#39; is valid in both); bytes
/// that are not UTF-8 (binary bodies) and control characters but tab and line ends, which XML 1.0
/// forbids even escaped, become U+FFFD, so a report is always well-formed.
#include <string>
#include <string_view>

namespace sonde::report {

std::string markup_escape(std::string_view text);

}  // namespace sonde::report
